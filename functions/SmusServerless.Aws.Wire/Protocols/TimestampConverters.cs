using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmusServerless.Aws.Protocols;

/// <summary>The JSON protocols' default timestamp: epoch seconds as a number, fractions allowed.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new JsonException($"Expected a timestamp in epoch seconds (a number), found {reader.TokenType}.");
        var seconds = reader.GetDecimal();
        var milliseconds = decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var milliseconds = value.ToUnixTimeMilliseconds();
        if (milliseconds % 1000 == 0)
            writer.WriteNumberValue(milliseconds / 1000);
        else
            writer.WriteNumberValue(milliseconds / 1000m);
    }
}

/// <summary>The <c>timestampFormat: iso8601</c> timestamp: an RFC 3339 date-time string in UTC.</summary>
public sealed class Iso8601TimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"Expected an ISO 8601 timestamp string, found {reader.TokenType}.");
        var text = reader.GetString()!;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            throw new JsonException($"'{text}' is not an ISO 8601 timestamp.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(AwsWireFormat.Iso8601(value));
}

/// <summary>Text forms of scalar values in URIs, query strings and headers.</summary>
public static class AwsWireFormat
{
    /// <summary>RFC 3339 in UTC, milliseconds only when present (as the SDKs write it).</summary>
    public static string Iso8601(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A bound member value as text; null when absent. Lists give one text per element.</summary>
    public static IReadOnlyList<string>? Format(object? value) => value switch
    {
        null => null,
        string s => [s],
        bool b => [b ? "true" : "false"],
        int i => [i.ToString(CultureInfo.InvariantCulture)],
        long l => [l.ToString(CultureInfo.InvariantCulture)],
        double d => [FormatDouble(d)],
        DateTimeOffset t => [Iso8601(t)],
        IEnumerable<string> list => list.ToList(),
        _ => throw new NotSupportedException($"A bound member of type {value.GetType().Name} has no wire text form."),
    };

    public static int ParseInt(string text) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        ? value : throw new FormatException($"'{text}' is not an integer.");

    public static long ParseLong(string text) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        ? value : throw new FormatException($"'{text}' is not an integer.");

    public static bool ParseBool(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{text}' is not true or false."),
    };

    private static string FormatDouble(double d) => double.IsNaN(d) ? "NaN"
        : double.IsPositiveInfinity(d) ? "Infinity"
        : double.IsNegativeInfinity(d) ? "-Infinity"
        : d.ToString("R", CultureInfo.InvariantCulture);
}
