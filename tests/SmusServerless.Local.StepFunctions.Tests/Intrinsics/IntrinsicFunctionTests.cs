using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Intrinsics;

public sealed class IntrinsicFunctionTests
{
    private static readonly JsonNode Input = JsonNode.Parse("""
        {"name":"Arnav","nums":[1,2,3],"obj":{"a":1},"text":"{\"k\":[1]}","big":"","n":5}
        """)!;

    private static JsonNode? Eval(string expression, IntrinsicEnvironment? env = null)
        => IntrinsicExpression.Parse(expression).Evaluate(Input, JsonNode.Parse("""{"Execution":{"Name":"run"}}"""), env ?? IntrinsicEnvironment.Default);

    [Theory]
    [InlineData("States.Format('{} is {}', $.name, $.n)", "\"Arnav is 5\"")]
    [InlineData("States.Format('obj: {}', $.obj)", "\"obj: {\\\"a\\\":1}\"")]
    [InlineData("States.Format('\\\\ and \\' and \\{\\}')", "\"\\\\ and ' and {}\"")]
    [InlineData("States.Format('run {}', $$.Execution.Name)", "\"run run\"")]
    [InlineData("States.StringToJson($.text)", "{\"k\":[1]}")]
    [InlineData("States.JsonToString($.obj)", "\"{\\\"a\\\":1}\"")]
    [InlineData("States.Array()", "[]")]
    [InlineData("States.ArrayPartition($.nums, 2)", "[[1,2],[3]]")]
    [InlineData("States.ArrayPartition($.nums, 1.6)", "[[1,2],[3]]")]
    [InlineData("States.ArrayContains($.nums, 4)", "false")]
    [InlineData("States.ArrayContains(States.Array($.obj), $.obj)", "true")]
    [InlineData("States.ArrayRange(5, 1, -2)", "[5,3,1]")]
    [InlineData("States.ArrayRange(1, 0, 1)", "[]")]
    [InlineData("States.ArrayGetItem($.nums, 0)", "1")]
    [InlineData("States.ArrayLength(States.Array())", "0")]
    [InlineData("States.ArrayUnique(States.Array(1, '1', 1.0, $.obj, $.obj))", "[1,\"1\",{\"a\":1}]")]
    [InlineData("States.Base64Encode('€')", "\"4oKs\"")]
    [InlineData("States.Base64Decode('4oKs')", "\"€\"")]
    [InlineData("States.Hash('abc', 'MD5')", "\"900150983cd24fb0d6963f7d28e17f72\"")]
    [InlineData("States.Hash('abc', 'SHA-256')", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"")]
    [InlineData("States.Hash('abc', 'SHA-384')", "\"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7\"")]
    [InlineData("States.JsonMerge($.obj, States.StringToJson('{\"b\":2}'), false)", "{\"a\":1,\"b\":2}")]
    [InlineData("States.MathAdd($.n, -7)", "-2")]
    [InlineData("States.StringSplit('a,,b', ',')", "[\"a\",\"b\"]")]
    public void Computes(string expression, string expected)
        => JsonAssert.Equal(JsonNode.Parse(expected), Eval(expression), expression);

    [Theory]
    [InlineData("States.Format('{} {}', $.name)")]
    [InlineData("States.Format('{}', $.name, $.n)")]
    [InlineData("States.StringToJson('not json')")]
    [InlineData("States.ArrayPartition($.nums, 0)")]
    [InlineData("States.ArrayRange(1, 5, 0)")]
    [InlineData("States.ArrayRange(0, 1000, 1)")]
    [InlineData("States.ArrayGetItem($.nums, 3)")]
    [InlineData("States.ArrayLength($.obj)")]
    [InlineData("States.Base64Decode('***')")]
    [InlineData("States.Hash('abc', 'SHA-224')")]
    [InlineData("States.JsonMerge($.obj, $.obj, true)")]
    [InlineData("States.MathRandom(5, 5)")]
    [InlineData("States.MathAdd(2147483648, 1)")]
    [InlineData("States.Format('{}', $.missing)")]
    public void Fails_at_run_time_with_a_clear_message(string expression)
    {
        var ex = Assert.Throws<IntrinsicFailureException>(() => Eval(expression));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Base64Encode_refuses_more_than_10000_characters()
    {
        var input = JsonNode.Parse($$"""{"s":"{{new string('a', 10_001)}}"}""");
        var ex = Assert.Throws<IntrinsicFailureException>(() =>
            IntrinsicExpression.Parse("States.Base64Encode($.s)").Evaluate(input, null, IntrinsicEnvironment.Default));
        Assert.Contains("10000", ex.Message);
    }

    [Theory]
    [InlineData("States.Nope()")]
    [InlineData("States.Format('unterminated)")]
    [InlineData("States.Format('bad \\x escape')")]
    [InlineData("States.MathAdd(1, '-1')")]
    [InlineData("States.Hash('a', 5)")]
    [InlineData("States.UUID(1)")]
    [InlineData("States.Array(1) trailing")]
    [InlineData("States.ArrayLength($.a[)")]
    public void Rejects_bad_syntax_before_running(string expression)
        => Assert.Throws<IntrinsicSyntaxException>(() => IntrinsicExpression.Parse(expression));

    [Fact]
    public void Allows_ten_nested_functions_but_not_eleven()
    {
        static string Nest(int depth) => depth == 0 ? "$.nums" : $"States.ArrayUnique({Nest(depth - 1)})";
        IntrinsicExpression.Parse(Nest(10));
        Assert.Throws<IntrinsicSyntaxException>(() => IntrinsicExpression.Parse(Nest(11)));
    }

    [Fact]
    public void MathRandom_with_a_seed_repeats_and_stays_in_range()
    {
        var first = Eval("States.MathRandom(1, 999, 42)")!.GetValue<long>();
        var second = Eval("States.MathRandom(1, 999, 42)")!.GetValue<long>();
        Assert.Equal(first, second);
        Assert.InRange(first, 1, 998);
    }

    [Fact]
    public void MathRandom_excludes_the_end()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(3, Eval("States.MathRandom(3, 4)")!.GetValue<long>());
        }
    }

    [Fact]
    public void UUID_is_a_version_4_uuid()
    {
        var uuid = Eval("States.UUID()")!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uuid);
    }
}
