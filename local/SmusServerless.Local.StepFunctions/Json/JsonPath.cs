using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>A JSONPath syntax error, with the offending expression and position.</summary>
public sealed class JsonPathSyntaxException(string path, int position, string message)
    : Exception($"Invalid JSONPath '{path}' at position {position}: {message}")
{
    public string Path { get; } = path;
    public int Position { get; } = position;
}

/// <summary>A path that selects nothing in the given document (a definite path to a missing field or index).</summary>
public sealed class JsonPathNoMatchException(string path)
    : Exception($"The JSONPath '{path}' could not be found in the input")
{
    public string Path { get; } = path;
}

/// <summary>
/// The JSONPath subset that Step Functions accepts: <c>$</c>/<c>$$</c> roots, dot and bracket member access,
/// indexes (negative counts from the end), <c>[*]</c>/<c>.*</c>, slices <c>[a:b:c]</c>, unions <c>[0,2]</c>,
/// deep scan <c>..name</c> and filter expressions <c>[?(@.x &gt; 1 &amp;&amp; @.y)]</c>.
/// A path is "definite" (a reference path) when it can match at most one node: then its value is the node
/// itself; otherwise the value is the array of matches.
/// </summary>
public sealed class JsonPath
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

    internal abstract record Segment
    {
        public abstract void Apply(JsonNode? node, List<JsonNode?> output);
    }

    internal sealed record NameSegment(string Name) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value))
            {
                output.Add(value);
            }
        }
    }

    internal sealed record IndexSegment(int Index) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            if (node is JsonArray array)
            {
                var i = Index < 0 ? array.Count + Index : Index;
                if (i >= 0 && i < array.Count)
                {
                    output.Add(array[i]);
                }
            }
        }
    }

    internal sealed record UnionSegment(IReadOnlyList<Segment> Members) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            foreach (var m in Members)
            {
                m.Apply(node, output);
            }
        }
    }

    internal sealed record WildcardSegment : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            switch (node)
            {
                case JsonArray array:
                    output.AddRange(array);
                    break;
                case JsonObject obj:
                    foreach (var kv in obj)
                    {
                        output.Add(kv.Value);
                    }
                    break;
            }
        }
    }

    internal sealed record SliceSegment(int? Start, int? End, int Step) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            if (node is not JsonArray array)
            {
                return;
            }
            var n = array.Count;
            int Norm(int v) => v < 0 ? Math.Max(0, n + v) : Math.Min(n, v);
            if (Step > 0)
            {
                var start = Start is { } s ? Norm(s) : 0;
                var end = End is { } e ? Norm(e) : n;
                for (var i = start; i < end; i += Step)
                {
                    output.Add(array[i]);
                }
            }
            else
            {
                var start = Start is { } s ? Math.Min(n - 1, s < 0 ? n + s : s) : n - 1;
                var end = End is { } e ? (e < 0 ? n + e : e) : -1;
                for (var i = start; i > end && i >= 0; i += Step)
                {
                    output.Add(array[i]);
                }
            }
        }
    }

    internal sealed record DeepScanSegment(Segment Inner) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            Inner.Apply(node, output);
            switch (node)
            {
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Apply(child, output);
                    }
                    break;
                case JsonObject obj:
                    foreach (var kv in obj)
                    {
                        Apply(kv.Value, output);
                    }
                    break;
            }
        }
    }

    internal sealed record FilterSegment(FilterExpression Filter) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            IEnumerable<JsonNode?> candidates = node switch
            {
                JsonArray array => array,
                JsonObject obj => obj.Select(kv => kv.Value),
                _ => [],
            };
            foreach (var c in candidates)
            {
                if (Filter.IsTrue(c))
                {
                    output.Add(c);
                }
            }
        }
    }

    internal abstract record FilterExpression
    {
        public abstract bool IsTrue(JsonNode? current);
    }

    internal sealed record FilterAnd(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current) => Left.IsTrue(current) && Right.IsTrue(current);
    }

    internal sealed record FilterOr(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current) => Left.IsTrue(current) || Right.IsTrue(current);
    }

    internal sealed record FilterNot(FilterExpression Inner) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current) => !Inner.IsTrue(current);
    }

    /// <summary>An operand: a relative path (<c>@...</c>) or a literal.</summary>
    internal sealed record FilterOperand(JsonPath? RelativePath, JsonNode? Literal)
    {
        public bool TryGet(JsonNode? current, out JsonNode? value)
        {
            if (RelativePath is null)
            {
                value = Literal;
                return true;
            }
            var matches = RelativePath.Evaluate(current);
            value = matches.Count > 0 ? matches[0] : null;
            return matches.Count > 0;
        }
    }

    internal sealed record FilterExists(FilterOperand Operand) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current)
            => Operand.TryGet(current, out var v) && (Operand.RelativePath is not null || JsonValues.IsTruthy(v));
    }

    internal sealed record FilterComparison(FilterOperand Left, string Operator, FilterOperand Right) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current)
        {
            if (!Left.TryGet(current, out var l) || !Right.TryGet(current, out var r))
            {
                return false;
            }
            if (Operator is "==" or "!=")
            {
                var eq = JsonValues.DeepEquals(l, r);
                return Operator == "==" ? eq : !eq;
            }
            if (JsonValues.TryGetNumber(l, out var ln) && JsonValues.TryGetNumber(r, out var rn))
            {
                return Compare(ln.CompareTo(rn));
            }
            if (JsonValues.TryGetString(l, out var ls) && JsonValues.TryGetString(r, out var rs))
            {
                return Compare(string.CompareOrdinal(ls, rs));
            }
            return false;
        }

        private bool Compare(int c) => Operator switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            _ => false,
        };
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public JsonPath ParsePath()
        {
            if (string.IsNullOrEmpty(text) || text[0] != '$')
            {
                throw Error("a path must start with '$'");
            }
            _pos = 1;
            if (text.Length > 1 && (char.IsAsciiLetter(text[1]) || text[1] == '_'))
            {
                throw Error($"'{text}' refers to a variable; {VariablesNotSupported}");
            }
            var isContext = false;
            if (_pos < text.Length && text[_pos] == '$')
            {
                isContext = true;
                _pos++;
            }
            var segments = ParseSegments(stopAtFilterEnd: false);
            if (_pos != text.Length)
            {
                throw Error($"unexpected character '{text[_pos]}'");
            }
            return new JsonPath(text, isContext, segments);
        }

        private List<Segment> ParseSegments(bool stopAtFilterEnd)
        {
            var segments = new List<Segment>();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '.')
                {
                    _pos++;
                    if (_pos < text.Length && text[_pos] == '.')
                    {
                        _pos++;
                        var inner = _pos < text.Length && text[_pos] == '['
                            ? ParseBracket()
                            : ParseDotMember();
                        segments.Add(new DeepScanSegment(inner));
                        continue;
                    }
                    if (_pos < text.Length && text[_pos] == '[')
                    {
                        // '$.abc.['def ghi']' is accepted by Step Functions (see the intrinsic functions guide).
                        segments.Add(ParseBracket());
                        continue;
                    }
                    segments.Add(ParseDotMember());
                }
                else if (c == '[')
                {
                    segments.Add(ParseBracket());
                }
                else if (stopAtFilterEnd)
                {
                    break;
                }
                else
                {
                    throw Error($"unexpected character '{c}'");
                }
            }
            return segments;
        }

        private Segment ParseDotMember()
        {
            if (_pos >= text.Length)
            {
                throw Error("a member name is missing after '.'");
            }
            if (text[_pos] == '*')
            {
                _pos++;
                return new WildcardSegment();
            }
            var start = _pos;
            while (_pos < text.Length && IsNameChar(text[_pos]))
            {
                _pos++;
            }
            if (_pos == start)
            {
                throw Error($"a member name is missing after '.' (found '{text[_pos]}')");
            }
            return new NameSegment(text[start.._pos]);
        }

        private static bool IsNameChar(char c)
            => c is not ('.' or '[' or ']' or ' ' or '\t' or '\n' or '\r' or '(' or ')' or ',' or '=' or '!' or '<' or '>' or '&' or '|' or '\'' or '"');

        private Segment ParseBracket()
        {
            _pos++; // '['
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw Error("unterminated '['");
            }
            Segment result;
            var c = text[_pos];
            if (c == '*')
            {
                _pos++;
                result = new WildcardSegment();
            }
            else if (c == '?')
            {
                _pos++;
                SkipSpaces();
                Expect('(');
                var filter = ParseOr();
                SkipSpaces();
                Expect(')');
                result = new FilterSegment(filter);
            }
            else if (c == '(')
            {
                result = ParseLengthIndex();
            }
            else if (c is '\'' or '"')
            {
                var names = new List<Segment> { new NameSegment(ParseQuoted()) };
                SkipSpaces();
                while (_pos < text.Length && text[_pos] == ',')
                {
                    _pos++;
                    SkipSpaces();
                    names.Add(new NameSegment(ParseQuoted()));
                    SkipSpaces();
                }
                result = names.Count == 1 ? names[0] : new UnionSegment(names);
            }
            else
            {
                result = ParseIndexOrSlice();
            }
            SkipSpaces();
            Expect(']');
            return result;
        }

        /// <summary>The script index <c>[(@.length-N)]</c> (N-th element from the end), accepted by Step Functions' JSONPath.</summary>
        private Segment ParseLengthIndex()
        {
            const string prefix = "(@.length-";
            if (!Peek(prefix))
            {
                throw Error("the only script expression supported in '[]' is (@.length-N)");
            }
            _pos += prefix.Length;
            var n = TryParseInt();
            if (n is null or <= 0)
            {
                throw Error("expected a positive number in (@.length-N)");
            }
            Expect(')');
            return new IndexSegment(-n.Value);
        }

        private Segment ParseIndexOrSlice()
        {
            int? first = TryParseInt();
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == ':')
            {
                _pos++;
                SkipSpaces();
                var end = TryParseInt();
                SkipSpaces();
                var step = 1;
                if (_pos < text.Length && text[_pos] == ':')
                {
                    _pos++;
                    SkipSpaces();
                    step = TryParseInt() ?? 1;
                    if (step == 0)
                    {
                        throw Error("a slice step cannot be 0");
                    }
                }
                return new SliceSegment(first, end, step);
            }
            if (first is null)
            {
                throw Error("expected an index, a slice, '*', a quoted name or a filter inside '[]'");
            }
            var indexes = new List<Segment> { new IndexSegment(first.Value) };
            while (_pos < text.Length && text[_pos] == ',')
            {
                _pos++;
                SkipSpaces();
                indexes.Add(new IndexSegment(TryParseInt() ?? throw Error("expected an index after ','")));
                SkipSpaces();
            }
            return indexes.Count == 1 ? indexes[0] : new UnionSegment(indexes);
        }

        private int? TryParseInt()
        {
            var start = _pos;
            if (_pos < text.Length && text[_pos] == '-')
            {
                _pos++;
            }
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }
            if (_pos == start || (_pos == start + 1 && text[start] == '-'))
            {
                _pos = start;
                return null;
            }
            return int.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
        }

        private string ParseQuoted()
        {
            var quote = text[_pos];
            if (quote is not ('\'' or '"'))
            {
                throw Error("expected a quoted name");
            }
            _pos++;
            var sb = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }
                sb.Append(text[_pos]);
                _pos++;
            }
            if (_pos >= text.Length)
            {
                throw Error("unterminated quoted name");
            }
            _pos++;
            return sb.ToString();
        }

        private FilterExpression ParseOr()
        {
            var left = ParseAnd();
            SkipSpaces();
            while (Peek("||"))
            {
                _pos += 2;
                left = new FilterOr(left, ParseAnd());
                SkipSpaces();
            }
            return left;
        }

        private FilterExpression ParseAnd()
        {
            var left = ParseUnary();
            SkipSpaces();
            while (Peek("&&"))
            {
                _pos += 2;
                left = new FilterAnd(left, ParseUnary());
                SkipSpaces();
            }
            return left;
        }

        private FilterExpression ParseUnary()
        {
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == '!' && !Peek("!="))
            {
                _pos++;
                return new FilterNot(ParseUnary());
            }
            if (_pos < text.Length && text[_pos] == '(')
            {
                _pos++;
                var inner = ParseOr();
                SkipSpaces();
                Expect(')');
                return inner;
            }
            var left = ParseOperand();
            SkipSpaces();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (Peek(op))
                {
                    _pos += op.Length;
                    SkipSpaces();
                    return new FilterComparison(left, op, ParseOperand());
                }
            }
            return new FilterExists(left);
        }

        private FilterOperand ParseOperand()
        {
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw Error("a filter operand is missing");
            }
            var c = text[_pos];
            if (c == '@')
            {
                var start = _pos;
                _pos++;
                var segments = ParseSegments(stopAtFilterEnd: true);
                return new FilterOperand(new JsonPath(text[start.._pos], false, segments), null);
            }
            if (c is '\'' or '"')
            {
                return new FilterOperand(null, JsonValue.Create(ParseQuoted()));
            }
            var begin = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '-' or '+' or '.' or '_'))
            {
                _pos++;
            }
            var token = text[begin.._pos];
            return token switch
            {
                "true" => new FilterOperand(null, JsonValue.Create(true)),
                "false" => new FilterOperand(null, JsonValue.Create(false)),
                "null" => new FilterOperand(null, null),
                _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    => new FilterOperand(null, JsonNode.Parse(token)),
                "" => throw Error("a filter operand is missing"),
                // Step Functions' JSONPath accepts an unquoted word as a string literal ([?(@.Key == Name)]).
                _ => new FilterOperand(null, JsonValue.Create(token)),
            };
        }

        private bool Peek(string s) => string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0;

        private void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private void Expect(char c)
        {
            if (_pos >= text.Length || text[_pos] != c)
            {
                throw Error($"expected '{c}'");
            }
            _pos++;
        }

        private JsonPathSyntaxException Error(string message) => new(text, _pos, message);
    }
}

/// <summary>Small value helpers over <see cref="JsonNode"/> (JSON null is a C# null).</summary>
public static class JsonValues
{
    public static bool TryGetNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<decimal>(out value))
            {
                return true;
            }
            if (v.TryGetValue<double>(out var d))
            {
                value = (decimal)d;
                return true;
            }
            var raw = v.ToJsonString();
            return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        return false;
    }

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryGetString(JsonNode? node, out string value)
    {
        value = "";
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        return false;
    }

    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        value = false;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            value = v.GetValueKind() == JsonValueKind.True;
            return true;
        }
        return false;
    }

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsTruthy(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => false,
        _ => true,
    };

    /// <summary>Structural equality; numbers compare by value (1 == 1.0).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (TryGetNumber(a, out var x) && TryGetNumber(b, out var y))
        {
            return x == y;
        }
        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>Compact JSON text, the way Step Functions prints data in history events and outputs.</summary>
    public static string ToJson(JsonNode? node) => node is null ? "null" : node.ToJsonString(CompactOptions);

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    public static int Utf8Size(JsonNode? node) => Encoding.UTF8.GetByteCount(ToJson(node));

    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
