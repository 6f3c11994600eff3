using System.Net;
using System.Text.Json.Nodes;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Clients;

public sealed class StepFunctionsClientTests
{
    private const string TaskToken = "AQCEAAAAKgAAAAMAAAAAAAAAAdSecretTaskTokenValue==";
    private readonly ClientFixture _fixture = new();

    [Fact]
    public async Task SendTaskSuccess_posts_awsJson_1_0_with_the_target_header()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, "{}");
        var client = new StepFunctionsClient(_fixture.Options());

        await client.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = TaskToken, Output = """{"approved":true}""" });

        var sent = Assert.Single(_fixture.Handler.Requests);
        Assert.Equal("https://states.us-east-1.amazonaws.com/", sent.Uri.ToString());
        Assert.Equal("POST", sent.Method);
        Assert.Equal("AWSStepFunctions.SendTaskSuccess", sent.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", sent.Header("Content-Type"));
        Assert.Contains("/us-east-1/states/aws4_request", sent.Header("Authorization"));
        JsonAssert.Equivalent(JsonNode.Parse($$"""{"taskToken":"{{TaskToken}}","output":"{\"approved\":true}"}"""), JsonNode.Parse(sent.Body));
    }

    [Fact]
    public async Task StartExecution_returns_the_execution_arn_and_epoch_start_date()
    {
        _fixture.Handler.Respond(HttpStatusCode.OK, """{"executionArn":"arn:aws:states:us-east-1:1:execution:sm:e1","startDate":1.764235800123E9}""");
        var client = new StepFunctionsClient(_fixture.Options());

        var started = await client.StartExecutionAsync(new StartExecutionInput { StateMachineArn = "arn:aws:states:us-east-1:1:stateMachine:sm", Name = "e1", Input = "{}" });

        Assert.Equal("arn:aws:states:us-east-1:1:execution:sm:e1", started.ExecutionArn);
        Assert.Equal(1764235800123, started.StartDate!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task An_unknown_task_is_a_not_found_error_from_the_type_field()
    {
        _fixture.Handler.Respond(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.swf.service.v2.model#TaskDoesNotExist","message":"Task does not exist"}""");
        var client = new StepFunctionsClient(_fixture.Options());

        var error = await Assert.ThrowsAsync<AwsNotFoundException>(() => client.SendTaskHeartbeatAsync(new SendTaskHeartbeatInput { TaskToken = TaskToken }));

        Assert.Equal("TaskDoesNotExist", error.ErrorCode);
    }

    [Theory]
    [InlineData("ExecutionAlreadyExists", typeof(AwsConflictException))]
    [InlineData("ExecutionDoesNotExist", typeof(AwsNotFoundException))]
    [InlineData("TaskTimedOut", typeof(AwsTaskTimedOutException))]
    [InlineData("InvalidToken", typeof(AwsValidationException))]
    [InlineData("ExecutionLimitExceeded", typeof(AwsServiceQuotaExceededException))]
    public async Task Step_Functions_errors_map_to_their_exception_types(string code, Type expected)
    {
        _fixture.Handler.Respond(HttpStatusCode.BadRequest, $$"""{"__type":"{{code}}","message":"m"}""");
        var client = new StepFunctionsClient(_fixture.Options());

        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = "arn" }));

        Assert.IsType(expected, error);
    }

    [Fact]
    public async Task A_task_token_echoed_by_the_service_never_reaches_the_exception_message()
    {
        _fixture.Handler.Respond(HttpStatusCode.BadRequest, $$"""{"__type":"InvalidToken","message":"Invalid token: {{TaskToken}}"}""");
        var client = new StepFunctionsClient(_fixture.Options());

        var error = await Assert.ThrowsAsync<AwsValidationException>(() => client.SendTaskFailureAsync(new SendTaskFailureInput { TaskToken = TaskToken, Error = "Rejected" }));

        Assert.DoesNotContain(TaskToken, error.Message);
        Assert.DoesNotContain(TaskToken, error.ServiceMessage);
        Assert.Contains("***", error.Message);
    }

    [Fact]
    public void Requests_print_without_their_task_token()
    {
        var request = new SendTaskSuccessInput { TaskToken = TaskToken, Output = "{\"secret\":1}" };

        Assert.DoesNotContain(TaskToken, request.ToString());
        Assert.DoesNotContain("secret", request.ToString());
    }

    [Fact]
    public async Task Execution_history_is_paged_with_next_token_in_the_body()
    {
        _fixture.Handler
            .Respond(HttpStatusCode.OK, """{"events":[{"timestamp":1764235800,"type":"ExecutionStarted","id":1}],"nextToken":"n1"}""")
            .Respond(HttpStatusCode.OK, """{"events":[{"timestamp":1764235801,"type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"Resolve"}}]}""");
        var client = new StepFunctionsClient(_fixture.Options());

        var events = new List<HistoryEvent>();
        await foreach (var historyEvent in client.GetExecutionHistoryPaginatedAsync(new GetExecutionHistoryInput { ExecutionArn = "arn", MaxResults = 1 }))
            events.Add(historyEvent);

        Assert.Equal([1L, 2L], events.Select(e => e.Id!.Value));
        Assert.Equal("Resolve", events[1].StateEnteredEventDetails!.Name);
        Assert.Equal("n1", JsonNode.Parse(_fixture.Handler.Requests[1].Body)!["nextToken"]!.GetValue<string>());
    }
}
