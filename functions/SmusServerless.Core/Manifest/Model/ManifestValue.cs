namespace SmusServerless.Core.Manifest;

/// <summary>
/// A free-form manifest value (bootstrap action parameters, workflow parameters, QuickSight override parameters):
/// a scalar, a list or a mapping, as written, with variables substituted in strings.
/// </summary>
public abstract record ManifestValue
{
    /// <summary>The value's text when it is a scalar, else null.</summary>
    public virtual string? Text => null;
}

public sealed record ManifestScalarValue(ManifestScalar Scalar) : ManifestValue
{
    public override string? Text => Scalar.Text;

    public override string ToString() => Scalar.Text;
}

/// <summary>An explicit null (<c>~</c>, <c>null</c> or nothing after the colon).</summary>
public sealed record ManifestNullValue : ManifestValue
{
    public static ManifestNullValue Instance { get; } = new();
}

public sealed record ManifestListValue(IReadOnlyList<ManifestValue> Items) : ManifestValue;

public sealed record ManifestMapValue(IReadOnlyDictionary<string, ManifestValue> Entries) : ManifestValue;
