using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>
/// Every field the parser accepts, state type by state type: a definition using it parses with no problem. The
/// table is checked against the parsers' own field lists, so a field added to a parser needs a row here.
/// </summary>
public sealed class AcceptedFieldsTests
{
    private const string Fn = "arn:aws:lambda:us-east-1:123456789012:function:fn";
    private const string Processor = """{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}""";
    private const string Branches = """[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]""";

    /// <summary>(state type, field, a state "S" that uses the field; "T" is a Succeed state it may move to).</summary>
    private static readonly (string Type, string Field, string State)[] Rows =
    [
        ("Pass", "InputPath", """{"Type":"Pass","InputPath":"$.a","End":true}"""),
        ("Pass", "OutputPath", """{"Type":"Pass","OutputPath":"$.a","End":true}"""),
        ("Pass", "Next", """{"Type":"Pass","Next":"T"}"""),
        ("Pass", "End", """{"Type":"Pass","End":true}"""),
        ("Pass", "Result", """{"Type":"Pass","Result":{"x":[1,"y",null]},"End":true}"""),
        ("Pass", "ResultPath", """{"Type":"Pass","ResultPath":"$.r","End":true}"""),
        ("Pass", "Parameters", """{"Type":"Pass","Parameters":{"k.$":"$.a","fixed":1},"End":true}"""),
        ("Task", "InputPath", $$"""{"Type":"Task","Resource":"{{Fn}}","InputPath":"$.a","End":true}"""),
        ("Task", "OutputPath", $$"""{"Type":"Task","Resource":"{{Fn}}","OutputPath":"$.a","End":true}"""),
        ("Task", "Next", $$"""{"Type":"Task","Resource":"{{Fn}}","Next":"T"}"""),
        ("Task", "End", $$"""{"Type":"Task","Resource":"{{Fn}}","End":true}"""),
        ("Task", "Resource", """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"fn"},"End":true}"""),
        ("Task", "Parameters", $$"""{"Type":"Task","Resource":"{{Fn}}","Parameters":{"k.$":"$$.Execution.Id"},"End":true}"""),
        ("Task", "ResultSelector", $$"""{"Type":"Task","Resource":"{{Fn}}","ResultSelector":{"k.$":"$.v"},"End":true}"""),
        ("Task", "ResultPath", $$"""{"Type":"Task","Resource":"{{Fn}}","ResultPath":null,"End":true}"""),
        ("Task", "Retry", $$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":2,"MaxAttempts":5,"BackoffRate":1.5,"MaxDelaySeconds":30,"JitterStrategy":"FULL","Comment":"c"}],"End":true}"""),
        ("Task", "Catch", $$"""{"Type":"Task","Resource":"{{Fn}}","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.e","Next":"T","Comment":"c"}],"End":true}"""),
        ("Task", "TimeoutSeconds", $$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":30,"End":true}"""),
        ("Task", "TimeoutSecondsPath", $$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSecondsPath":"$.t","End":true}"""),
        ("Task", "HeartbeatSeconds", $$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":30,"HeartbeatSeconds":10,"End":true}"""),
        ("Task", "HeartbeatSecondsPath", $$"""{"Type":"Task","Resource":"{{Fn}}","HeartbeatSecondsPath":"$.h","End":true}"""),
        ("Task", "Credentials", $$"""{"Type":"Task","Resource":"{{Fn}}","Credentials":{"RoleArn.$":"$.role"},"End":true}"""),
        ("Choice", "InputPath", """{"Type":"Choice","InputPath":"$.a","Choices":[{"Variable":"$.b","IsPresent":true,"Next":"T"}]}"""),
        ("Choice", "OutputPath", """{"Type":"Choice","OutputPath":"$.a","Choices":[{"Variable":"$.b","IsPresent":true,"Next":"T"}]}"""),
        ("Choice", "Choices", """{"Type":"Choice","Choices":[{"And":[{"Variable":"$.a","NumericGreaterThan":1},{"Not":{"Variable":"$.b","StringEquals":"x"}}],"Next":"T","Comment":"c"}]}"""),
        ("Choice", "Default", """{"Type":"Choice","Choices":[{"Variable":"$.b","IsPresent":true,"Next":"T"}],"Default":"T"}"""),
        ("Wait", "InputPath", """{"Type":"Wait","Seconds":1,"InputPath":"$.a","End":true}"""),
        ("Wait", "OutputPath", """{"Type":"Wait","Seconds":1,"OutputPath":"$.a","End":true}"""),
        ("Wait", "Next", """{"Type":"Wait","Seconds":1,"Next":"T"}"""),
        ("Wait", "End", """{"Type":"Wait","Seconds":1,"End":true}"""),
        ("Wait", "Seconds", """{"Type":"Wait","Seconds":0,"End":true}"""),
        ("Wait", "SecondsPath", """{"Type":"Wait","SecondsPath":"$.s","End":true}"""),
        ("Wait", "Timestamp", """{"Type":"Wait","Timestamp":"2026-01-01T00:00:00+02:00","End":true}"""),
        ("Wait", "TimestampPath", """{"Type":"Wait","TimestampPath":"$.at","End":true}"""),
        ("Succeed", "InputPath", """{"Type":"Succeed","InputPath":"$.a"}"""),
        ("Succeed", "OutputPath", """{"Type":"Succeed","OutputPath":null}"""),
        ("Fail", "Error", """{"Type":"Fail","Error":"E"}"""),
        ("Fail", "ErrorPath", """{"Type":"Fail","ErrorPath":"$.e"}"""),
        ("Fail", "Cause", """{"Type":"Fail","Cause":"C"}"""),
        ("Fail", "CausePath", """{"Type":"Fail","CausePath":"$.c"}"""),
        ("Parallel", "InputPath", $$"""{"Type":"Parallel","Branches":{{Branches}},"InputPath":"$.a","End":true}"""),
        ("Parallel", "OutputPath", $$"""{"Type":"Parallel","Branches":{{Branches}},"OutputPath":"$[0]","End":true}"""),
        ("Parallel", "Next", $$"""{"Type":"Parallel","Branches":{{Branches}},"Next":"T"}"""),
        ("Parallel", "End", $$"""{"Type":"Parallel","Branches":{{Branches}},"End":true}"""),
        ("Parallel", "Branches", """{"Type":"Parallel","Branches":[{"StartAt":"B1","Comment":"c","States":{"B1":{"Type":"Succeed"}}},{"StartAt":"B2","States":{"B2":{"Type":"Fail"}}}],"End":true}"""),
        ("Parallel", "Parameters", $$"""{"Type":"Parallel","Branches":{{Branches}},"Parameters":{"k.$":"$.a"},"End":true}"""),
        ("Parallel", "ResultSelector", $$"""{"Type":"Parallel","Branches":{{Branches}},"ResultSelector":{"first.$":"$[0]"},"End":true}"""),
        ("Parallel", "ResultPath", $$"""{"Type":"Parallel","Branches":{{Branches}},"ResultPath":"$.r","End":true}"""),
        ("Parallel", "Retry", $$"""{"Type":"Parallel","Branches":{{Branches}},"Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}"""),
        ("Parallel", "Catch", $$"""{"Type":"Parallel","Branches":{{Branches}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"T"}],"End":true}"""),
        ("Map", "InputPath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"InputPath":"$.a","End":true}"""),
        ("Map", "OutputPath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"OutputPath":"$[0]","End":true}"""),
        ("Map", "Next", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"Next":"T"}"""),
        ("Map", "End", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"End":true}"""),
        ("Map", "ItemProcessor", """{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}"""),
        ("Map", "Iterator", $$"""{"Type":"Map","Iterator":{{Processor}},"End":true}"""),
        ("Map", "ItemsPath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ItemsPath":"$.items","End":true}"""),
        ("Map", "ItemSelector", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ItemSelector":{"v.$":"$$.Map.Item.Value"},"End":true}"""),
        ("Map", "Parameters", $$"""{"Type":"Map","Iterator":{{Processor}},"Parameters":{"i.$":"$$.Map.Item.Index"},"End":true}"""),
        ("Map", "ResultSelector", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ResultSelector":{"all.$":"$"},"End":true}"""),
        ("Map", "ResultPath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ResultPath":"$.results","End":true}"""),
        ("Map", "MaxConcurrency", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"MaxConcurrency":2,"End":true}"""),
        ("Map", "MaxConcurrencyPath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"MaxConcurrencyPath":"$.limit","End":true}"""),
        ("Map", "ToleratedFailurePercentage", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailurePercentage":12.5,"End":true}"""),
        ("Map", "ToleratedFailurePercentagePath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailurePercentagePath":"$.p","End":true}"""),
        ("Map", "ToleratedFailureCount", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailureCount":0,"End":true}"""),
        ("Map", "ToleratedFailureCountPath", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailureCountPath":"$.n","End":true}"""),
        ("Map", "Retry", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}"""),
        ("Map", "Catch", $$"""{"Type":"Map","ItemProcessor":{{Processor}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"T"}],"End":true}"""),
    ];

    private static readonly Dictionary<string, string[]> ParserFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = PassStateParser.Fields,
        ["Task"] = TaskStateParser.Fields,
        ["Choice"] = ChoiceStateParser.Fields,
        ["Wait"] = WaitStateParser.Fields,
        ["Succeed"] = SucceedStateParser.Fields,
        ["Fail"] = FailStateParser.Fields,
        ["Parallel"] = ParallelStateParser.Fields,
        ["Map"] = MapStateParser.Fields,
    };

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        foreach (var (type, field, _) in Rows)
        {
            data.Add(type, field);
        }
        return data;
    }

    internal static IReadOnlyList<DefinitionProblem> Problems(string state)
    {
        var states = state.Contains("\"T\"", StringComparison.Ordinal) ? $$"""{"S":{{state}},"T":{"Type":"Succeed"}""" : $$"""{"S":{{state}}""";
        var definition = "{\"StartAt\":\"S\",\"States\":" + states + "}}";
        return Parser().TryParse(definition).Problems;
    }

    internal static DefinitionParser Parser()
        => new(r => TaskResourceName.TryParse(r) is null ? $"'{r}' is not an integration or Lambda function ARN" : null);

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_state_using_the_field_parses_without_problems(string type, string field)
    {
        var state = Rows.Single(r => r.Type == type && r.Field == field).State;

        var problems = Problems(state);

        Assert.True(problems.Count == 0, $"{type}.{field}: {string.Join("; ", problems)}");
    }

    [Fact]
    public void Every_field_a_state_parser_accepts_has_a_row()
    {
        var missing = ParserFields.SelectMany(kv => kv.Value.Select(f => (Type: kv.Key, Field: f)))
            .Where(tf => !Rows.Any(r => r.Type == tf.Type && r.Field == tf.Field))
            .Select(tf => $"{tf.Type}.{tf.Field}")
            .ToList();

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("Comment", "\"a note\"")]
    [InlineData("QueryLanguage", "\"JSONPath\"")]
    public void Every_state_type_accepts_the_common_fields(string field, string value)
    {
        foreach (var (type, _, state) in Rows.Where(r => r.Field == "End" || r.Type is "Succeed" or "Fail" or "Choice").DistinctBy(r => r.Type))
        {
            var withField = state.Insert(1, $"\"{field}\":{value},");
            Assert.True(Problems(withField).Count == 0, $"{type} with {field}: {string.Join("; ", Problems(withField))}");
        }
    }

    [Theory]
    [InlineData("""{"Comment":"c","StartAt":"S","States":{"S":{"Type":"Succeed"}}}""")]
    [InlineData("""{"Version":"1.0","StartAt":"S","States":{"S":{"Type":"Succeed"}}}""")]
    [InlineData("""{"TimeoutSeconds":60,"StartAt":"S","States":{"S":{"Type":"Succeed"}}}""")]
    [InlineData("""{"QueryLanguage":"JSONPath","StartAt":"S","States":{"S":{"Type":"Succeed"}}}""")]
    public void The_top_level_accepts_its_fields(string definition)
        => Assert.Empty(Parser().TryParse(definition).Problems);
}
