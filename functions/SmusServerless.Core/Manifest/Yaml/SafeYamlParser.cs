using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SmusServerless.Core.Manifest.Yaml;

/// <summary>The parsed tree, or null when the YAML could not be read at all, with what went wrong.</summary>
internal sealed record YamlParseResult(YamlNode? Root, IReadOnlyList<ManifestDiagnostic> Diagnostics);

/// <summary>
/// Builds a position-carrying node tree from YamlDotNet's event stream, refusing what a safe loader must:
/// exponential alias expansion, deep nesting, duplicate keys, several documents and non-standard tags.
/// Aliases are never copied: an alias shares its anchor's node, and its expanded size is counted instead,
/// so a "billion laughs" document is refused after reading a few hundred bytes.
/// Supports YAML merge keys (<c>&lt;&lt;: *defaults</c>), which PyYAML's safe loader accepts and users write.
/// </summary>
internal sealed partial class SafeYamlParser
{
    private const string MergeKey = "<<";

    private readonly string _file;
    private readonly ManifestLoadOptions _options;
    private readonly List<ManifestDiagnostic> _diagnostics = [];
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _stack = new();
    private YamlNode? _root;
    private long _expandedNodes;
    private int _aliases;

    private SafeYamlParser(string file, ManifestLoadOptions options)
    {
        _file = file;
        _options = options;
    }

    public static YamlParseResult Parse(string text, string file, ManifestLoadOptions options)
    {
        var parser = new SafeYamlParser(file, options);
        var root = parser.Run(text);
        return new YamlParseResult(root, parser._diagnostics);
    }

