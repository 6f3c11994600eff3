using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Json;

/// <summary>JSONPath beyond plain selection: definiteness, the context root, existence, and filter operators.</summary>
public sealed class JsonPathSelectionTests
{
    private static readonly JsonNode Doc = JsonNode.Parse("""
        {"people":[{"name":"ada","age":36,"tags":["x"]},{"name":"bob","age":17},{"name":"cy","age":36,"vip":true}],
         "obj":{"a":1,"b":2},"list":[[1,2],[3]]}
        """)!;

    [Theory]
    [InlineData("$", true)]
    [InlineData("$.people[0].name", true)]
    [InlineData("$['obj']['a']", true)]
    [InlineData("$.people[*].name", false)]
    [InlineData("$..name", false)]
    [InlineData("$.people[0,1]", false)]
    [InlineData("$.people[0:1]", false)]
    [InlineData("$.people[?(@.age > 1)]", false)]
    public void A_path_is_definite_when_it_can_match_at_most_one_node(string path, bool definite)
        => Assert.Equal(definite, JsonPath.Parse(path).IsDefinite);

    [Theory]
    [InlineData("$.people[?(@.age < 18)].name", """["bob"]""")]
    [InlineData("$.people[?(@.age <= 17)].name", """["bob"]""")]
    [InlineData("$.people[?(@.age != 36)].name", """["bob"]""")]
    [InlineData("$.people[?(@.name == 'cy')].age", "[36]")]
    [InlineData("$.people[?(@.name > 'b')].name", """["bob","cy"]""")]
    [InlineData("$.people[?(@.vip == true)].name", """["cy"]""")]
    [InlineData("$.people[?(@.tags)].name", """["ada"]""")]
    public void Filters_compare_numbers_strings_and_booleans(string path, string expected)
        => JsonAssert.Equal(JsonNode.Parse(expected), JsonPath.Parse(path).Select(Doc));

    [Theory]
    [InlineData("$.obj.*", "[1,2]")]
    [InlineData("$.obj['a','b']", "[1,2]")]
    [InlineData("$.list[*][0]", "[1,3]")]
    [InlineData("$..age", "[36,17,36]")]
    public void Wildcards_unions_and_deep_scan(string path, string expected)
        => JsonAssert.Equal(JsonNode.Parse(expected), JsonPath.Parse(path).Select(Doc));

    [Fact]
    public void A_context_path_reads_the_context_not_the_input()
    {
        var path = JsonPath.Parse("$$.Execution.Id");

        Assert.True(path.IsContextPath);
        Assert.Equal("arn", path.Select(Doc, JsonNode.Parse("""{"Execution":{"Id":"arn"}}"""))!.GetValue<string>());
    }

    [Fact]
    public void Exists_tells_whether_anything_matches()
    {
        Assert.True(JsonPath.Parse("$.obj.a").Exists(Doc));
        Assert.False(JsonPath.Parse("$.obj.z").Exists(Doc));
        Assert.False(JsonPath.Parse("$.people[?(@.age > 100)]").Exists(Doc));
    }

    [Fact]
    public void An_index_past_the_end_selects_nothing()
        => Assert.Throws<JsonPathNoMatchException>(() => JsonPath.Parse("$.people[9]").Select(Doc));

    [Fact]
    public void A_name_on_an_array_selects_nothing()
        => Assert.Throws<JsonPathNoMatchException>(() => JsonPath.Parse("$.people.name").Select(Doc));

    [Fact]
    public void TryParse_gives_the_syntax_error_instead_of_throwing()
    {
        Assert.False(JsonPath.TryParse("people", out var path, out var error));
        Assert.Null(path);
        Assert.Contains("must start with '$'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_the_path_and_position()
    {
        var ex = Assert.Throws<JsonPathSyntaxException>(() => JsonPath.Parse("$.a[1"));

        Assert.Equal("$.a[1", ex.Path);
        Assert.True(ex.Position > 0);
    }

    [Fact]
    public void A_workflow_variable_reference_is_a_syntax_error_that_says_so()
    {
        Assert.False(JsonPath.TryParse("$myVar.x", out _, out var error));
        Assert.Contains(JsonPath.VariablesNotSupported, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_prints_as_its_text()
        => Assert.Equal("$.people[0]", JsonPath.Parse("$.people[0]").ToString());
}
