using SmusServerless.Local.StepFunctions.Definition;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>
/// A field with a value the States Language does not allow is reported as invalid at its own location, with the
/// rule it breaks; the definition is not run.
/// </summary>
public sealed class RejectedFieldValuesTests
{
    private const string Fn = "arn:aws:lambda:us-east-1:123456789012:function:fn";
    private const string Processor = """{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}""";

    private static void AssertInvalid(string state, string location, string messagePart)
    {
        var problems = AcceptedFieldsTests.Problems(state);
        Assert.True(problems.Any(p => p.Kind == DefinitionProblemKind.Invalid && p.Location == location && p.Message.Contains(messagePart, StringComparison.Ordinal)),
            $"expected '{messagePart}' at {location}; got {string.Join("; ", problems)}");
    }

    [Theory]
    [InlineData("""{"Type":"Pass","End":"yes"}""", "/States/S/End", "End must be a boolean")]
    [InlineData("""{"Type":"Pass","Next":5}""", "/States/S/Next", "Next must be a string")]
    [InlineData("""{"Type":"Pass","InputPath":5,"End":true}""", "/States/S/InputPath", "must be a path string or null")]
    [InlineData("""{"Type":"Pass","OutputPath":"a.b","End":true}""", "/States/S/OutputPath", "")]
    [InlineData("""{"Type":"Pass","ResultPath":"$.a[*]","End":true}""", "/States/S/ResultPath", "must be a reference path")]
    [InlineData("""{"Type":"Pass","Parameters":{"a.$":"$$$"},"End":true}""", "/States/S/Parameters/a.$", "")]
    public void Pass_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"Type":"Task","End":true}""", "/States/S/Resource", "a Task needs a Resource URI")]
    [InlineData("""{"Type":"Task","Resource":"not-an-arn","End":true}""", "/States/S/Resource", "is not an ARN")]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:bad name","End":true}""", "/States/S/Resource", "not a valid Lambda function ARN")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":0,"End":true}""", "/States/S/TimeoutSeconds", "must be a positive integer")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":1.5,"End":true}""", "/States/S/TimeoutSeconds", "must be a positive integer")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","HeartbeatSeconds":-1,"End":true}""", "/States/S/HeartbeatSeconds", "must be a positive integer")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":10,"HeartbeatSeconds":10,"End":true}""", "/States/S/HeartbeatSeconds", "smaller than TimeoutSeconds")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSeconds":10,"TimeoutSecondsPath":"$.t","End":true}""", "/States/S", "TimeoutSeconds and TimeoutSecondsPath cannot both be given")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","HeartbeatSeconds":1,"HeartbeatSecondsPath":"$.h","End":true}""", "/States/S", "HeartbeatSeconds and HeartbeatSecondsPath cannot both be given")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","TimeoutSecondsPath":7,"End":true}""", "/States/S/TimeoutSecondsPath", "must be a path string")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Credentials":"role","End":true}""", "/States/S/Credentials", "Credentials must be a JSON object")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","ResultSelector":{"a":1,"a.$":"$"},"End":true}""", "/States/S/ResultSelector/a.$", "given twice")]
    public void Task_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":{},"End":true}""", "/States/S/Retry", "Retry must be an array of retriers")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[1],"End":true}""", "/States/S/Retry/0", "a retrier must be a JSON object")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":[]}],"End":true}""", "/States/S/Retry/0/ErrorEquals", "non-empty array")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":[1]}],"End":true}""", "/States/S/Retry/0/ErrorEquals", "must be a string")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"Backoff":2}],"End":true}""", "/States/S/Retry/0/Backoff", "not a field of a retrier")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":0}],"End":true}""", "/States/S/Retry/0/IntervalSeconds", "positive integer")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"MaxAttempts":-1}],"End":true}""", "/States/S/Retry/0/MaxAttempts", "non-negative integer")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"BackoffRate":0.5}],"End":true}""", "/States/S/Retry/0/BackoffRate", "greater than or equal to 1.0")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"MaxDelaySeconds":0}],"End":true}""", "/States/S/Retry/0/MaxDelaySeconds", "positive integer")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Retry":[{"ErrorEquals":["E"],"JitterStrategy":"HALF"}],"End":true}""", "/States/S/Retry/0/JitterStrategy", "FULL or NONE")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Catch":{},"End":true}""", "/States/S/Catch", "Catch must be an array of catchers")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Catch":["x"],"End":true}""", "/States/S/Catch/0", "a catcher must be a JSON object")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Catch":[{"ErrorEquals":["E"]}],"End":true}""", "/States/S/Catch/0/Next", "a catcher needs Next")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Catch":[{"ErrorEquals":["E"],"Next":"T","Retry":1}],"End":true}""", "/States/S/Catch/0/Retry", "not a field of a catcher")]
    [InlineData($$"""{"Type":"Task","Resource":"{{Fn}}","Catch":[{"ErrorEquals":["E"],"Next":"T","ResultPath":"$..x"}],"End":true}""", "/States/S/Catch/0/ResultPath", "must be a reference path")]
    public void Retrier_and_catcher_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"Type":"Choice","Choices":[]}""", "/States/S/Choices", "non-empty Choices array")]
    [InlineData("""{"Type":"Choice","Choices":[5]}""", "/States/S/Choices/0", "a choice rule must be a JSON object")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true}],"Default":"T"}""", "/States/S/Choices/0", "a top-level choice rule needs Next")]
    [InlineData("""{"Type":"Choice","Choices":[{"Not":{"Variable":"$.a","IsNull":true,"Next":"T"},"Next":"T"}]}""", "/States/S/Choices/0/Not/Next", "cannot have Next")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","Next":"T"}]}""", "/States/S/Choices/0", "exactly one comparison operator")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"IsString":true,"Next":"T"}]}""", "/States/S/Choices/0", "more than one operator")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","StringLike":"x","Next":"T"}]}""", "/States/S/Choices/0/StringLike", "is not a choice rule operator")]
    [InlineData("""{"Type":"Choice","Choices":[{"StringEquals":"x","Next":"T"}]}""", "/States/S/Choices/0/Variable", "a comparison needs a Variable path")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":"1","Next":"T"}]}""", "/States/S/Choices/0/NumericEquals", "has the wrong type")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","TimestampEquals":"noon","Next":"T"}]}""", "/States/S/Choices/0/TimestampEquals", "has the wrong type")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":"yes","Next":"T"}]}""", "/States/S/Choices/0/IsNull", "has the wrong type")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","StringEqualsPath":5,"Next":"T"}]}""", "/States/S/Choices/0/StringEqualsPath", "must be a path string")]
    [InlineData("""{"Type":"Choice","Choices":[{"And":[],"Next":"T"}]}""", "/States/S/Choices/0/And", "non-empty array of rules")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","Or":[{"Variable":"$.a","IsNull":true}],"Next":"T"}]}""", "/States/S/Choices/0/Variable", "Or cannot have a Variable")]
    [InlineData("""{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"T"}],"Default":1}""", "/States/S/Default", "Default must be a string")]
    public void Choice_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"Type":"Wait","End":true}""", "/States/S", "needs exactly one of Seconds")]
    [InlineData("""{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","End":true}""", "/States/S", "only one of Seconds")]
    [InlineData("""{"Type":"Wait","Seconds":-1,"End":true}""", "/States/S/Seconds", "non-negative integer")]
    [InlineData("""{"Type":"Wait","Timestamp":"2026-01-01","End":true}""", "/States/S/Timestamp", "RFC 3339")]
    [InlineData("""{"Type":"Wait","SecondsPath":"$.s[*]","End":true}""", "/States/S/SecondsPath", "must be a reference path")]
    [InlineData("""{"Type":"Wait","TimestampPath":true,"End":true}""", "/States/S/TimestampPath", "must be a path string")]
    public void Wait_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"Type":"Fail","Error":"E","ErrorPath":"$.e"}""", "/States/S", "Error and ErrorPath cannot both be given")]
    [InlineData("""{"Type":"Fail","Cause":"C","CausePath":"$.c"}""", "/States/S", "Cause and CausePath cannot both be given")]
    [InlineData("""{"Type":"Fail","Error":5}""", "/States/S/Error", "Error must be a string")]
    [InlineData("""{"Type":"Fail","CausePath":"$.c[*]"}""", "/States/S/CausePath", "must be a reference path")]
    [InlineData("""{"Type":"Fail","ErrorPath":"States.Format('{}'"}""", "/States/S/ErrorPath", "")]
    [InlineData("""{"Type":"Fail","Next":"T"}""", "/States/S/Next", "is not a field of a Fail state")]
    [InlineData("""{"Type":"Succeed","End":true}""", "/States/S/End", "is not a field of a Succeed state")]
    public void Succeed_and_Fail_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"Type":"Parallel","Branches":[],"End":true}""", "/States/S/Branches", "non-empty Branches array")]
    [InlineData("""{"Type":"Parallel","Branches":[1],"End":true}""", "/States/S/Branches/0", "a branch must be a JSON object")]
    [InlineData("""{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}},"Timeout":1}],"End":true}""", "/States/S/Branches/0/Timeout", "is not a field of a branch")]
    [InlineData("""{"Type":"Parallel","Branches":[{"States":{"B":{"Type":"Succeed"}}}],"End":true}""", "/States/S/Branches/0/StartAt", "StartAt is required")]
    [InlineData("""{"Type":"Parallel","Branches":[{"StartAt":"B","States":{}}],"End":true}""", "/States/S/Branches/0/States", "non-empty object")]
    public void Parallel_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"Type":"Map","End":true}""", "/States/S/ItemProcessor", "needs an ItemProcessor")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"Iterator":{{Processor}},"End":true}""", "/States/S", "ItemProcessor and Iterator cannot both be given")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"ItemSelector":{},"Parameters":{},"End":true}""", "/States/S", "ItemSelector and Parameters cannot both be given")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"MaxConcurrency":1,"MaxConcurrencyPath":"$.m","End":true}""", "/States/S", "MaxConcurrency and MaxConcurrencyPath cannot both be given")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"MaxConcurrency":-2,"End":true}""", "/States/S/MaxConcurrency", "non-negative integer")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailurePercentage":101,"End":true}""", "/States/S/ToleratedFailurePercentage", "from 0 to 100")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailureCount":-1,"End":true}""", "/States/S/ToleratedFailureCount", "non-negative integer")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailureCount":1,"ToleratedFailureCountPath":"$.n","End":true}""", "/States/S", "cannot both be given")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"ToleratedFailurePercentage":1,"ToleratedFailurePercentagePath":"$.p","End":true}""", "/States/S", "cannot both be given")]
    [InlineData($$"""{"Type":"Map","ItemProcessor":{{Processor}},"ItemsPath":"$.xs[*]","End":true}""", "/States/S/ItemsPath", "must be a reference path")]
    [InlineData("""{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}},"Extra":1},"End":true}""", "/States/S/ItemProcessor/Extra", "not a field of an item processor")]
    public void Map_fields(string state, string location, string message) => AssertInvalid(state, location, message);

    [Theory]
    [InlineData("""{"StartAt":"S","States":{"S":{"Type":"Succeed"}},"TimeoutSeconds":0}""", "/TimeoutSeconds", "positive integer")]
    [InlineData("""{"StartAt":"S","States":{"S":{"Type":"Succeed"}},"Name":"x"}""", "/Name", "not a top-level field")]
    [InlineData("""{"StartAt":7,"States":{"S":{"Type":"Succeed"}}}""", "/StartAt", "StartAt is required")]
    [InlineData("""{"StartAt":"X","States":{"S":{"Type":"Succeed"}}}""", "/StartAt", "is not a state in this scope")]
    [InlineData("""{"StartAt":"S","States":{"S":{"Type":"Sleep"}}}""", "/States/S/Type", "Type must be one of")]
    [InlineData("""{"StartAt":"S","States":{"S":[]}}""", "/States/S", "a state must be a JSON object")]
    public void Top_level_fields(string definition, string location, string message)
    {
        var problems = AcceptedFieldsTests.Parser().TryParse(definition).Problems;
        Assert.True(problems.Any(p => p.Location == location && p.Message.Contains(message, StringComparison.Ordinal)),
            $"expected '{message}' at {location}; got {string.Join("; ", problems)}");
    }

    [Fact]
    public void A_state_name_longer_than_80_characters_is_invalid()
    {
        var name = new string('n', 81);
        var problems = AcceptedFieldsTests.Parser().TryParse("{\"StartAt\":\"" + name + "\",\"States\":{\"" + name + "\":{\"Type\":\"Succeed\"}}}").Problems;

        Assert.Contains(problems, p => p.Message.Contains("at most 80", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_keys_in_one_object_are_reported_alone()
    {
        var problems = AcceptedFieldsTests.Parser().TryParse("""{"StartAt":"S","States":{"S":{"Type":"Succeed","Type":"Fail"}}}""").Problems;

        var problem = Assert.Single(problems);
        Assert.Equal("/States/S/Type", problem.Location);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_one_problem()
    {
        var problem = Assert.Single(AcceptedFieldsTests.Parser().TryParse("{").Problems);

        Assert.Contains("not valid JSON", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_that_is_not_an_object_is_one_problem()
        => Assert.Contains("must be a JSON object", Assert.Single(AcceptedFieldsTests.Parser().TryParse("[]").Problems).Message, StringComparison.Ordinal);
}
