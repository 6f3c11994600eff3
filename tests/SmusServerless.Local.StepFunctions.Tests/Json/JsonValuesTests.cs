using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Tests.Json;

/// <summary>The value helpers every part of the engine reads JSON through (JSON null is a C# null).</summary>
public sealed class JsonValuesTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("1.50", 1.5)]
    [InlineData("-0", 0)]
    [InlineData("1e3", 1000)]
    public void Numbers_read_as_decimals(string json, double expected)
    {
        Assert.True(JsonValues.TryGetNumber(JsonNode.Parse(json), out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    public void Other_kinds_are_not_numbers(string json)
        => Assert.False(JsonValues.TryGetNumber(JsonNode.Parse(json), out _));

    [Fact]
    public void A_number_beyond_decimal_range_still_reads_as_a_double()
        => Assert.True(JsonValues.TryGetDouble(JsonNode.Parse("1e300"), out var d) && d == 1e300);

    [Fact]
    public void Strings_booleans_and_kinds()
    {
        Assert.True(JsonValues.TryGetString(JsonNode.Parse("\"s\""), out var s) && s == "s");
        Assert.False(JsonValues.TryGetString(JsonNode.Parse("1"), out _));
        Assert.True(JsonValues.TryGetBoolean(JsonNode.Parse("false"), out var b) && !b);
        Assert.False(JsonValues.TryGetBoolean(JsonNode.Parse("\"true\""), out _));
        Assert.Equal(JsonValueKind.Null, JsonValues.Kind(null));
        Assert.Equal(JsonValueKind.Array, JsonValues.Kind(new JsonArray()));
    }

    [Theory]
    [InlineData("null", false)]
    [InlineData("false", false)]
    [InlineData("0", true)]
    [InlineData("\"\"", true)]
    [InlineData("{}", true)]
    public void Truthiness_follows_JavaScript_for_null_and_false_only(string json, bool truthy)
        => Assert.Equal(truthy, JsonValues.IsTruthy(JsonNode.Parse(json)));

    [Theory]
    [InlineData("1", "1.0", true)]
    [InlineData("{\"a\":[1,2]}", "{\"a\":[1,2]}", true)]
    [InlineData("{\"a\":1}", "{\"a\":\"1\"}", false)]
    [InlineData("null", "null", true)]
    public void Deep_equality_compares_numbers_by_value(string a, string b, bool equal)
        => Assert.Equal(equal, JsonValues.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b)));

    [Fact]
    public void Compact_JSON_keeps_non_ASCII_text_readable()
        => Assert.Equal("""{"name":"Zoë","html":"<b>"}""", JsonValues.ToJson(new JsonObject { ["name"] = "Zoë", ["html"] = "<b>" }));

    [Fact]
    public void Null_prints_as_null()
        => Assert.Equal("null", JsonValues.ToJson(null));

    [Fact]
    public void Size_is_counted_in_UTF8_bytes()
        => Assert.Equal(4, JsonValues.Utf8Size(JsonValue.Create("é")));

    [Fact]
    public void Parse_rejects_nesting_deeper_than_256()
        => Assert.ThrowsAny<JsonException>(() => JsonValues.Parse(new string('[', 300) + new string(']', 300)));
}