    private YamlNode? Run(string text)
    {
        var documents = 0;
        Mark last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                switch (current)
                {
                    case DocumentStart start:
                        if (++documents > 1)
                            return FatalNode(start.Start, ManifestDiagnostic.RootPath, DiagnosticCodes.MultipleDocuments,
                                "a manifest holds exactly one YAML document; a second one starts here");
                        break;
                    case Scalar scalar:
                        if (!AddScalar(scalar)) return null;
                        break;
                    case SequenceStart sequence:
                        if (!Open(sequence, new YamlSequenceNode(ToPosition(sequence.Start)))) return null;
                        break;
                    case MappingStart mapping:
                        if (!Open(mapping, new YamlMappingNode(ToPosition(mapping.Start)))) return null;
                        break;
                    case SequenceEnd:
                    case MappingEnd:
                        if (!Close()) return null;
                        break;
                    case AnchorAlias alias:
                        if (!AddAlias(alias)) return null;
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            return FatalNode(ex.Start, CurrentPath(), DiagnosticCodes.YamlSyntax, CleanMessage(ex.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser gives up this way on some unclosed flow collections ("key: {" before block lines).
            return FatalNode(last, CurrentPath(), DiagnosticCodes.YamlSyntax,
                "the YAML cannot be read past this point (is a '{' or '[' before it left open?)");
        }

        if (_root is null || _root is YamlScalarNode { Kind: ScalarKind.Null })
        {
            Report(SourcePosition.Start, ManifestDiagnostic.RootPath, DiagnosticCodes.EmptyDocument, "the manifest is empty");
            return null;
        }
        return _root;
    }

    private bool AddScalar(Scalar scalar)
    {
        var path = ChildPath();
        var position = ToPosition(scalar.Start);
        var forcedString = CheckTag(scalar.Tag, position, path, "str");
        var kind = forcedString || scalar.Style != ScalarStyle.Plain ? ScalarKind.String : ScalarResolver.Resolve(scalar.Value);
        var node = new YamlScalarNode(position, scalar.Value, kind) { ValueColumn = ValueColumn(scalar, position) };
        if (!CountNodes(1, position, path, viaAlias: false)) return false;
        RegisterAnchor(scalar.Anchor, node);
        var isMergeKey = scalar.Style == ScalarStyle.Plain && scalar.Value == MergeKey;
        return Attach(node, isMergeKey);
    }

    private bool Open(NodeEvent start, YamlNode node)
    {
        var path = ChildPath();
        if (_stack.Count + 1 > _options.MaxDepth)
            return Stop(start.Start, path, DiagnosticCodes.TooDeep, $"nesting is deeper than {_options.MaxDepth} levels");
        CheckTag(start.Tag, node.Position, path, node is YamlMappingNode ? "map" : "seq");
        if (!CountNodes(1, node.Position, path, viaAlias: false)) return false;
        _stack.Push(new Frame(node, path, start.Anchor.IsEmpty ? null : start.Anchor.Value));
        return true;
    }

    private bool Close()
    {
        var frame = _stack.Pop();
        if (frame.Node is YamlMappingNode mapping && frame.Merges is { } merges)
            ApplyMerges(mapping, frame.Path, merges);
        if (frame.Anchor is { } anchor) _anchors[anchor] = frame.Node;
        return Attach(frame.Node, isMergeKey: false);
    }

    private bool AddAlias(AnchorAlias alias)
    {
        var path = ChildPath();
        var position = ToPosition(alias.Start);
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            return Stop(alias.Start, path, DiagnosticCodes.UnknownAlias,
                $"alias '*{alias.Value.Value}' refers to no anchor defined before it (or to a node containing it)");
        if (++_aliases > _options.MaxAliases)
            return Stop(alias.Start, path, DiagnosticCodes.TooManyAliases, $"more than {_options.MaxAliases} aliases");
        if (_stack.Count + target.Height > _options.MaxDepth)
            return Stop(alias.Start, path, DiagnosticCodes.TooDeep,
                $"alias '*{alias.Value.Value}' makes nesting deeper than {_options.MaxDepth} levels");
        if (!CountNodes(target.ExpandedSize, position, path, viaAlias: true)) return false;
        return Attach(target, isMergeKey: false);
    }

    /// <summary>Puts a finished node into its parent (or makes it the root).</summary>
    private bool Attach(YamlNode node, bool isMergeKey)
    {
        if (_stack.Count == 0)
        {
            _root = node;
            return true;
        }

        var frame = _stack.Peek();
        frame.Node.Height = Math.Max(frame.Node.Height, node.Height + 1);
        frame.Node.ExpandedSize += node.ExpandedSize;
        switch (frame.Node)
        {
            case YamlSequenceNode sequence:
                sequence.Items.Add(node);
                frame.Index++;
                break;
            case YamlMappingNode mapping when !frame.HasKey:
                frame.HasKey = true;
                frame.IsMerge = isMergeKey;
                if (node is YamlScalarNode key)
                {
                    frame.Key = key;
                }
                else
                {
                    frame.Key = null;
                    Report(node.Position, frame.Path, DiagnosticCodes.NonScalarKey, "mapping keys must be plain values, not " + node.KindName);
                }
                break;
            case YamlMappingNode mapping:
                frame.HasKey = false;
                if (frame.Key is not { } entryKey) break;
                if (frame.IsMerge)
                {
                    (frame.Merges ??= []).Add((entryKey, node));
                }
                else if (mapping.FindKey(entryKey.Value) is { } first)
                {
                    Report(entryKey.Position, Join(frame.Path, entryKey.Value), DiagnosticCodes.DuplicateKey,
                        $"duplicate key '{entryKey.Value}' (first defined at line {first.Position.Line}, column {first.Position.Column})");
                }
                else
                {
                    mapping.Entries.Add(new(entryKey, node));
                }
                frame.Key = null;
                break;
        }
        return true;
    }

    private void ApplyMerges(YamlMappingNode mapping, string path, List<(YamlScalarNode Key, YamlNode Value)> merges)
    {
        // Explicit keys win over merged ones; among merged mappings the first listed wins (YAML merge spec).
        foreach (var (key, value) in merges)
        {
            IEnumerable<YamlNode> sources = value is YamlSequenceNode list ? list.Items : [value];
            foreach (var source in sources)
            {
                if (source is not YamlMappingNode from)
                {
                    Report(key.Position, Join(path, MergeKey), DiagnosticCodes.InvalidMerge,
                        $"a merge key takes a mapping or a list of mappings, not {source.KindName}");
                    continue;
                }
                foreach (var entry in from.Entries)
                    if (mapping.FindKey(entry.Key.Value) is null) mapping.Entries.Add(entry);
            }
        }
    }

    private bool CountNodes(long count, SourcePosition position, string path, bool viaAlias)
    {
        _expandedNodes += count;
        if (_expandedNodes <= _options.MaxExpandedNodes) return true;
        Report(position, path, viaAlias ? DiagnosticCodes.AliasExpansion : DiagnosticCodes.DocumentTooLarge,
            viaAlias
                ? $"aliases expand the document beyond {_options.MaxExpandedNodes} nodes (exponential alias expansion is refused)"
                : $"the document has more than {_options.MaxExpandedNodes} nodes");
        return false;
    }

    private void RegisterAnchor(AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
    }

    /// <summary>Reports tags outside the YAML core schema; returns true when the node is forced to a string.</summary>
    private bool CheckTag(TagName tag, SourcePosition position, string path, string expected)
    {
        if (tag.IsEmpty || tag.IsNonSpecific) return false;
        const string core = "tag:yaml.org,2002:";
        var value = tag.Value;
        if (value == core + expected) return expected == "str";
        if (value.StartsWith(core, StringComparison.Ordinal) && expected == "str"
            && value[core.Length..] is "int" or "bool" or "float" or "null")
            return false;
        Report(position, path, DiagnosticCodes.TagNotAllowed, $"the tag '{value}' is not allowed in a manifest");
        return false;
    }

    private string ChildPath()
    {
        if (_stack.Count == 0) return ManifestDiagnostic.RootPath;
        var frame = _stack.Peek();
        return frame.Node switch
        {
            YamlSequenceNode => $"{frame.Path}[{frame.Index}]",
            _ when frame.HasKey && frame.Key is { } key => Join(frame.Path, key.Value),
            _ => frame.Path,
        };
    }

    private string CurrentPath() => _stack.Count == 0 ? ManifestDiagnostic.RootPath : ChildPath();

    internal static string Join(string parent, string key) =>
        parent == ManifestDiagnostic.RootPath ? key : $"{parent}.{key}";

    private YamlNode? FatalNode(Mark at, string path, string code, string message)
    {
        Report(ToPosition(at), path, code, message);
        return null;
    }

    private bool Stop(Mark at, string path, string code, string message)
    {
        Report(ToPosition(at), path, code, message);
        return false;
    }

    private void Report(SourcePosition at, string path, string code, string message) =>
        _diagnostics.Add(new ManifestDiagnostic(_file, at.Line, at.Column, path, code, message));

    /// <summary>
    /// The column of the value's first character when the value is its source text one to one on one line (plain, or
    /// quoted without escapes), so a finding inside the value can point at its own column; else null.
    /// </summary>
    private static int? ValueColumn(Scalar scalar, SourcePosition position)
    {
        if (scalar.Start.Line != scalar.End.Line) return null;
        var quotes = scalar.Style switch
        {
            ScalarStyle.Plain => 0,
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted => 2,
            _ => -1,
        };
        return quotes >= 0 && scalar.End.Index - scalar.Start.Index == scalar.Value.Length + quotes ? position.Column + quotes / 2 : null;
    }

    private static SourcePosition ToPosition(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    /// <summary>YamlDotNet prefixes messages with its own position; ours is in the diagnostic already.</summary>
    private static string CleanMessage(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    private sealed class Frame(YamlNode node, string path, string? anchor)
    {
        public YamlNode Node { get; } = node;
        public string Path { get; } = path;
        public string? Anchor { get; } = anchor;
        public int Index { get; set; }
        public bool HasKey { get; set; }
        public bool IsMerge { get; set; }
        public YamlScalarNode? Key { get; set; }
        public List<(YamlScalarNode Key, YamlNode Value)>? Merges { get; set; }
    }
}
