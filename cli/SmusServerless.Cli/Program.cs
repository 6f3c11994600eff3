using SmusServerless.Cli;

using var signals = new ShutdownSignals();
var exitCode = await CliApplication.RunAsync(
    args, Console.Out, Console.Error, EnvironmentVariableSource.ProcessEnvironment(), cancellationToken: signals.Token);
return signals.ExitCodeFor(exitCode);
