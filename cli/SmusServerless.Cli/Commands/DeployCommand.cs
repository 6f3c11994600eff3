using System.CommandLine;
using System.IO.Compression;
using System.Text.Json.Nodes;
using SmusServerless.Aws.CloudFormation;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.Signing;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Cli.Deploying;
using SmusServerless.Cli.Publishing;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>deploy -m FILE [STAGE | -t a,b] [--bundle-archive-path P] [--stack NAME] [--wait-for-approval] [--local ...]</c>:
/// smus-cli's deploy, on the deployed pipeline. The stack (<c>--stack</c> or <c>SMUS_SERVERLESS_STACK</c>) is found with
/// CloudFormation DescribeStacks; the bundle is published to its bundles bucket (as <c>publish</c> does), which starts
/// the execution; deploy finds it by its deterministic name and follows it step by step. At an approval gate it says
/// who must approve and exits 3, unless <c>--wait-for-approval</c>. <c>--local</c> runs the same pipeline offline.
/// </summary>
public static class DeployCommand
{
    public const string Name = "deploy";
    public const string StackVariable = "SMUS_SERVERLESS_STACK";
    public const string DefaultArtifacts = "artifacts";

    public static Command Create(CliContext context)
    {
        var manifest = new Option<string>("--manifest", "-m") { Description = "The application manifest.", DefaultValueFactory = _ => ManifestFile.SmusCliPath, HelpName = "FILE" };
        var stage = new Argument<string?>("stage") { Description = "One target (stage) to deploy; default: every target, in manifest order.", Arity = ArgumentArity.ZeroOrOne };
        var targets = new Option<string?>("--targets", "-t") { Description = "Comma-separated targets to deploy (all of them; smus-cli deploys only the first).", HelpName = "a,b" };
        var archive = new Option<string?>("--bundle-archive-path") { Description = "The bundle to deploy; default: the newest bundle of the application in ./artifacts.", HelpName = "P" };
        var emitEvents = new Option<bool>("--emit-events") { Description = "Accepted for smus-cli: the pipeline always emits its lifecycle events on the stack's bus." };
        var noEvents = new Option<bool>("--no-events") { Description = "Accepted for smus-cli; lifecycle events are the stack's, not the caller's, to turn off." };
        var eventBus = new Option<string?>("--event-bus-name") { Description = "Accepted for smus-cli; the stack decides the bus.", HelpName = "N" };
        var stack = new Option<string?>("--stack") { Description = $"The deployed pipeline's CloudFormation stack; default: {StackVariable}.", HelpName = "NAME" };
        var wait = new Option<bool>("--wait-for-approval") { Description = "At an approval gate, wait for the decision and follow the run to its end (default: exit 3)." };
        var local = new Option<bool>("--local") { Description = "Run the pipeline offline on the local stack (as 'run' does)." };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "With --local: local approvers approve gated targets at once." };
        var stateDir = new Option<string>("--state-dir") { Description = "With --local: where the local stack keeps its state.", DefaultValueFactory = _ => ".smus-local" };
        var region = new Option<string?>("--region") { Description = "AWS region of the stack; default: AWS_REGION, AWS_DEFAULT_REGION.", HelpName = "R" };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "One endpoint for CloudFormation and Step Functions (the local endpoints of 'serve'); default: AWS_ENDPOINT_URL, else AWS.", HelpName = "URL" };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Publish a bundle to the deployed pipeline and follow its run (exit 0 done, 1 failed, 2 usage, 3 waiting for approval).")
        {
            stage, manifest, targets, archive, emitEvents, noEvents, eventBus, stack, wait, local, autoApprove, stateDir, region, endpoint, json,
        };
        command.SetAction((parsed, cancellationToken) =>
            context.RunAsync(Name, parsed.GetValue(json), console => RunAsync(context, console, new DeployRequest(
                parsed.GetValue(manifest)!, parsed.GetValue(stage), parsed.GetValue(targets), parsed.GetValue(archive),
                parsed.GetValue(stack), parsed.GetValue(wait), parsed.GetValue(local), parsed.GetValue(autoApprove),
                context.ResolvePath(parsed.GetValue(stateDir)!), parsed.GetValue(region), parsed.GetValue(endpoint)), cancellationToken)));
        return command;
    }

    private sealed record DeployRequest(string Manifest, string? Stage, string? Targets, string? ArchivePath, string? Stack, bool WaitForApproval,
        bool Local, bool AutoApprove, string StateDirectory, string? Region, string? EndpointUrl);

    private static async Task<int> RunAsync(CliContext context, CliConsole console, DeployRequest request, CancellationToken cancellationToken)
    {
        if (request.Stage is not null && request.Targets is not null)
            throw CommandFailedException.Usage("give either a STAGE or --targets, not both");
        var targets = (request.Targets ?? request.Stage)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (targets is { Length: 0 })
            throw CommandFailedException.Usage("--targets names no target");

        var manifestFile = await ManifestFile.ReadAsync(context, request.Manifest, cancellationToken).ConfigureAwait(false);
        var loaded = await manifestFile.LoadAsync(context, cancellationToken).ConfigureAwait(false);
        var application = loaded.Manifest?.Name ?? throw new CommandFailedException(new CliError(CliErrorKinds.InvalidManifest,
            $"{manifestFile.DisplayPath} is invalid:\n" + string.Join("\n", loaded.Diagnostics.Where(d => d.IsError)), File: manifestFile.DisplayPath));
        foreach (var target in targets ?? [])
            if (loaded.Manifest.Targets.All(t => t.Name != target))
                throw CommandFailedException.Usage($"{manifestFile.DisplayPath} has no target '{target}' (targets: {string.Join(", ", loaded.Manifest.Targets.Select(t => t.Name))})");

        var bundlePath = request.ArchivePath is { } archive ? context.ResolvePath(archive) : BundleLocator.FindNewest(context.ResolvePath(DefaultArtifacts), application);
        if (bundlePath is not null && IsSmusCliArchive(bundlePath))
            bundlePath = await ImportSmusCliArchiveAsync(context, console, manifestFile, bundlePath, cancellationToken).ConfigureAwait(false);

        if (request.Local)
            // Offline, a folder without a bundle is bundled first, as 'run' does.
            return await RunCommand.RunAsync(context, console, bundlePath ?? manifestFile.FullPath, targets is null ? null : string.Join(',', targets),
                request.AutoApprove, request.StateDirectory, Name, cancellationToken).ConfigureAwait(false);

        if (bundlePath is null)
            throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound,
                $"no bundle of '{application}' in ./{DefaultArtifacts}: run 'smus-serverless bundle -m {manifestFile.DisplayPath}' first, or give --bundle-archive-path"));
        var stackName = request.Stack ?? context.Environment.GetValueOrDefault(StackVariable);
        if (string.IsNullOrWhiteSpace(stackName))
            throw CommandFailedException.Usage($"which pipeline? give --stack NAME or set {StackVariable} (or use --local)");
        if (targets is not null && targets.Length != loaded.Manifest.Targets.Count)
            throw new CommandFailedException(new CliError(CliErrorKinds.Usage,
                "deploying some targets of a bundle through the stack is not supported yet (the upload deploys every target); deploy all of them, or use --local"));

        var bundle = await VerifiedBundle.OpenAsync(context, bundlePath, cancellationToken).ConfigureAwait(false);
        var clients = ClientOptions(context, request);
        var pipeline = await DeployedPipeline.FindAsync(new CloudFormationClient(clients), stackName.Trim(), cancellationToken).ConfigureAwait(false);
        console.Line($"stack {pipeline.StackName}: bundles s3://{pipeline.BundlesBucket}/{pipeline.BundlesPrefix}, state machine {pipeline.StateMachineArn}");

        var (uri, stored) = await BundlePublisher.PublishAsync(context, bundle, pipeline.BundlesBucket, pipeline.BundlesPrefix,
            new ObjectStoreEndpoint(clients.Region, null), cancellationToken).ConfigureAwait(false);
        console.Line($"published {uri} ({bundle.Descriptor.Name} {bundle.Descriptor.Version})");

        // The start step names the execution after the object version (or ETag), so it can be found without listing.
        var version = stored.VersionId ?? $"etag-{stored.ETag.Trim('"')}";
        var executionName = ExecutionNames.ForBundleVersion(Path.GetFileNameWithoutExtension(uri.Key), new Core.Pipeline.BundleReference(uri.Bucket, uri.Key, version));
        var executionArn = ExecutionFollower.ArnOf(pipeline.StateMachineArn, executionName);
        var follower = new ExecutionFollower(new StepFunctionsClient(clients), context.Clock, line => console.Line(line));
        var outcome = await follower.FollowAsync(executionArn, request.WaitForApproval, cancellationToken).ConfigureAwait(false);
        return Report(console, pipeline, outcome);
    }

    private static int Report(CliConsole console, DeployedPipeline pipeline, ExecutionOutcome outcome)
    {
        var document = new JsonObject
        {
            ["command"] = Name, ["ok"] = outcome.Succeeded, ["executionArn"] = outcome.ExecutionArn, ["status"] = outcome.Status,
            ["error"] = outcome.Error, ["cause"] = outcome.Cause, ["awaitingApproval"] = outcome.GateTarget,
        };
        if (outcome.GateTarget is { } target)
        {
            var approvers = pipeline.Approvers.Count == 0 ? "the approvers configured on the stack (parameter Approvers)" : string.Join(", ", pipeline.Approvers);
            var quorum = pipeline.Quorum is { } q ? $"{q} of " : "";
            console.Line($"waiting for approval: target {target} needs {quorum}{approvers}");
            console.Line("  each approver has their own link (sent by e-mail); run deploy again with --wait-for-approval to follow the run to its end");
            document["approvers"] = new JsonArray([.. pipeline.Approvers.Select(a => (JsonNode?)JsonValue.Create(a))]);
            console.Document(document, CliJsonContext.Output.JsonObject);
            return ExitCodes.AwaitingApproval;
        }
        if (outcome.Succeeded)
            console.Line("deployment succeeded");
        else
            console.Problem($"deployment {outcome.Status.ToLowerInvariant()}: {outcome.Error}: {outcome.Cause}");
        console.Document(document, CliJsonContext.Output.JsonObject);
        return outcome.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>A smus-cli bundle is a zip with no bundle.json (anything else, or a zip that cannot be read, is left to VerifiedBundle to judge).</summary>
    private static bool IsSmusCliArchive(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry(Core.Bundle.BundleEntryName.Descriptor) is null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Imports a smus-cli zip (<see cref="SmusCliArchive"/>: its entries mapped to our layout, the manifest and a generated
    /// bundle.json added) into ./artifacts, and returns the bundle to deploy.
    /// </summary>
    private static async Task<string> ImportSmusCliArchiveAsync(CliContext context, CliConsole console, ManifestFile manifest, string archive, CancellationToken cancellationToken)
    {
        var imported = await SmusCliArchive.ImportAsync(context,
            new SmusCliImportRequest(manifest.FullPath, archive, context.ResolvePath(DefaultArtifacts)), cancellationToken).ConfigureAwait(false);
        console.Line($"imported smus-cli bundle {archive} as {imported.Bundle.DisplayPath} ({imported.StorageFiles} storage, {imported.RepositoryFiles} repository, {imported.TestFiles} test files)");
        return imported.Bundle.FullPath;
    }

    private static AwsClientOptions ClientOptions(CliContext context, DeployRequest request)
    {
        string? Variable(string name) => context.Environment.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;
        var endpoint = request.EndpointUrl ?? Variable("AWS_ENDPOINT_URL");
        var region = request.Region ?? Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION");
        var serviceUrl = endpoint is null ? null : PublishCommand.ParseEndpoint(endpoint);
        if (region is null && serviceUrl is null)
            throw CommandFailedException.Usage("no region: give --region or set AWS_REGION");
        // Keys in the CLI's environment are used as given; otherwise the SDK's chain (web identity, profiles, instance roles).
        var credentials = Variable("AWS_ACCESS_KEY_ID") is { } key && Variable("AWS_SECRET_ACCESS_KEY") is { } secret
            ? new StaticCredentialsProvider(new AwsCredentials(key, secret, Variable("AWS_SESSION_TOKEN")))
            : null;
        return new AwsClientOptions { Region = region ?? "us-east-1", ServiceUrl = serviceUrl, Credentials = credentials };
    }
}
