using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Json;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Json;

/// <summary>Payload templates (Parameters, ItemSelector, ResultSelector): compiled once, evaluated against input and context.</summary>
public sealed class PayloadTemplateTests
{
    private static readonly JsonNode Input = JsonNode.Parse("""{"a":1,"list":[1,2],"name":"n"}""")!;
    private static readonly JsonNode Context = JsonNode.Parse("""{"Execution":{"Id":"arn:run"}}""")!;

    private static PayloadTemplate Compile(string template)
    {
        var problems = new List<(string Location, string Message)>();
        var compiled = PayloadTemplate.Compile(JsonNode.Parse(template), "/Parameters", problems);
        Assert.Empty(problems);
        return compiled;
    }

    private static List<(string Location, string Message)> ProblemsOf(string template)
    {
        var problems = new List<(string Location, string Message)>();
        PayloadTemplate.Compile(JsonNode.Parse(template), "/Parameters", problems);
        return problems;
    }

    private static JsonNode? Evaluate(string template) => Compile(template).Evaluate(Input, Context, IntrinsicEnvironment.Default);

    [Fact]
    public void Literal_values_are_copied_as_they_are()
        => JsonAssert.Equal(JsonNode.Parse("""{"s":"$.a","n":[1,{"x":null}]}"""), Evaluate("""{"s":"$.a","n":[1,{"x":null}]}"""));

    [Fact]
    public void A_key_ending_in_dollar_is_renamed_and_takes_the_path_value()
        => JsonAssert.Equal(JsonNode.Parse("""{"v":1}"""), Evaluate("""{"v.$":"$.a"}"""));

    [Fact]
    public void An_indefinite_path_gives_an_array()
        => JsonAssert.Equal(JsonNode.Parse("""{"v":[1,2]}"""), Evaluate("""{"v.$":"$.list[*]"}"""));

    [Fact]
    public void A_context_path_reads_the_context_object()
        => JsonAssert.Equal(JsonNode.Parse("""{"id":"arn:run"}"""), Evaluate("""{"id.$":"$$.Execution.Id"}"""));

    [Fact]
    public void An_intrinsic_function_is_evaluated()
        => JsonAssert.Equal(JsonNode.Parse("""{"len":2}"""), Evaluate("""{"len.$":"States.ArrayLength($.list)"}"""));

    [Fact]
    public void Nested_objects_and_arrays_are_evaluated_at_every_depth()
        => JsonAssert.Equal(JsonNode.Parse("""{"o":{"p":[{"q":"n"}]}}"""), Evaluate("""{"o":{"p":[{"q.$":"$.name"}]}}"""));

    [Fact]
    public void A_path_that_selects_nothing_throws_a_payload_path_error_naming_the_field()
    {
        var ex = Assert.Throws<PayloadPathException>(() => Evaluate("""{"v.$":"$.missing"}"""));

        Assert.Equal("v.$", ex.Field);
    }

    [Fact]
    public void A_non_object_template_is_a_literal()
        => JsonAssert.Equal(JsonNode.Parse("[1,\"$.a\"]"), Evaluate("[1,\"$.a\"]"));

    [Fact]
    public void A_dynamic_value_must_be_a_string()
    {
        var (location, message) = Assert.Single(ProblemsOf("""{"v.$":5}"""));

        Assert.Equal("/Parameters/v.$", location);
        Assert.Contains("must be a string", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dynamic_value_must_be_a_path_or_an_intrinsic()
        => Assert.Single(ProblemsOf("""{"v.$":"not a path"}"""));

    [Fact]
    public void Problems_are_located_at_their_nested_key()
        => Assert.Equal("/Parameters/o/0/bad.$", Assert.Single(ProblemsOf("""{"o":[{"bad.$":"$.a["}]}""")).Location);

    [Fact]
    public void Evaluation_does_not_change_the_template_or_the_input()
    {
        var template = Compile("""{"v.$":"$.list"}""");
        var first = template.Evaluate(Input, Context, IntrinsicEnvironment.Default)!;
        first["v"]!.AsArray().Add(99);

        var second = template.Evaluate(Input, Context, IntrinsicEnvironment.Default);

        JsonAssert.Equal(JsonNode.Parse("""{"v":[1,2]}"""), second);
        JsonAssert.Equal(JsonNode.Parse("[1,2]"), Input["list"]);
    }
}
