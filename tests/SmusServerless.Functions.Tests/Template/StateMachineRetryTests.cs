using System.Text.Json.Nodes;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// Every Lambda task of the state machine retries what passes by itself (Lambda's transient service errors, as AWS's
/// best practice lists them, and the steps' own Pipeline.Transient), a bounded number of times.
/// </summary>
public sealed class StateMachineRetryTests
{
    private static readonly string[] LambdaTransientErrors =
    [
        "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
        "Lambda.ClientExecutionTimeoutException", "Lambda.TooManyRequestsException",
    ];

    private static readonly JsonNode Definition = JsonNode.Parse(File.ReadAllText(TestRepository.PathOf("statemachines/deployment-pipeline.asl.json")))!;

    public static TheoryData<string> LambdaTasks()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in StateMachineTasks.In(Definition["States"]!.AsObject()).Where(t => StateMachineTasks.IsLambda(t.State)))
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(LambdaTasks))]
    public void Lambda_task_retries_transient_Lambda_and_pipeline_errors_a_bounded_number_of_times(string task)
    {
        var state = StateMachineTasks.In(Definition["States"]!.AsObject()).Single(t => t.Name == task).State;
        var retriers = state["Retry"]?.AsArray().Select(r => r!.AsObject()).ToList() ?? [];
        var retried = retriers.SelectMany(r => r["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>())).ToHashSet();

        Assert.All(LambdaTransientErrors, error => Assert.Contains(error, retried));
        Assert.Contains("Pipeline.Transient", retried);
        Assert.All(retriers, r => Assert.InRange(r["MaxAttempts"]?.GetValue<int>() ?? 3, 1, 10));
    }
}
