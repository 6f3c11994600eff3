namespace SmusServerless.Runtime.Metrics;

/// <summary>The CloudWatch units the EMF specification allows (its JSON schema's Unit pattern).</summary>
public enum MetricUnit
{
    None,
    Seconds,
    Microseconds,
    Milliseconds,
    Bytes,
    Kilobytes,
    Megabytes,
    Gigabytes,
    Terabytes,
    Bits,
    Kilobits,
    Megabits,
    Gigabits,
    Terabits,
    Percent,
    Count,
    BytesPerSecond,
    KilobytesPerSecond,
    MegabytesPerSecond,
    GigabytesPerSecond,
    TerabytesPerSecond,
    BitsPerSecond,
    KilobitsPerSecond,
    MegabitsPerSecond,
    GigabitsPerSecond,
    TerabitsPerSecond,
    CountPerSecond,
}

/// <summary>EMF <c>StorageResolution</c>: 60 (standard, the default) or 1 (high resolution).</summary>
public enum MetricResolution
{
    Standard = 60,
    High = 1,
}

public static class MetricUnitNames
{
    /// <summary>The unit as EMF spells it (<c>Bytes/Second</c>, <c>Count</c>, ...).</summary>
    public static string ToEmfName(this MetricUnit unit) => unit switch
    {
        MetricUnit.BytesPerSecond => "Bytes/Second",
        MetricUnit.KilobytesPerSecond => "Kilobytes/Second",
        MetricUnit.MegabytesPerSecond => "Megabytes/Second",
        MetricUnit.GigabytesPerSecond => "Gigabytes/Second",
        MetricUnit.TerabytesPerSecond => "Terabytes/Second",
        MetricUnit.BitsPerSecond => "Bits/Second",
        MetricUnit.KilobitsPerSecond => "Kilobits/Second",
        MetricUnit.MegabitsPerSecond => "Megabits/Second",
        MetricUnit.GigabitsPerSecond => "Gigabits/Second",
        MetricUnit.TerabitsPerSecond => "Terabits/Second",
        MetricUnit.CountPerSecond => "Count/Second",
        _ => unit.ToString(),
    };
}
