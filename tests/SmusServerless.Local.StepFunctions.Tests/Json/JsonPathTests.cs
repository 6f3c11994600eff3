using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Json;

public sealed class JsonPathTests
{
    private static readonly JsonNode Doc = JsonNode.Parse("""
        {"a":{"b":[10,20,30,40]},"items":[{"n":1,"t":"x"},{"n":2,"t":"y"},{"n":3}],"odd key":{"x-y":5},"path-with-hyphen":1,"nul":null}
        """)!;

    private static JsonNode? Select(string path) => JsonPath.Parse(path).Select(Doc);

    [Theory]
    [InlineData("$.a.b[1]", "20")]
    [InlineData("$['a']['b'][0]", "10")]
    [InlineData("$.a.b[-1]", "40")]
    [InlineData("$.a.b[(@.length-2)]", "30")]
    [InlineData("$['odd key']['x-y']", "5")]
    [InlineData("$.path-with-hyphen", "1")]
    [InlineData("$.nul", "null")]
    [InlineData("$", null)]
    public void Definite_paths_select_one_node(string path, string? expected)
    {
        var result = Select(path);
        if (expected is null)
        {
            JsonAssert.Equal(Doc, result);
        }
        else
        {
            JsonAssert.Equal(JsonNode.Parse(expected), result);
        }
        Assert.True(JsonPath.Parse(path).IsDefinite);
    }

    [Theory]
    [InlineData("$.a.b[*]", "[10,20,30,40]")]
    [InlineData("$.a.b[1:3]", "[20,30]")]
    [InlineData("$.a.b[:2]", "[10,20]")]
    [InlineData("$.a.b[-2:]", "[30,40]")]
    [InlineData("$.a.b[::2]", "[10,30]")]
    [InlineData("$.a.b[0,3]", "[10,40]")]
    [InlineData("$.items[*].n", "[1,2,3]")]
    [InlineData("$..n", "[1,2,3]")]
    [InlineData("$.items[?(@.n >= 2)].n", "[2,3]")]
    [InlineData("$.items[?(@.t == 'y')].n", "[2]")]
    [InlineData("$.items[?(@.t)].n", "[1,2]")]
    [InlineData("$.items[?(@.n == 1 || @.n == 3)].n", "[1,3]")]
    [InlineData("$.items[?(@.n > 1 && @.t)].t", "[\"y\"]")]
    [InlineData("$.items[?(!(@.n == 2))].n", "[1,3]")]
    [InlineData("$.nothing[*]", "[]")]
    public void Indefinite_paths_select_an_array_of_matches(string path, string expected)
    {
        JsonAssert.Equal(JsonNode.Parse(expected), Select(path));
        Assert.False(JsonPath.Parse(path).IsDefinite);
    }

    [Fact]
    public void A_definite_path_to_a_missing_field_throws()
    {
        var ex = Assert.Throws<JsonPathNoMatchException>(() => Select("$.a.missing"));
        Assert.Equal("$.a.missing", ex.Path);
    }

    [Fact]
    public void A_context_path_selects_from_the_context_object()
    {
        var context = JsonNode.Parse("""{"Execution":{"Name":"run-1"}}""");
        var path = JsonPath.Parse("$$.Execution.Name");
        Assert.True(path.IsContextPath);
        Assert.Equal("run-1", path.Select(Doc, context)!.GetValue<string>());
    }

    [Fact]
    public void Selections_are_copies_that_do_not_alias_the_input()
    {
        var selected = (JsonObject)Select("$.a")!;
        selected["b"] = 1;
        Assert.IsType<JsonArray>(Doc["a"]!["b"]);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.")]
    [InlineData("$.a[")]
    [InlineData("$.a[1")]
    [InlineData("$.a[?(@.x ==)]")]
    [InlineData("$..")]
    [InlineData("$.a[::0]")]
    [InlineData("$a")]
    public void Rejects_bad_syntax(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.Contains(path, error);
    }
}
