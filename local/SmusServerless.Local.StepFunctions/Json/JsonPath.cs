using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>
/// The JSONPath subset that Step Functions accepts: <c>$</c>/<c>$$</c> roots, dot and bracket member access,
/// indexes (negative counts from the end), <c>[*]</c>/<c>.*</c>, slices <c>[a:b:c]</c>, unions <c>[0,2]</c>,
/// deep scan <c>..name</c> and filter expressions <c>[?(@.x &gt; 1 &amp;&amp; @.y)]</c>.
/// A path is "definite" (a reference path) when it can match at most one node: then its value is the node
/// itself; otherwise the value is the array of matches.
/// </summary>
public sealed partial class JsonPath
{
    /// <summary>Marks the syntax error for a workflow variable reference (<c>$name</c>), a feature this engine does not run.</summary>
    public const string VariablesNotSupported = "workflow variables are not supported";

    private readonly IReadOnlyList<Segment> _segments;

    private JsonPath(string text, bool isContextPath, IReadOnlyList<Segment> segments)
    {
        Text = text;
        IsContextPath = isContextPath;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>True when the path starts with <c>$$</c> (the context object).</summary>
    public bool IsContextPath { get; }

    /// <summary>True when the path can match at most one node (names and single indexes only).</summary>
    public bool IsDefinite => _segments.All(s => s is NameSegment or IndexSegment);

    internal IReadOnlyList<Segment> Segments => _segments;

    public static bool TryParse(string text, out JsonPath? path, out string? error)
    {
        try
        {
            path = Parse(text);
            error = null;
            return true;
        }
        catch (JsonPathSyntaxException ex)
        {
            path = null;
            error = ex.Message;
            return false;
        }
    }

    public static JsonPath Parse(string text)
    {
        var parser = new Parser(text);
        return parser.ParsePath();
    }

    /// <summary>Selects from <paramref name="input"/> (or from <paramref name="context"/> for <c>$$</c> paths).</summary>
    /// <exception cref="JsonPathNoMatchException">A definite path points at nothing.</exception>
    public JsonNode? Select(JsonNode? input, JsonNode? context = null)
    {
        var root = IsContextPath ? context : input;
        var matches = Evaluate(root);
        if (IsDefinite)
        {
            if (matches.Count == 0)
            {
                throw new JsonPathNoMatchException(Text);
            }
            return matches[0]?.DeepClone();
        }
        var array = new JsonArray();
        foreach (var m in matches)
        {
            array.Add(m?.DeepClone());
        }
        return array;
    }

    /// <summary>True when the path selects at least one node.</summary>
    public bool Exists(JsonNode? input, JsonNode? context = null)
        => Evaluate(IsContextPath ? context : input).Count > 0;

    internal List<JsonNode?> Evaluate(JsonNode? root)
    {
        var current = new List<JsonNode?> { root };
        foreach (var segment in _segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                segment.Apply(node, next);
            }
            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }
        return current;
    }

    public override string ToString() => Text;
}
