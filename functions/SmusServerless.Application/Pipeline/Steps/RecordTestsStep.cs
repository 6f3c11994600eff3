using System.Text.Json;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Reads the JUnit report the test build left in the state bucket, keeps it with the deployment record, and fails the
/// target with Tests.Failed (and a "Tests Failed" event) when a test failed or the build could not run them.
/// </summary>
public sealed class RecordTestsStep(IObjectStore objects, IDeploymentRecords records, ILifecycleEvents events, TestReportLocation reports)
{
    public async Task<TestSummary> RunAsync(RecordTestsInput input, CancellationToken cancellationToken)
    {
        var reportKey = reports.Key(input.Run.PipelineName, input.Target.Name, input.Run.RunId);
        var report = await objects.HeadAsync(reports.StateBucket, reportKey, null, cancellationToken).ConfigureAwait(false);

        TestSummary summary;
        if (report is null || report.IsDeleteMarker)
        {
            var why = input.BuildFailure is { } failure ? $"{failure.Error}: {failure.Cause}" : "the build wrote no report";
            summary = new TestSummary(0, 0, 1, 0, null);
            await FailAsync(input, summary, $"The tests of target '{input.Target.Name}' did not run to a report ({why}).", cancellationToken).ConfigureAwait(false);
        }

        await using (var stream = await objects.OpenReadAsync(reports.StateBucket, reportKey, report!.VersionId, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                summary = JUnitReport.Parse(stream, reportKey);
            }
            catch (FormatException e)
            {
                summary = new TestSummary(0, 0, 1, 0, reportKey);
                await FailAsync(input, summary, $"The test report s3://{reports.StateBucket}/{reportKey} could not be read: {e.Message}", cancellationToken).ConfigureAwait(false);
                throw;
            }
        }

        await AttachToRecordAsync(input, summary, cancellationToken).ConfigureAwait(false);
        if (!summary.Succeeded || input.BuildFailure is not null)
            await FailAsync(input, summary,
                $"Tests of target '{input.Target.Name}' failed: {summary.Failed} failed, {summary.Errors} errors, {summary.Passed} passed " +
                $"(report: s3://{reports.StateBucket}/{reportKey}).", cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private async Task AttachToRecordAsync(RecordTestsInput input, TestSummary summary, CancellationToken cancellationToken)
    {
        var record = await records.ReadAsync(input.Deployment.RecordKey, cancellationToken).ConfigureAwait(false);
        if (record is null || record.RunId != input.Run.RunId) return; // a later run has deployed meanwhile: its record is not ours to change
        await records.WriteAsync(record with { Tests = summary }, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAsync(RecordTestsInput input, TestSummary summary, string cause, CancellationToken cancellationToken)
    {
        var detail = new LifecycleDetail
        {
            Pipeline = input.Run.PipelineName, RunId = input.Run.RunId, BundleVersion = input.Run.BundleVersion,
            Target = input.Target.Name, Stage = input.Target.Stage, Tests = summary, Error = PipelineErrors.TestsFailed, Cause = cause,
        };
        await events.PublishAsync(LifecycleEvents.TestsFailed, detail, cancellationToken).ConfigureAwait(false);
        throw new PipelineFailure(PipelineErrors.TestsFailed, cause);
    }
}
