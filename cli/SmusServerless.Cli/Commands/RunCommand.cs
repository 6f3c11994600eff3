using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>run &lt;bundle.zip | manifest.yaml | project dir&gt; [--targets a,b] [--auto-approve] [--state-dir DIR] [--json]</c>: the whole
/// pipeline offline, with the SAM app's state machine and handlers on the local stack. Exit 0 when the deployment
/// succeeded, 1 when it failed or was rejected.
/// </summary>
public static class RunCommand
{
    public const string Name = "run";

    public static Command Create(CliContext context)
    {
        var source = new Argument<string>("bundle-or-project") { Description = "A bundle zip, a manifest file (manifest.yaml, <App>.yaml, pipeline.yaml), or the directory holding pipeline.yaml; a manifest or directory is bundled first." };
        var targets = new Option<string?>("--targets", "-t") { Description = "Comma-separated targets to deploy (default: every deployment target, in manifest order).", HelpName = "a,b" };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "Local approvers approve gated targets at once (otherwise open the printed links, or use 'approve')." };
        var stateDir = new Option<string>("--state-dir") { Description = "Where the local stack keeps its state.", DefaultValueFactory = _ => ".smus-local" };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Run the deployment pipeline offline: local S3, EventBridge, Step Functions, DataZone and approvals.")
        {
            source, targets, autoApprove, stateDir, json,
        };
        command.SetAction((parsed, cancellationToken) =>
            context.RunAsync(Name, parsed.GetValue(json), console => RunAsync(context, console,
                parsed.GetValue(source)!, parsed.GetValue(targets), parsed.GetValue(autoApprove), context.ResolvePath(parsed.GetValue(stateDir)!), Name, cancellationToken)));
        return command;
    }

    /// <summary>The offline run, shared by <c>run</c> and <c>deploy --local</c> (<paramref name="command"/> names the caller in its JSON document).</summary>
    internal static async Task<int> RunAsync(CliContext context, CliConsole console, string source, string? targetList, bool autoApprove, string stateDirectory, string command, CancellationToken cancellationToken)
    {
        var targets = targetList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (targets is { Length: 0 })
            throw CommandFailedException.Usage("--targets names no target");
        var path = context.ResolvePath(source);
        var bundlePath = Directory.Exists(path) || (File.Exists(path) && IsManifestFile(path))
            ? await BundleDirectoryAsync(context, console, path, stateDirectory, cancellationToken).ConfigureAwait(false)
            : File.Exists(path) ? path : throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound, $"{source}: no such bundle, manifest or directory", File: source));

        var manifest = await ReadManifestAsync(context, bundlePath, cancellationToken).ConfigureAwait(false);
        var options = new LocalRunOptions
        {
            StateDirectory = stateDirectory,
            AutoApprove = autoApprove,
            Variables = context.Environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!),
        };

        console.Line($"running {BundleCommand.Shown(context, bundlePath)} offline (state in {BundleCommand.Shown(context, stateDirectory)})");
        await using var run = await LocalPipelineRun.StartAsync(options, manifest, e => Report(console, e), cancellationToken).ConfigureAwait(false);
        console.Line($"approval pages: {run.ApprovalBaseUrl}");
        LocalRunResult result;
        try
        {
            result = await run.RunBundleAsync(bundlePath, targets, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await AbortAsync(console, run).ConfigureAwait(false);
            throw;
        }

        if (result.Succeeded)
            console.Line($"deployment succeeded ({result.StateTransitions} state transitions)");
        else
            console.Problem($"deployment {result.Status.ToLowerInvariant()}: {result.Error}: {result.Cause}");
        console.Document(new JsonObject
        {
            ["command"] = command, ["ok"] = result.Succeeded, ["executionArn"] = result.ExecutionArn, ["status"] = result.Status,
            ["error"] = result.Error, ["cause"] = result.Cause, ["stateTransitions"] = result.StateTransitions,
        }, CliJsonContext.Output.JsonObject);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>
    /// Cancelled (SIGTERM, Ctrl-C): nothing may be left waiting, so the run's executions are stopped, its approvals
    /// closed and its locks freed before the command exits (with 128 + the signal's number).
    /// </summary>
    private static async Task AbortAsync(CliConsole console, LocalPipelineRun run)
    {
        // The command's token is already cancelled; the clean-up gets a bound of its own.
        using var bound = new CancellationTokenSource(AbortBound);
        var abort = await run.AbortAsync("the run was cancelled (smus-serverless run stopped by a signal)", bound.Token).ConfigureAwait(false);
        foreach (var arn in abort.AbortedExecutions)
            console.Problem($"deployment cancelled: execution {arn} aborted ({LocalPipelineRun.RunCancelledError})");
        foreach (var approvalId in abort.CancelledApprovals)
            console.Problem($"  approval {approvalId} closed as cancelled");
        foreach (var key in abort.ReleasedLocks)
            console.Problem($"  target lock {key} released");
    }

    private static readonly TimeSpan AbortBound = TimeSpan.FromSeconds(5);

    /// <summary>Progress, one line per lifecycle event (with --json, the event itself).</summary>
    private static void Report(CliConsole console, JsonObject @event)
    {
        console.Document(@event, CliJsonContext.Output.JsonObject);
        var type = @event["detail-type"]?.GetValue<string>() ?? "?";
        var detail = @event["detail"] as JsonObject;
        string? Text(string name) => detail?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var line = new StringBuilder($"  {type}");
        if (Text("target") is { } target) line.Append($"  target={target}");
        if (Text("stage") is { } stage) line.Append($" stage={stage}");
        if (Text("bundleVersion") is { } version) line.Append($" version={version}");
        if (Text("error") is { } error) line.Append($"  {error}: {Text("cause")}");
        console.Line(line.ToString());
        foreach (var link in (detail?["links"] as JsonArray ?? []).OfType<JsonObject>())
            console.Line($"    approve as {link["approver"]}: {link["url"]}");
    }

    private static async Task<string> BundleDirectoryAsync(CliContext context, CliConsole console, string project, string stateDirectory, CancellationToken cancellationToken)
    {
        var output = Path.Combine(stateDirectory, "bundles");
        var version = "0.0.0-local." + context.Clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // A local bundle's author is the person running it (CI variables, when set, say otherwise): the approval gate needs one.
        string[] author = HasCiAuthor(context) ? [] : ["--author", System.Environment.UserName + "@local"];
        var exit = await CliApplication.RunAsync(["bundle", "-p", project, "-d", output, "--version", version, "--json", .. author], stdout, stderr,
            context.Environment, new CliOptions { WorkingDirectory = context.WorkingDirectory, Clock = context.Clock, ObjectStores = context.ObjectStores, Caller = LocalSession.Caller }, cancellationToken).ConfigureAwait(false);
        if (exit != ExitCodes.Success)
        {
            console.Problem(stderr.ToString().TrimEnd());
            // The reasons (file, line, column, manifest path) go into run's own error, so a CI step reading --json sees them.
            var reason = BundleErrorOf(stdout.ToString());
            throw new CommandFailedException(new CliError(CliErrorKinds.InvalidContent,
                reason is null ? $"{project}: could not be bundled" : $"{project}: could not be bundled: {reason.Message}",
                File: reason?.File ?? project, Reason: reason?.Reason, Entry: reason?.Entry, Diagnostics: reason?.Diagnostics));
        }
        var document = JsonNode.Parse(stdout.ToString().Trim().Split('\n')[^1])!;
        return document["path"]!.GetValue<string>();
    }

    /// <summary>The error document <c>bundle --json</c> ended with, when it ended with one.</summary>
    private static CliError? BundleErrorOf(string bundleStdout)
    {
        var last = bundleStdout.Trim().Split('\n')[^1];
        if (!last.StartsWith('{')) return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(last, CliJsonContext.Output.ErrorDocument)?.Error;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A manifest is YAML (smus-cli users name it manifest.yaml or &lt;App&gt;.yaml); anything else is taken for a bundle zip.</summary>
    private static bool IsManifestFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml";

    private static bool HasCiAuthor(CliContext context) =>
        new[] { "GITHUB_ACTOR", "GITLAB_USER_EMAIL", "GITLAB_USER_LOGIN" }.Any(name => !string.IsNullOrEmpty(context.Environment.GetValueOrDefault(name)));

    /// <summary>Opens and verifies the bundle as inspect does (an unsafe bundle is refused here), and validates its manifest.</summary>
    private static async Task<PipelineManifest> ReadManifestAsync(CliContext context, string bundlePath, CancellationToken cancellationToken)
    {
        var bundle = await VerifiedBundle.OpenAsync(context, bundlePath, cancellationToken).ConfigureAwait(false);
        // Offline, the session's well-known variables name the local stack's account and region.
        var variables = await SessionVariableSource.ForManifestAsync(bundle.ManifestText, new EnvironmentVariableSource(context.Environment), LocalSession.Caller, cancellationToken).ConfigureAwait(false);
        var loaded = ManifestLoader.Load(bundle.ManifestText, BundleEntryName.Manifest, variables,
            ManifestLoadOptions.Default with { BundleContents = new BundleFileSet(bundle.Descriptor.Files.Select(f => f.Path).Append(BundleEntryName.Descriptor)) });
        return loaded.Manifest ?? throw new CommandFailedException(new CliError(CliErrorKinds.InvalidManifest,
            $"{bundlePath}: pipeline.yaml is invalid:\n" + string.Join("\n", loaded.Diagnostics.Where(d => d.IsError)), File: bundlePath));
    }
}
