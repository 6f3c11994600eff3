using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SmusServerless.Application.Describe;
using SmusServerless.Application.Ports;
using SmusServerless.Aws.Adapters;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Http;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Endpoints;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>describe [-m manifest.yaml] [-t a,b] [-c] [--connect [--local --state-dir DIR | --aws]] [--workflows] [--json | -o TEXT|JSON]</c>
/// (smus-cli's command): validates the manifest and shows the application (name, format, content, tests) and, per
/// stage, its label, domain, project, where each content item deploys and its bootstrap actions. Reads no network
/// unless <c>--connect</c> is given; then it looks each stage's domain, project and connections up (offline in the
/// local stack's state by default, in DataZone with <c>--aws</c>). Exit 0, 1 when invalid or a stage cannot be
/// deployed to (with --connect), 2 for usage (an unknown stage).
/// </summary>
public static class DescribeCommand
{
    public const string Name = "describe";

    public static Command Create(CliContext context)
    {
        var pipeline = CommonOptions.Pipeline();
        var targets = CommonOptions.Targets("Stages to show, comma-separated (default: all, in manifest order).");
        var connections = new Option<bool>("--connections", "-c") { Description = "With --connect: list each stage's project connections (name, type, S3 location)." };
        var connect = new Option<bool>("--connect") { Description = "Look each stage's domain, project and connections up: in the local stack's state (the default), or in DataZone with --aws." };
        var workflows = new Option<bool>("--workflows", "-w") { Description = "List the workflows (name, connection, engine, parameters)." };
        var local = new Option<bool>("--local") { Description = "With --connect: the local stack's state (the default)." };
        var stateDir = new Option<string?>("--state-dir") { Description = "With --connect: the local stack's state directory (default: .smus-local).", HelpName = "DIR" };
        var aws = new Option<bool>("--aws") { Description = "With --connect: DataZone on AWS, in each stage's region, with the AWS SDK's credentials." };
        var json = CommonOptions.Json();
        var format = CommonOptions.OutputFormat();
        var command = new Command(Name, "Validate a manifest and show the application, its content and, per stage, domain, project, where each item deploys and bootstrap actions.")
        {
            pipeline, targets, connections, connect, workflows, local, stateDir, aws, json, format,
        };
        command.SetAction((parsed, cancellationToken) =>
            CommonOptions.RunAsync(context, Name, parsed.GetValue(json), parsed.GetValue(format), console =>
                RunAsync(context, console, new DescribeRequest(
                    parsed.GetValue(pipeline)!, parsed.GetValue(targets), parsed.GetValue(connections), parsed.GetValue(connect),
                    parsed.GetValue(workflows), parsed.GetValue(local), parsed.GetValue(stateDir), parsed.GetValue(aws)), cancellationToken)));
        return command;
    }

    private sealed record DescribeRequest(
        string Pipeline, string? Targets, bool Connections, bool Connect, bool Workflows, bool Local, string? StateDirectory, bool Aws);

