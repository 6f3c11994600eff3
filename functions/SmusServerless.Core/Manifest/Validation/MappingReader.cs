using SmusServerless.Core.Manifest.Yaml;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// Reads one YAML mapping against the keys it may have. Every accessor reports what is wrong (missing,
/// wrong type, bad value) with the exact path and position, and returns null so reading can go on and
/// collect every error in one pass.
/// </summary>
internal sealed class MappingReader
{
    private readonly BindingContext _context;

    private MappingReader(BindingContext context, YamlMappingNode node, string path)
    {
        _context = context;
        Node = node;
        Path = path;
    }

    public YamlMappingNode Node { get; }
    public string Path { get; }

    /// <summary>Opens <paramref name="node"/> as a mapping with <paramref name="knownKeys"/>; reports unknown keys.</summary>
    /// <param name="unknownKeysWarn">True where smus-cli's schema lets other keys through: they are warned about, not refused.</param>
    public static MappingReader? Open(BindingContext context, YamlNode node, string path, IReadOnlyList<string> knownKeys,
        bool unknownKeysWarn = false)
    {
        context.Record(path, node);
        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, path, DiagnosticCodes.WrongType, $"expected a mapping, got {Describe(node)}");
            return null;
        }

        foreach (var (key, _) in mapping.Entries)
        {
            if (knownKeys.Contains(key.Value, StringComparer.Ordinal)) continue;
            context.Report(key.Position, Child(path, key.Value), DiagnosticCodes.UnknownKey, UnknownKeyMessage(context.Format, key.Value, knownKeys),
                unknownKeysWarn ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error);
        }
        return new MappingReader(context, mapping, path);
    }

    /// <summary>
    /// Names the format the file is read in and the nearest known key: "did you mean" when it is close, else the
    /// nearest and the allowed keys; a key of the other format gets this format's name for it.
    /// </summary>
    internal static string UnknownKeyMessage(ManifestFormat format, string key, IReadOnlyList<string> knownKeys)
    {
        var where = $"unknown key '{key}' in this {ManifestFormats.Describe(format)}";
        if (ManifestFormats.Instead(format, key, knownKeys) is { } instead)
            return $"{where}: {instead}";
        if (KeySuggestion.Nearest(key, knownKeys) is { } suggestion)
            return $"{where}; did you mean '{suggestion}'?";
        var closest = KeySuggestion.Closest(key, knownKeys);
        return closest is null
            ? $"{where}; this mapping takes no keys"
            : $"{where}; the nearest known key is '{closest}' (allowed: {string.Join(", ", knownKeys)})";
    }

    public static string Child(string path, string key) => SafeYamlParser.Join(path, key);

    public string ChildPath(string key) => Child(Path, key);

    public bool Has(string key) => Node.Find(key) is not null;

    public YamlNode? Get(string key)
    {
        var node = Node.Find(key);
        if (node is not null) _context.Record(ChildPath(key), node);
        return node;
    }

    /// <summary>Reports two keys that must not be given together, at the second one.</summary>
    public void ReportConflict(string key, string message) =>
        _context.Report(Node.FindKey(key) ?? (YamlNode)Node, ChildPath(key), DiagnosticCodes.Conflict, message);

    /// <summary>Reports at this mapping's position, under its own path or the given one.</summary>
    public void ReportAtSelf(string code, string message, string? path = null) => _context.Report(Node, path ?? Path, code, message);

    /// <summary>Reports at the value of this mapping's key named by the last part of <paramref name="path"/>, or at the mapping.</summary>
    public void ReportAtKey(string path, string code, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var key = path[(path.LastIndexOf('.') + 1)..];
        var at = Node.Find(key) ?? Node;
        _context.Report(at.Position, path, code, message, severity);
    }

    public void ReportMissing(string key) =>
        _context.Report(Node, ChildPath(key), DiagnosticCodes.Required, "required");

    /// <summary>A required or optional string value, substituted and checked against <paramref name="rule"/>.</summary>
    public string? String(string key, bool required = false, StringRule? rule = null)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required) ReportMissing(key);
            return null;
        }
        return ReadString(_context, node, ChildPath(key), rule ?? StringRule.Any);
    }

    public bool? Bool(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Kind: ScalarKind.Boolean } scalar) return ScalarResolver.IsTrue(scalar.Value);
        _context.Report(node, ChildPath(key), DiagnosticCodes.WrongType, $"expected true or false, got {Describe(node)}");
        return null;
    }

    public MappingReader? Mapping(string key, IReadOnlyList<string> knownKeys, bool required = false)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required) ReportMissing(key);
            return null;
        }
        return Open(_context, node, ChildPath(key), knownKeys);
    }

    /// <summary>A list whose items are read by <paramref name="readItem"/>; items it cannot read are left out.</summary>
    public IReadOnlyList<T>? List<T>(string key, Func<YamlNode, string, T?> readItem, bool required = false)
        where T : class
    {
        var node = Get(key);
        if (node is null)
        {
            if (required) ReportMissing(key);
            return null;
        }
        var path = ChildPath(key);
        if (node is not YamlSequenceNode sequence)
        {
            _context.Report(node, path, DiagnosticCodes.WrongType, $"expected a list, got {Describe(node)}");
            return null;
        }
        var items = new List<T>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            _context.Record(itemPath, sequence.Items[i]);
            if (readItem(sequence.Items[i], itemPath) is { } item)
            {
                _context.Record(item, itemPath);
                items.Add(item);
            }
        }
        return items;
    }

    public IReadOnlyList<string>? StringList(string key, StringRule? rule = null, bool required = false) =>
        List(key, (node, path) => ReadString(_context, node, path, rule ?? StringRule.Any), required);

    /// <summary>A mapping of names to string, number or boolean values (workflow parameters, environment variables).</summary>
    public IReadOnlyDictionary<string, ManifestScalar>? ScalarMap(string key, StringRule keyRule) =>
        Map(key, keyRule, ReadScalarValue);

    /// <summary>A mapping of names to strings only (<c>domain.tags</c>, the application format's <c>environment_variables</c>).</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string key, StringRule keyRule) =>
        Map(key, keyRule, (node, path) => ReadString(_context, node, path, StringRule.Any));

    /// <summary>A mapping of checked names to values read by <paramref name="readValue"/> (null: reported, left out).</summary>
    private Dictionary<string, T>? Map<T>(string key, StringRule keyRule, Func<YamlNode, string, T?> readValue)
        where T : class
    {
        var node = Get(key);
        if (node is null) return null;
        var path = ChildPath(key);
        if (node is not YamlMappingNode mapping)
        {
            _context.Report(node, path, DiagnosticCodes.WrongType, $"expected a mapping, got {Describe(node)}");
            return null;
        }
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (entryKey, entryValue) in mapping.Entries)
        {
            var entryPath = Child(path, entryKey.Value);
            _context.Record(entryPath, entryValue);
            if (keyRule.Check(entryKey.Value) is { } keyProblem)
            {
                _context.Report(entryKey, entryPath, DiagnosticCodes.Pattern, "name " + keyProblem);
                continue;
            }
            if (readValue(entryValue, entryPath) is { } value) values[entryKey.Value] = value;
        }
        return values;
    }

    /// <summary>A free-form value of any shape (null when the key is absent).</summary>
    public ManifestValue? Value(string key) => Get(key) is { } node ? ReadValue(_context, node, ChildPath(key)) : null;

    /// <summary>A free-form mapping (parameters of any shape); reports anything but a mapping.</summary>
    public IReadOnlyDictionary<string, ManifestValue>? ValueMap(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is not YamlMappingNode)
        {
            _context.Report(node, ChildPath(key), DiagnosticCodes.WrongType, $"expected a mapping, got {Describe(node)}");
            return null;
        }
        return ((ManifestMapValue)ReadValue(_context, node, ChildPath(key))).Entries;
    }

    public static ManifestValue ReadValue(BindingContext context, YamlNode node, string path)
    {
        context.Record(path, node);
        switch (node)
        {
            case YamlSequenceNode sequence:
                return new ManifestListValue([.. sequence.Items.Select((item, i) => ReadValue(context, item, $"{path}[{i}]"))]);
            case YamlMappingNode mapping:
                var entries = new Dictionary<string, ManifestValue>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Entries) entries[key.Value] = ReadValue(context, value, Child(path, key.Value));
                return new ManifestMapValue(entries);
            case YamlScalarNode scalar:
                return scalar.Kind switch
                {
                    ScalarKind.Null => ManifestNullValue.Instance,
                    ScalarKind.Boolean => new ManifestScalarValue(new ManifestScalar(scalar.Value, ManifestScalarKind.Boolean)),
                    ScalarKind.Integer => new ManifestScalarValue(new ManifestScalar(scalar.Value, ManifestScalarKind.Integer)),
                    ScalarKind.Float => new ManifestScalarValue(new ManifestScalar(scalar.Value, ManifestScalarKind.Float)),
                    _ => new ManifestScalarValue(new ManifestScalar(context.Substitute(scalar, path) ?? scalar.Value, ManifestScalarKind.String)),
                };
            default:
                return ManifestNullValue.Instance;
        }
    }

    private ManifestScalar? ReadScalarValue(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar || scalar.Kind == ScalarKind.Null)
        {
            _context.Report(node, path, DiagnosticCodes.WrongType, $"expected a string, number or boolean, got {Describe(node)}");
            return null;
        }
        return scalar.Kind switch
        {
            ScalarKind.Boolean => new ManifestScalar(scalar.Value, ManifestScalarKind.Boolean),
            ScalarKind.Integer => new ManifestScalar(scalar.Value, ManifestScalarKind.Integer),
            ScalarKind.Float => new ManifestScalar(scalar.Value, ManifestScalarKind.Float),
            _ => _context.Substitute(scalar, path) is { } text ? new ManifestScalar(text, ManifestScalarKind.String) : null,
        };
    }

    public static string? ReadString(BindingContext context, YamlNode node, string path, StringRule rule)
    {
        if (node is not YamlScalarNode { Kind: ScalarKind.String } scalar)
        {
            var hint = node is YamlScalarNode { Kind: not ScalarKind.Null } ? " (quote it to make it a string)" : "";
            context.Report(node, path, DiagnosticCodes.WrongType, $"expected a string, got {Describe(node)}{hint}");
            return null;
        }
        var value = context.Substitute(scalar, path);
        if (value is null) return null;
        if (rule.Check(value) is { } problem)
        {
            var code = rule.Allowed is not null ? DiagnosticCodes.EnumValue
                : rule.Pattern is not null && value.Length >= rule.MinLength && value.Length <= rule.MaxLength
                    ? DiagnosticCodes.Pattern
                    : DiagnosticCodes.Length;
            context.Report(node, path, code, problem);
            return null;
        }
        return value;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Kind: ScalarKind.Null } => "nothing (null)",
        YamlScalarNode scalar => $"{scalar.KindName} '{Shorten(scalar.Value)}'",
        _ => node.KindName,
    };

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
