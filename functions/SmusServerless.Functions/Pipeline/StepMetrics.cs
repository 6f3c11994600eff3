using Microsoft.Extensions.Logging;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Runtime;
using SmusServerless.Runtime.Metrics;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// The CloudWatch metrics (EMF) of one pipeline step's invocations: how long it took, whether it failed, and what its
/// result says — files and bytes deployed, the wait it asked for, tests passed. One EMF document per invocation, with
/// the one dimension <see cref="StepDimension"/> (cardinality: the number of steps); the pipeline, target, stage and
/// run travel as metadata, searchable in Logs Insights without becoming metric streams.
/// </summary>
/// <remarks>
/// The document is flushed at the end of the invocation, under a process-wide lock: the offline stack runs several
/// steps at once on one <see cref="IMetrics"/> and does not flush per invocation as the Lambda runtime does, and the
/// <see cref="StepDimension"/> of one invocation must not end up on another's values. In Lambda the runtime's own
/// flush after the invocation then finds nothing left to write.
/// </remarks>
public sealed class StepMetrics(string step, IMetrics metrics, TimeProvider time, ILogger logger)
{
    public const string StepDimension = "Step";

    /// <summary>Wall time of the step's invocation, failed or not (Milliseconds).</summary>
    public const string StepDuration = "StepDuration";

    /// <summary>1 per invocation that ended with an error; the error's name is the <c>error</c> metadata (Count).</summary>
    public const string StepFailures = "StepFailures";

    /// <summary>The wait a polling step (provision, subscribe, deploy) asked the state machine for (Seconds).</summary>
    public const string WaitSeconds = "WaitSeconds";

    /// <summary>Files a deploy wrote: added or changed (Count).</summary>
    public const string FilesWritten = "FilesWritten";

    /// <summary>Files a deploy left alone because their content was already there (Count).</summary>
    public const string FilesUnchanged = "FilesUnchanged";

    /// <summary>Files a deploy deleted: written by the previous deployment, gone from this bundle (Count).</summary>
    public const string FilesPruned = "FilesPruned";

    /// <summary>Bytes a deploy wrote (Bytes).</summary>
    public const string BytesWritten = "BytesWritten";

    /// <summary>Deployed objects the built-in verification compared with the record (Count).</summary>
    public const string ObjectsVerified = "ObjectsVerified";

    /// <summary>Tests of a recorded report that passed, and that were skipped (Count). Failed tests fail the step.</summary>
    public const string TestsPassed = "TestsPassed";
    public const string TestsSkipped = "TestsSkipped";

    /// <summary>1 when a start event began an execution, 0 when it was a duplicate or not a bundle (Count).</summary>
    public const string ExecutionsStarted = "ExecutionsStarted";

    private static readonly Lock Gate = new();

    public string Step { get; } = step;

    public static StepMetrics For(string step, RuntimeServices runtime) =>
        new(step, runtime.Metrics, runtime.Time, runtime.LoggerFactory.CreateLogger<StepMetrics>());

    /// <summary>A clock started for one invocation.</summary>
    public long Start() => time.GetTimestamp();

    /// <summary>Writes the metrics of an invocation that returned <paramref name="output"/>.</summary>
    public void Succeeded(long started, object? input, object? output) => Write(started, input, output, error: null);

    /// <summary>Writes the metrics of an invocation that ended with the error named <paramref name="error"/>.</summary>
    public void Failed(long started, object? input, string error) => Write(started, input, output: null, error);

    private void Write(long started, object? input, object? output, string? error)
    {
        var elapsed = time.GetElapsedTime(started);
        lock (Gate)
        {
            try
            {
                metrics.AddDimension(StepDimension, Step);
                AddSubject(input);
                metrics.AddMetric(StepDuration, elapsed.TotalMilliseconds, MetricUnit.Milliseconds);
                if (error is not null)
                {
                    metrics.AddMetadata("error", error);
                    metrics.AddMetric(StepFailures, 1, MetricUnit.Count);
                }

                AddResult(output);
                metrics.Flush();
            }
            catch (Exception failure) when (failure is MetricsException or IOException)
            {
                // Metrics describe the step; losing them (e.g. no POWERTOOLS_METRICS_NAMESPACE) must not fail it.
                logger.LogWarning(failure, "The metrics of step {Step} could not be written", Step);
            }
        }
    }

    // Names only: the run's identity, never a task token or anything else an input may carry.
    private void AddSubject(object? input)
    {
        var (run, target) = input switch
        {
            ProvisionInput i => (i.Run, i.Target),
            SubscribeInput i => (i.Run, i.Target),
            DeployInput i => (i.Run, i.Target),
            VerifyInput i => (i.Run, i.Target),
            RecordTestsInput i => (i.Run, i.Target),
            CompleteTargetInput i => (i.Run, i.Target),
            CompleteRunInput i => (i.Run, null),
            GateInput i => (i.Run, i.Target),
            GateTimeoutInput i => (i.Run, i.Target),
            _ => ((RunContext?)null, (PlannedTarget?)null),
        };
        if (run is not null)
        {
            metrics.AddMetadata("pipeline", run.PipelineName);
            metrics.AddMetadata("runId", run.RunId);
            metrics.AddMetadata("bundleVersion", run.BundleVersion);
        }

        if (target is not null)
        {
            metrics.AddMetadata("target", target.Name);
            metrics.AddMetadata("stage", target.Stage);
        }
    }

    private void AddResult(object? output)
    {
        switch (output)
        {
            case IPollingResult { Status: StepProgress.WaitStatus } wait:
                metrics.AddMetric(WaitSeconds, wait.WaitSeconds, MetricUnit.Seconds);
                break;
            case DeployResult { Deployment: { } deployment }:
                metrics.AddMetric(FilesWritten, deployment.Added + deployment.Changed, MetricUnit.Count);
                metrics.AddMetric(FilesUnchanged, deployment.Unchanged, MetricUnit.Count);
                metrics.AddMetric(FilesPruned, deployment.Pruned, MetricUnit.Count);
                metrics.AddMetric(BytesWritten, deployment.BytesWritten, MetricUnit.Bytes);
                break;
            case VerifyResult verified:
                metrics.AddMetric(ObjectsVerified, verified.Verification.ObjectsChecked, MetricUnit.Count);
                break;
            case TestSummary tests:
                metrics.AddMetric(TestsPassed, tests.Passed, MetricUnit.Count);
                metrics.AddMetric(TestsSkipped, tests.Skipped, MetricUnit.Count);
                break;
            case StartResult start:
                metrics.AddMetric(ExecutionsStarted, start.Started ? 1 : 0, MetricUnit.Count);
                break;
        }
    }
}
