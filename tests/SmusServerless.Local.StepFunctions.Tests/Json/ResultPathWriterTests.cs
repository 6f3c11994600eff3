using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Json;

public sealed class ResultPathWriterTests
{
    private static JsonNode? Apply(string input, string result, string path)
        => ResultPathWriter.Apply(JsonNode.Parse(input), JsonNode.Parse(result), JsonPath.Parse(path));

    [Fact]
    public void Dollar_replaces_the_input()
        => JsonAssert.Equal(JsonNode.Parse("[1]"), Apply("""{"a":1}""", "[1]", "$"));

    [Fact]
    public void A_new_field_is_added_next_to_the_input()
        => JsonAssert.Equal(JsonNode.Parse("""{"a":1,"r":{"x":true}}"""), Apply("""{"a":1}""", """{"x":true}""", "$.r"));

    [Fact]
    public void Missing_intermediate_objects_are_created()
        => JsonAssert.Equal(JsonNode.Parse("""{"a":{"q":1,"b":{"c":"v"}}}"""), Apply("""{"a":{"q":1}}""", "\"v\"", "$.a.b.c"));

    [Fact]
    public void An_existing_field_is_replaced_not_merged()
        => JsonAssert.Equal(JsonNode.Parse("""{"a":{"new":1}}"""), Apply("""{"a":{"old":1}}""", """{"new":1}""", "$.a"));

    [Fact]
    public void An_existing_array_element_is_replaced()
        => JsonAssert.Equal(JsonNode.Parse("""{"a":[1,"x",3]}"""), Apply("""{"a":[1,2,3]}""", "\"x\"", "$.a[1]"));

    [Fact]
    public void An_index_outside_the_array_fails()
        => Assert.Throws<ResultPathMatchException>(() => Apply("""{"a":[1]}""", "1", "$.a[5]"));

    [Fact]
    public void Walking_through_a_string_fails()
        => Assert.Throws<ResultPathMatchException>(() => Apply("""{"a":"text"}""", "1", "$.a.b"));

    [Fact]
    public void A_field_path_on_an_array_input_fails()
        => Assert.Throws<ResultPathMatchException>(() => Apply("[1,2]", "1", "$.x"));

    [Fact]
    public void The_input_is_not_modified()
    {
        var input = JsonNode.Parse("""{"a":1}""");
        ResultPathWriter.Apply(input, JsonValue.Create(2), JsonPath.Parse("$.b"));
        JsonAssert.Equal(JsonNode.Parse("""{"a":1}"""), input);
    }
}
