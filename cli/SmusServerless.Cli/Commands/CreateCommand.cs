using System.CommandLine;
using System.Text;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>create [-n NAME] [--stages dev,test,prod] [--domain-id ID] [--dev-project-id ID] [--region R] [-o manifest.yaml] [--json]</c>
/// (smus-cli's command): writes a starter manifest in the application format (<c>applicationName</c>, <c>content</c>,
/// <c>stages</c>) that the validator accepts as written, and never overwrites a file (exit 1 naming it). Reads no
/// network: the domain and project IDs are written as comments beside the names to fill in.
/// </summary>
public static partial class CreateCommand
{
    public const string Name = "create";
    public const string DefaultApplicationName = "YourApplicationName";
    public const string DefaultStages = "dev,test,prod";
    public const string DefaultRegion = "us-east-1";

    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name", "-n") { Description = "applicationName.", DefaultValueFactory = _ => DefaultApplicationName, HelpName = "NAME" };
        var stages = new Option<string>("--stages") { Description = "The stages, comma-separated, in deployment order.", DefaultValueFactory = _ => DefaultStages, HelpName = "a,b" };
        var domainId = new Option<string?>("--domain-id") { Description = "The SageMaker Unified Studio domain's ID, written beside its name (not looked up).", HelpName = "ID" };
        var devProjectId = new Option<string?>("--dev-project-id") { Description = "The dev project's ID, written beside its name (not looked up).", HelpName = "ID" };
        var region = new Option<string>("--region") { Description = "The domain's region.", DefaultValueFactory = _ => DefaultRegion, HelpName = "R" };
        // smus-cli's meaning here: the file, not the output format.
        var output = new Option<string>("--output", "-o") { Description = "The manifest file to write; an existing file is never overwritten.", DefaultValueFactory = _ => ManifestFile.SmusCliPath, HelpName = "FILE" };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Write a starter manifest (smus-cli's application format) that validates as written.")
        {
            name, stages, domainId, devProjectId, region, output, json,
        };
        command.SetAction((parsed, cancellationToken) =>
            context.RunAsync(Name, parsed.GetValue(json), console => RunAsync(context, console,
                new CreateRequest(parsed.GetValue(name)!, parsed.GetValue(stages)!, parsed.GetValue(domainId), parsed.GetValue(devProjectId),
                    parsed.GetValue(region)!, parsed.GetValue(output)!), cancellationToken)));
        return command;
    }

    internal sealed record CreateRequest(string Name, string Stages, string? DomainId, string? DevProjectId, string Region, string Output);

    private static async Task<int> RunAsync(CliContext context, CliConsole console, CreateRequest request, CancellationToken cancellationToken)
    {
        var stages = CommonOptions.SplitList(request.Stages);
        if (stages.Count == 0)
            throw CommandFailedException.Usage("--stages names no stage");
        if (stages.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw CommandFailedException.Usage($"--stages names '{twice.Key}' twice");

        var text = Template(request, stages);
        // The starter must be one the validator accepts: a name, stage or region it refuses is the command line's fault.
        var check = ManifestLoader.Load(text, request.Output, new EnvironmentVariableSource(new Dictionary<string, string?>()));
        if (!check.IsValid)
            throw CommandFailedException.Usage("the manifest would not validate with these values (check -n, --stages and --region):\n" +
                string.Join("\n", check.Diagnostics.Where(d => d.IsError).Select(d => $"  {d.Path}: {d.Message}")));

        var path = context.ResolvePath(request.Output);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // CreateNew: an existing manifest is never replaced, even by a race with another writer.
            await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (File.Exists(path) || Directory.Exists(path))
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Io,
                $"{request.Output}: already exists; create never overwrites a manifest (pass -o OTHER.yaml, or move it away)", File: request.Output));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Io, $"{request.Output}: not written: {e.Message}", File: request.Output));
        }

        console.Line($"created {request.Output}: application {request.Name}, stages {string.Join(", ", stages)} ({request.Region})");
        console.Line("next: replace the domain and project names marked 'fill in', then");
        console.Line($"  smus-serverless describe -m {request.Output}");
        console.Line($"  smus-serverless bundle -m {request.Output} --version 1.0.0");
        console.Document(new CreateDocument(Name, true, path, request.Name, stages, request.Region), CliJsonContext.Output.CreateDocument);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The starter manifest: one storage item from the checkout (<c>src/</c>), deployed to each stage's shared S3
    /// location under <c>src</c>; the dev stage uses an existing project, the later stages' projects are created.
    /// Values from the command line are single-quoted, so YAML reads them as the strings given.
    /// </summary>
    internal static string Template(CreateRequest request, IReadOnlyList<string> stages)
    {
        var devStage = stages.FirstOrDefault(s => string.Equals(s, "dev", StringComparison.OrdinalIgnoreCase)) ?? stages[0];
        var text = new StringBuilder();
        text.Append($"""
            # Starter manifest written by 'smus-serverless create', in smus-cli's application format.
            # Check it: smus-serverless validate -m {Path.GetFileName(request.Output)}; see where things go: smus-serverless describe -m {Path.GetFileName(request.Output)}
            applicationName: {Quoted(request.Name)}

            content:
              # Files from the checkout, relative to this file's folder (add a connectionName to take them from the dev project instead).
              storage:
                - name: code
                  include: ['src']
                  exclude: ['__pycache__/', '*.pyc', '.ipynb_checkpoints/']
              # workflows:
              #   - workflowName: my_workflow
              #     connectionName: default.workflow_serverless

            # App tests, run with pytest after each stage's deploy (relative to the working directory).
            # tests:
            #   folder: tests

            stages:

            """);
        foreach (var stage in stages)
        {
            var isDev = stage == devStage;
            text.Append($"""
                  {Quoted(stage)}:
                    stage: {Quoted(stage.ToUpperInvariant())}
                    domain:
                      name: 'your-domain-name'  # fill in: the domain's name{(request.DomainId is { } domain ? $" (ID {domain})" : "")}
                      region: {Quoted(request.Region)}
                    project:
                      name: {Quoted(ProjectName(request, stage, isDev))}  # fill in{(isDev && request.DevProjectId is { } project ? $": the name of project {project}" : "")}
                      create: {(isDev ? "false  # an existing project" : "true  # created at the first deploy")}
                    deployment_configuration:
                      storage:
                        - name: code
                          connectionName: default.s3_shared
                          targetDirectory: src
                    # bootstrap:
                    #   actions:
                    #     - type: workflow.create


                """);
        }
        return text.ToString().TrimEnd() + "\n";
    }

    private static string ProjectName(CreateRequest request, string stage, bool isDev) =>
        isDev && request.DevProjectId is null ? "dev-project-name" : $"{request.Name.ToLowerInvariant()}-{stage.ToLowerInvariant()}";

    /// <summary>A plain YAML scalar when the value reads as that string anyway, else single-quoted.</summary>
    private static string Quoted(string value) =>
        PlainScalar().IsMatch(value) && !YamlWords.Contains(value) ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Words YAML 1.1 readers take for booleans or null.
    private static readonly HashSet<string> YamlWords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "yes", "no", "on", "off", "y", "n", "null" };

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial System.Text.RegularExpressions.Regex PlainScalar();
}
