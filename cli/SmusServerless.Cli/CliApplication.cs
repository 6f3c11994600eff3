using System.CommandLine;
using SmusServerless.Cli.Commands;
using SmusServerless.Cli.Publishing;

namespace SmusServerless.Cli;

/// <summary>What a caller may replace; every value has a production default.</summary>
public sealed record CliOptions
{
    /// <summary>Where relative paths start; the process's current directory by default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The clock of the local stack (and of local bundle versions); the system clock by default. Bundle times never come from it.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>How <c>publish</c> reaches object storage; Amazon S3 through AWSSDK.S3 by default.</summary>
    public IObjectStoreConnector? ObjectStores { get; init; }

    /// <summary>Who the CLI runs as, for a manifest's <c>${AWS_ACCOUNT_ID}</c> and <c>${STS_REGION}</c>; STS and the SDK's region chain by default.</summary>
    public Core.Manifest.ICallerIdentity? Caller { get; init; }
}

/// <summary>
/// The <c>smus-serverless</c> command line, runnable in-process: <see cref="RunAsync"/> parses the arguments, reports
/// usage errors with exit code 2, and runs the chosen command against the given streams and environment.
/// </summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string?> environment,
        CliOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        options ??= new CliOptions();
        var context = new CliContext(
            stdout, stderr, environment,
            options.WorkingDirectory ?? Directory.GetCurrentDirectory(),
            options.Clock ?? TimeProvider.System,
            options.ObjectStores ?? new S3ObjectStoreConnector(environment))
        {
            Caller = options.Caller ?? new Sessions.StsCallerIdentity(environment),
        };

        var root = CreateRootCommand(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                stderr.WriteLine($"smus-serverless: {error.Message}");
            var command = parsed.CommandResult.Command;
            var name = command is RootCommand ? "" : command.Name + " ";
            stderr.WriteLine($"See 'smus-serverless {name}--help'.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Failures are reported by CliContext.RunAsync; Ctrl+C reaches us through the cancellation token.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command tree; one class per command under <c>Commands/</c>.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("smus-serverless: validate, bundle, inspect and publish SageMaker Unified Studio pipeline bundles.")
        {
            CreateCommand.Create(context),
            DescribeCommand.Create(context),
            ValidateCommand.Create(context),
            BundleCommand.Create(context),
            InspectCommand.Create(context),
            PublishCommand.Create(context),
            ServeCommand.Create(context),
            RunCommand.Create(context),
            DeployCommand.Create(context),
            StatusCommand.Create(context),
            VoteCommand.Create(context, Core.Approvals.ApprovalDecision.Approve),
            VoteCommand.Create(context, Core.Approvals.ApprovalDecision.Reject),
        };
        // Help shows this name however the CLI is hosted (dotnet tool, dotnet run, a test host).
        root.HelpName = "smus-serverless";
        return root;
    }
}
