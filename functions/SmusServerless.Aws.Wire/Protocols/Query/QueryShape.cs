namespace SmusServerless.Aws.Protocols.Query;

/// <summary>The kinds of shape the awsQuery protocol serialises differently.</summary>
public enum QueryShapeKind
{
    Structure,
    List,
    Map,
    String,
    Boolean,
    Integer,
    Long,
    Float,
    Double,
    Blob,
    Timestamp,
}

/// <summary>
/// A member as awsQuery sees it: its JSON name (the model's member name, as the generated records spell it), the wire
/// name (<c>locationName</c>, else the member name), whether a list or map member is <c>flattened</c>, and a
/// member-level <c>timestampFormat</c>.
/// </summary>
public sealed record QueryMember(string Name, QueryShape Shape, string? LocationName = null, bool Flattened = false, string? TimestampFormat = null)
{
    public string WireName => LocationName ?? Name;
}

/// <summary>
/// The serialisation traits of one shape, generated from the model (never hand-written): awsQuery needs them because
/// the form keys and the XML element names follow the model (list member names, map entry names, flattening,
/// timestamp formats). Children are resolved lazily so recursive shapes can be described.
/// </summary>
public sealed class QueryShape
{
    private readonly Func<IReadOnlyList<QueryMember>>? _members;
    private readonly Func<QueryMember>? _item;
    private readonly Func<QueryMember>? _key;
    private IReadOnlyList<QueryMember>? _resolvedMembers;
    private QueryMember? _resolvedItem;
    private QueryMember? _resolvedKey;

    private QueryShape(QueryShapeKind kind, string? timestampFormat, bool flattened,
        Func<IReadOnlyList<QueryMember>>? members, Func<QueryMember>? item, Func<QueryMember>? key)
    {
        Kind = kind;
        TimestampFormat = timestampFormat;
        Flattened = flattened;
        _members = members;
        _item = item;
        _key = key;
    }

    public QueryShapeKind Kind { get; }

    /// <summary>The shape's own <c>timestampFormat</c> (a member's wins); null is the protocol's default, iso8601.</summary>
    public string? TimestampFormat { get; }

    /// <summary>The shape's own <c>flattened</c> trait (a member's also counts).</summary>
    public bool Flattened { get; }

    /// <summary>A structure's members, in model order.</summary>
    public IReadOnlyList<QueryMember> Members => _resolvedMembers ??= _members?.Invoke() ?? [];

    /// <summary>A list's member (default wire name <c>member</c>) or a map's value (default <c>value</c>).</summary>
    public QueryMember Item => _resolvedItem ??= _item?.Invoke() ?? throw new InvalidOperationException($"a {Kind} shape has no item");

    /// <summary>A map's key (default wire name <c>key</c>).</summary>
    public QueryMember Key => _resolvedKey ??= _key?.Invoke() ?? throw new InvalidOperationException($"a {Kind} shape has no key");

    public static QueryShape Scalar(QueryShapeKind kind, string? timestampFormat = null) =>
        kind is QueryShapeKind.Structure or QueryShapeKind.List or QueryShapeKind.Map
            ? throw new ArgumentException($"{kind} is not a scalar", nameof(kind))
            : new(kind, timestampFormat, false, null, null, null);

    public static QueryShape Structure(Func<IReadOnlyList<QueryMember>> members) => new(QueryShapeKind.Structure, null, false, members, null, null);

    /// <summary>A list; <paramref name="member"/> names its items (<c>member</c> unless the model renames them).</summary>
    public static QueryShape List(Func<QueryMember> member, bool flattened = false) => new(QueryShapeKind.List, null, flattened, null, member, null);

    /// <summary>A map; its key and value are named <c>key</c> and <c>value</c> unless the model renames them.</summary>
    public static QueryShape Map(Func<QueryMember> key, Func<QueryMember> value, bool flattened = false) => new(QueryShapeKind.Map, null, flattened, null, value, key);

    internal static bool IsFlattened(QueryMember member) => member.Flattened || member.Shape.Flattened;

    internal static string FormatOf(QueryMember member) => member.TimestampFormat ?? member.Shape.TimestampFormat ?? "iso8601";
}
