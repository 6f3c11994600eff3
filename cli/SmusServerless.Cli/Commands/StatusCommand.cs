using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Local.Pipeline;
using SmusServerless.Local.S3;
using SmusServerless.Local.StepFunctions;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>status [--state-dir DIR] [--json | -o TEXT|JSON]</c>: the local stack's executions with their state, and per target the current
/// deployment record (bundle version, run, files with sha256).
/// </summary>
public static class StatusCommand
{
    public const string Name = "status";

    public static Command Create(CliContext context)
    {
        var stateDir = new Option<string>("--state-dir") { Description = "The local stack's state directory.", DefaultValueFactory = _ => ".smus-local" };
        var json = CommonOptions.Json();
        var format = CommonOptions.OutputFormat();
        var command = new Command(Name, "Show local executions and what each target currently holds.") { stateDir, json, format };
        command.SetAction((parsed, cancellationToken) =>
            CommonOptions.RunAsync(context, Name, parsed.GetValue(json), parsed.GetValue(format),
                console => RunAsync(console, context.ResolvePath(parsed.GetValue(stateDir)!), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string stateDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(stateDirectory))
            throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound, $"{stateDirectory}: no local state here (run a pipeline with 'run' first)", File: stateDirectory));

        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { StateDirectory = Path.Combine(stateDirectory, "stepfunctions") });
        var executions = engine.ListExecutions().Select(engine.DescribeExecution).OrderBy(e => e.StartDate).ToList();
        // -o JSON: one document, {"command","ok","executions":[...],"deployments":[...]}; --json: one line per item.
        var gathered = new JsonObject { ["command"] = Name, ["ok"] = true, ["executions"] = new JsonArray(), ["deployments"] = new JsonArray() };
        void Item(string kind, JsonObject item)
        {
            if (console.SingleDocument) gathered[kind == "execution" ? "executions" : "deployments"]!.AsArray().Add(item);
            else console.Document(item, CliJsonContext.Output.JsonObject);
        }
        console.Line(executions.Count == 0 ? "no executions" : "executions:");
        foreach (var execution in executions)
        {
            console.Line($"  {execution.Name}  {execution.Status}  started {execution.StartDate:u}" +
                         (execution.Error is null ? "" : $"  {execution.Error}: {execution.Cause}"));
            Item("execution", new JsonObject
            {
                ["kind"] = "execution", ["executionArn"] = execution.ExecutionArn, ["name"] = execution.Name, ["status"] = execution.Status,
                ["startDate"] = execution.StartDate, ["stopDate"] = execution.StopDate, ["error"] = execution.Error, ["cause"] = execution.Cause,
                ["stateTransitions"] = execution.StateTransitions,
            });
        }

        var records = await CurrentRecordsAsync(stateDirectory, cancellationToken).ConfigureAwait(false);
        console.Line(records.Count == 0 ? "no deployments" : "deployments:");
        foreach (var record in records)
        {
            console.Line($"  {record.PipelineName}/{record.TargetName}: {record.BundleName} {record.BundleVersion} (run {record.RunId}, {record.DeployedAt:u})" +
                         (record.Tests is { } t ? $", tests {t.Passed} passed, {t.Failed} failed, {t.Errors} errors" : ""));
            foreach (var file in record.Files)
                console.Line($"    {file.Sha256[..12]}  s3://{file.Bucket}/{file.Key}");
            var document = JsonSerializer.SerializeToNode(record, PipelineJsonContext.Default.DeploymentRecord)!.AsObject();
            document["kind"] = "deployment";
            Item("deployment", document);
        }
        if (console.SingleDocument)
            console.Document(gathered, CliJsonContext.Output.JsonObject);
        return ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<DeploymentRecord>> CurrentRecordsAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var store = new FileObjectStore(Path.Combine(stateDirectory, "s3"));
        if (!store.BucketExists(LocalPipelineRun.StateBucket)) return [];
        var records = new DeploymentRecords(store, LocalPipelineRun.StateBucket);
        var found = new List<DeploymentRecord>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(LocalPipelineRun.StateBucket, "deployments/", token, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Objects.Where(o => o.Key.EndsWith("/current.json", StringComparison.Ordinal)))
                if (await records.ReadAsync(item.Key, cancellationToken).ConfigureAwait(false) is { } record)
                    found.Add(record);
            token = page.NextContinuationToken;
        } while (token is not null);
        return [.. found.OrderBy(r => r.PipelineName, StringComparer.Ordinal).ThenBy(r => r.TargetName, StringComparer.Ordinal)];
    }
}