    private static async Task<int> RunAsync(CliContext context, CliConsole console, DescribeRequest request, CancellationToken cancellationToken)
    {
        if (request.Aws && (request.Local || request.StateDirectory is not null))
            throw CommandFailedException.Usage("--aws asks DataZone, --local/--state-dir the local stack: give one");
        if (request.Connections && !request.Connect)
            console.Problem("warning: -c/--connections lists connections with --connect only (describe reads no network without it)");

        var file = await ManifestFile.ReadAsync(context, request.Pipeline, cancellationToken).ConfigureAwait(false);
        var loaded = await file.LoadAsync(context, cancellationToken).ConfigureAwait(false);
        if (loaded.Manifest is not { } manifest)
        {
            if (!console.Json)
                DiagnosticReport.Write(console.Error, loaded.Diagnostics);
            return console.Fail(Name, new CliError(CliErrorKinds.InvalidManifest, $"{file.DisplayPath}: invalid: {DiagnosticReport.Counts(loaded)}",
                File: file.DisplayPath, Diagnostics: DiagnosticReport.Documents(loaded.Diagnostics)));
        }
        if (!console.Json)
            DiagnosticReport.Write(console.Error, loaded.Warnings);

        var stages = SelectStages(file, manifest, request.Targets);
        var found = request.Connect
            ? await LookUpAsync(context, stages, request, cancellationToken).ConfigureAwait(false)
            : null;

        var document = ToDocument(file, manifest, stages, found, request.Connections, loaded);
        if (!console.Json)
            DescribeText.Write(console.Output, file, manifest, document, request.Connect, request.Connections, request.Workflows);
        console.Document(document, CliJsonContext.Output.DescribeDocument);
        if (found?.Where(f => !f.Ok).ToList() is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
                console.Problem($"{file.DisplayPath}: stages.{problem.Stage}: {problem.Problem}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }

    /// <summary>The stages <c>-t</c> names, in manifest order, or every stage; an unknown name is a usage error naming the known ones.</summary>
    private static IReadOnlyList<TargetDefinition> SelectStages(ManifestFile file, PipelineManifest manifest, string? list)
    {
        if (list is null) return manifest.Targets;
        var names = CommonOptions.SplitList(list);
        if (names.Count == 0)
            throw CommandFailedException.Usage("-t/--targets names no stage");
        foreach (var name in names)
            if (manifest.FindTarget(name) is null)
                throw CommandFailedException.Usage($"{file.DisplayPath}: no stage '{name}'; the manifest's stages are {string.Join(", ", manifest.Targets.Select(t => t.Name))}");
        return [.. manifest.Targets.Where(t => names.Contains(t.Name, StringComparer.Ordinal))];
    }

    private static async Task<IReadOnlyList<StageFound>> LookUpAsync(
        CliContext context, IReadOnlyList<TargetDefinition> stages, DescribeRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(context, request, cancellationToken).ConfigureAwait(false);
        var lookup = new StageLookup(connection.Catalog);
        var found = new List<StageFound>();
        foreach (var stage in stages)
        {
            try
            {
                found.Add(await lookup.LookUpAsync(stage, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                // Credentials, access, endpoints: this stage cannot be looked up; the others still are.
                found.Add(new StageFound(stage.Name, null, null, false, [], $"not looked up: {e.Message}"));
            }
        }
        return found;
    }

    private sealed record CatalogConnection(IProjectCatalog Catalog, IAsyncDisposable? Host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Host is not null) await Host.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>DataZone on AWS (<c>--aws</c>), else the local stack's DataZone over its state directory, served on 127.0.0.1 for this command only.</summary>
    private static async Task<CatalogConnection> ConnectAsync(CliContext context, DescribeRequest request, CancellationToken cancellationToken)
    {
        if (request.Aws)
            return new CatalogConnection(new DataZoneProjectCatalog(region => new DataZoneClient(AwsClientOptions.ForRegion(region))), null);

        var stateDirectory = context.ResolvePath(request.StateDirectory ?? ".smus-local");
        var dataZoneState = Path.Combine(stateDirectory, "aws");
        if (!File.Exists(Path.Combine(dataZoneState, "datazone.json")))
            throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound,
                $"{BundleCommand.Shown(context, stateDirectory)}: no local stack state to connect to (run the pipeline offline first, or pass --state-dir DIR, or --aws for DataZone on AWS)",
                File: stateDirectory));
        var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions { StateDirectory = dataZoneState, TimeProvider = context.Clock }, cancellationToken).ConfigureAwait(false);
        var client = new DataZoneClient(AwsClientOptions.ForLocalEndpoint(host.BaseUrl, host.Credentials.AccessKeyId, host.Credentials.SecretAccessKey, host.Credentials.Region));
        return new CatalogConnection(new DataZoneProjectCatalog(_ => client), host);
    }

    private static DescribeDocument ToDocument(
        ManifestFile file, PipelineManifest manifest, IReadOnlyList<TargetDefinition> stages, IReadOnlyList<StageFound>? found,
        bool withConnections, ManifestLoadResult loaded)
    {
        var targets = new Dictionary<string, DescribeStageDocument>(StringComparer.Ordinal);
        foreach (var stage in stages)
            targets[stage.Name] = ToDocument(manifest, stage, found?.FirstOrDefault(f => f.Stage == stage.Name), withConnections);
        return new DescribeDocument(
            Name, found?.All(f => f.Ok) ?? true, file.DisplayPath,
            manifest.Format == ManifestFormat.Application ? "application" : "pipeline",
            manifest.Name,
            ToDocument(manifest.Domain ?? manifest.Targets.FirstOrDefault()?.Domain ?? new DomainReference("", ""), null),
            ContentOf(manifest),
            (manifest.Tests ?? manifest.Targets.Select(t => t.Tests).OfType<TestsDefinition>().FirstOrDefault()) is { } tests ? new DescribeTestsDocument(tests.Folder) : null,
            targets,
            DiagnosticReport.Documents(loaded.Diagnostics));
    }

    private static DescribeStageDocument ToDocument(PipelineManifest manifest, TargetDefinition stage, StageFound? found, bool withConnections)
    {
        var project = new DescribeProjectDocument(stage.Project.Name, stage.Create, stage.ProfileName,
            stage.Owners.Count > 0 ? stage.Owners : null, stage.Contributors.Count > 0 ? stage.Contributors : null);
        if (found?.Project is { } details)
            project = project with { Id = details.Id, Status = details.StatusName };
        else if (found is { Domain: not null, Project: null })
            project = project with { Status = "NOT_FOUND", WillCreate = found.ProjectWillBeCreated };
        var connections = found is not null && withConnections && found.Project is not null
            ? found.Connections.ToDictionary(c => c.Name, c => new DescribeConnectionDocument(c.Type, c.S3Uri), StringComparer.Ordinal)
            : null;
        return new DescribeStageDocument(
            stage.Stage,
            project,
            ToDocument(stage.Domain, found?.Domain?.Id),
            DeploymentsOf(manifest, stage),
            manifest.Bundle.CatalogAssets.Count > 0 && stage.SubscribesToCatalog,
            stage.BootstrapActions.Count > 0 ? new DescribeBootstrapDocument([.. stage.BootstrapActions.Select(ActionOf)]) : null,
            connections,
            found?.Problem,
            found?.Note);
    }

    private static DescribeDomainDocument ToDocument(DomainReference domain, string? id) =>
        new(domain.Name.Length > 0 ? domain.Name : null, domain.Region, domain.Tags is { Count: > 0 } tags ? tags : null, id);

    private static DescribeContentDocument ContentOf(PipelineManifest manifest)
    {
        var assets = manifest.Bundle.CatalogAssets.Select(a => a.Selector switch
        {
            AssetIdSelector byId => new DescribeAssetDocument(byId.AssetId, null, null, a.Permission.ToString().ToUpperInvariant(), a.RequestReason),
            SearchAssetSelector search => new DescribeAssetDocument(null, search.AssetType, search.Identifier, a.Permission.ToString().ToUpperInvariant(), a.RequestReason),
            _ => throw new InvalidOperationException("unknown asset selector"),
        }).ToList();
        if (manifest.Content is { } content)
            return new DescribeContentDocument(
                [.. content.Storage.Select(s => new DescribeStorageDocument(s.Name, s.ConnectionName, s.Include, s.Exclude, s.Append ? true : null))],
                [.. content.Git.Select(g => new DescribeGitDocument(g.Repository, g.Url, g.Branch))],
                assets,
                [.. content.QuickSight.Select(q => new DescribeQuickSightDocument(q.Name, q.Type.ToString().ToLowerInvariant(), q.AssetBundle))],
                [.. content.Workflows.Select(w => new DescribeWorkflowDocument(w.WorkflowName, w.ConnectionName, EngineName(w.Engine), ParametersOf(w.Parameters)))]);

        // The pipeline format's bundle items have no names: they are named by where they are written.
        var bundle = manifest.Bundle;
        return new DescribeContentDocument(
            [
                .. bundle.Storage.Select((s, i) => new DescribeStorageDocument($"bundle.storage[{i}]", s.ConnectionName, s.Include, s.Exclude, s.Append)),
                .. bundle.Workflow.Select((w, i) => new DescribeStorageDocument($"bundle.workflow[{i}]", w.ConnectionName, w.Include, w.Exclude, w.Append)),
            ],
            bundle.Git is { } git ? [new DescribeGitDocument(git.Repository, git.Url, null)] : [],
            assets,
            [],
            [.. manifest.Workflows.Select(w => new DescribeWorkflowDocument(w.WorkflowName, w.ConnectionName, EngineName(w.Engine),
                new JsonObject(w.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)ScalarOf(p.Value))))))]);
    }

    private static IReadOnlyList<DescribeDeploymentDocument> DeploymentsOf(PipelineManifest manifest, TargetDefinition stage)
    {
        if (manifest.Format == ManifestFormat.Application)
        {
            var list = stage.StorageDeployments
                .Select(s => new DescribeDeploymentDocument("storage", s.Name, s.ConnectionName, s.TargetDirectory ?? "", s.Compression)).ToList();
            if (stage.DeploymentConfiguration is { } configuration)
            {
                list.AddRange(configuration.Git.Select(g => new DescribeDeploymentDocument("git", g.Name, g.ConnectionName, g.TargetDirectory)));
                if (configuration.Workflows is { } workflows)
                    list.Add(new DescribeDeploymentDocument("workflows", "workflows", workflows.ConnectionName, workflows.Directory));
            }
            return list;
        }
        var target = stage.BundleTargetConfiguration;
        var destinations = new List<DescribeDeploymentDocument>();
        if (target?.Storage is { } storage) destinations.Add(new DescribeDeploymentDocument("storage", "bundle.storage", storage.ConnectionName, storage.Directory));
        if (target?.Workflows is { } flows) destinations.Add(new DescribeDeploymentDocument("workflows", "bundle.workflow", flows.ConnectionName, flows.Directory));
        if (target?.Git is { } gitDestination) destinations.Add(new DescribeDeploymentDocument("git", manifest.Bundle.Git?.Repository ?? "bundle.git", gitDestination.ConnectionName, gitDestination.Directory));
        return destinations;
    }

    internal static string EngineName(WorkflowEngine engine) => engine == WorkflowEngine.AirflowServerless ? "airflow-serverless" : "MWAA";

    /// <summary>smus-cli's action object: <c>{"type": ..., every parameter}</c>.</summary>
    private static JsonObject ActionOf(BootstrapAction action)
    {
        var json = new JsonObject { ["type"] = action.Type };
        foreach (var (key, value) in action.Parameters)
            json[key] = NodeOf(value);
        return json;
    }

    private static JsonObject ParametersOf(IReadOnlyDictionary<string, ManifestValue> parameters) =>
        new(parameters.Select(p => KeyValuePair.Create(p.Key, NodeOf(p.Value))));

    private static JsonNode? NodeOf(ManifestValue value) => value switch
    {
        ManifestScalarValue scalar => ScalarOf(scalar.Scalar),
        ManifestListValue list => new JsonArray([.. list.Items.Select(NodeOf)]),
        ManifestMapValue map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key, NodeOf(e.Value)))),
        _ => null,
    };

    /// <summary>Numbers and booleans as JSON numbers and booleans (their text as written otherwise).</summary>
    private static JsonNode ScalarOf(ManifestScalar scalar) => scalar.Kind switch
    {
        ManifestScalarKind.Integer when long.TryParse(scalar.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        ManifestScalarKind.Float when double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => JsonValue.Create(number),
        ManifestScalarKind.Boolean when bool.TryParse(scalar.Text, out var flag) => JsonValue.Create(flag),
        _ => JsonValue.Create(scalar.Text),
    };
}
