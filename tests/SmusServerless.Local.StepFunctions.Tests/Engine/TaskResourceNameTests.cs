using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

public sealed class TaskResourceNameTests
{
    [Theory]
    [InlineData("arn:aws:states:::lambda:invoke", "lambda", "invoke", IntegrationPattern.RequestResponse, "invoke")]
    [InlineData("arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda", "invoke", IntegrationPattern.WaitForTaskToken, "invoke.waitForTaskToken")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", "states", "startExecution", IntegrationPattern.Sync2, "startExecution.sync:2")]
    [InlineData("arn:aws:states:::codebuild:startBuild.sync", "codebuild", "startBuild", IntegrationPattern.Sync, "startBuild.sync")]
    [InlineData("arn:aws:states:::aws-sdk:datazone:getProject", "aws-sdk:datazone", "getProject", IntegrationPattern.RequestResponse, "getProject")]
    public void Parses_integration_ARNs(string arn, string service, string api, IntegrationPattern pattern, string historyResource)
    {
        var name = TaskResourceName.TryParse(arn)!;
        Assert.Equal((service, api, pattern, historyResource, false), (name.Service, name.Api, name.Pattern, name.HistoryResource, name.IsLambdaFunctionArn));
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Resolve")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Resolve:live")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Resolve:$LATEST")]
    public void Parses_Lambda_function_ARNs(string arn)
        => Assert.True(TaskResourceName.TryParse(arn)!.IsLambdaFunctionArn);

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Resolve:")]
    [InlineData("${ResolveFunctionArn}")]
    [InlineData("arn:aws:states:us-east-1:123456789012:activity:approve-me")]
    public void Rejects_other_resources(string arn)
        => Assert.Null(TaskResourceName.TryParse(arn));
}
