using System.CommandLine;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Endpoints.StepFunctions;
using SmusServerless.Local.StepFunctions;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>serve [--port P] [--state-dir DIR]</c>: the local AWS endpoints (DataZone, Step Functions, EventBridge) in the
/// foreground, on 127.0.0.1, until Ctrl-C or SIGTERM. Official AWS SDKs and our own clients talk to them with the
/// printed credentials; requests must be SigV4-signed with them.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 4599 };
        var stateDir = new Option<string>("--state-dir") { Description = "Where the local stack keeps its state.", DefaultValueFactory = _ => ".smus-local" };
        var command = new Command(Name, "Serve the local DataZone, Step Functions and EventBridge endpoints until interrupted.") { port, stateDir };
        command.SetAction((parsed, cancellationToken) =>
            context.RunAsync(Name, json: false, console => RunAsync(context, console, parsed.GetValue(port), context.ResolvePath(parsed.GetValue(stateDir)!), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, CliConsole console, int port, string stateDirectory, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
            throw CommandFailedException.Usage($"--port {port} is not a port number");
        Directory.CreateDirectory(stateDirectory);
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { StateDirectory = Path.Combine(stateDirectory, "stepfunctions"), Clock = context.Clock });
        await using var host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions
        {
            Port = port,
            StateDirectory = Path.Combine(stateDirectory, "aws"),
            TimeProvider = context.Clock,
            StepFunctions = new LocalStepFunctionsBackend(engine),
        }, cancellationToken).ConfigureAwait(false);

        foreach (var endpoint in host.Endpoints)
            console.Line($"{endpoint.Service,-12} {endpoint.BaseUrl}  (SigV4 service '{endpoint.SigningName}')");
        console.Line($"credentials  AWS_ACCESS_KEY_ID={host.Credentials.AccessKeyId} AWS_SECRET_ACCESS_KEY={host.Credentials.SecretAccessKey} AWS_REGION={host.Credentials.Region}");
        console.Line($"state        {stateDirectory}");
        console.Line("Ctrl-C to stop.");

        try
        {
            // Executions started over the wire run here; callbacks wake them up.
            while (!cancellationToken.IsCancellationRequested)
            {
                await engine.RunUntilIdleAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(200), context.Clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        console.Line("stopped");
        return ExitCodes.Success;
    }
}
