namespace SmusServerless.Core.Manifest.Yaml;

/// <summary>A 1-based line and column in the manifest text.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Start { get; } = new(1, 1);
}

/// <summary>What a scalar means under the YAML 1.2 core schema (plain scalars only; quoted ones are strings).</summary>
internal enum ScalarKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}

/// <summary>A node of the parsed manifest. Aliased nodes are shared instances, never copies.</summary>
internal abstract class YamlNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>Height of the subtree (a scalar is 1), used to bound nesting through aliases.</summary>
    public int Height { get; set; } = 1;

    /// <summary>Nodes in the subtree with aliases expanded, used to bound alias expansion.</summary>
    public long ExpandedSize { get; set; } = 1;

    public abstract string KindName { get; }
}

internal sealed class YamlScalarNode(SourcePosition position, string value, ScalarKind kind) : YamlNode(position)
{
    public string Value { get; } = value;
    public ScalarKind Kind { get; } = kind;

    /// <summary>The column of <see cref="Value"/>'s first character when the value is written one to one on one line; else null.</summary>
    public int? ValueColumn { get; init; }

    public override string KindName => Kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "a boolean",
        ScalarKind.Integer => "an integer",
        _ => "a number",
    };
}

internal sealed class YamlSequenceNode(SourcePosition position) : YamlNode(position)
{
    public List<YamlNode> Items { get; } = [];
    public override string KindName => "a list";
}

internal sealed class YamlMappingNode(SourcePosition position) : YamlNode(position)
{
    /// <summary>Entries in document order; keys are unique (duplicates are reported and dropped).</summary>
    public List<KeyValuePair<YamlScalarNode, YamlNode>> Entries { get; } = [];

    public override string KindName => "a mapping";

    public YamlNode? Find(string key)
    {
        foreach (var entry in Entries)
            if (entry.Key.Value == key) return entry.Value;
        return null;
    }

    public YamlScalarNode? FindKey(string key)
    {
        foreach (var entry in Entries)
            if (entry.Key.Value == key) return entry.Key;
        return null;
    }
}
