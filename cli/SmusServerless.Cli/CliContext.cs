using SmusServerless.Cli.Output;
using SmusServerless.Cli.Publishing;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli;

/// <summary>
/// Everything a command touches outside its arguments, injected so tests run commands in-process:
/// the two output streams, the environment variables (manifest <c>${VAR}</c> values, CI provenance variables),
/// the directory relative paths start from, the clock, and how to reach object storage.
/// </summary>
public sealed class CliContext(
    TextWriter output,
    TextWriter error,
    IReadOnlyDictionary<string, string?> environment,
    string workingDirectory,
    TimeProvider clock,
    IObjectStoreConnector objectStores)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public IReadOnlyDictionary<string, string?> Environment { get; } = environment;
    public string WorkingDirectory { get; } = Path.GetFullPath(workingDirectory);
    public TimeProvider Clock { get; } = clock;
    public IObjectStoreConnector ObjectStores { get; } = objectStores;

    /// <summary>Who the CLI runs as: the account and region a manifest's well-known variables name (looked up only when named).</summary>
    public ICallerIdentity Caller { get; init; } = new Sessions.StsCallerIdentity(environment);

    /// <summary>
    /// The <c>${VAR}</c> values for <paramref name="manifestText"/>: the session's well-known variables (when the text
    /// names them) over the CLI's environment, as smus-cli reads a manifest.
    /// </summary>
    public Task<IVariableSource> VariablesForAsync(string manifestText, CancellationToken cancellationToken) =>
        SessionVariableSource.ForManifestAsync(manifestText, new EnvironmentVariableSource(Environment), Caller, cancellationToken);

    /// <summary>An absolute path for <paramref name="path"/> as the user wrote it (relative to <see cref="WorkingDirectory"/>).</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    public CliConsole Console(bool json) => new(Output, Error, json);

    public CliConsole Console(OutputMode mode) => new(Output, Error, mode);

    /// <summary>
    /// Runs a command body and turns its named failures into exit codes and messages: <see cref="CommandFailedException"/>
    /// (1, or 2 for usage), cancellation (1) and anything unexpected (1, one line, no stack trace).
    /// </summary>
    public Task<int> RunAsync(string command, bool json, Func<CliConsole, Task<int>> body) =>
        RunAsync(command, json ? OutputMode.JsonLines : OutputMode.Text, body);

    /// <summary>As <see cref="RunAsync(string, bool, Func{CliConsole, Task{int}})"/>, with <c>-o TEXT|JSON</c> or <c>--json</c> decided.</summary>
    public async Task<int> RunAsync(string command, OutputMode mode, Func<CliConsole, Task<int>> body)
    {
        var console = Console(mode);
        try
        {
            return await body(console).ConfigureAwait(false);
        }
        catch (CommandFailedException e) when (e.Error.Kind == CliErrorKinds.Usage)
        {
            return console.UsageError(command, e.Error.Message);
        }
        catch (CommandFailedException e)
        {
            return console.Fail(command, e.Error);
        }
        catch (OperationCanceledException)
        {
            return console.Fail(command, new CliError(CliErrorKinds.Cancelled, $"{command}: cancelled"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return console.Fail(command, new CliError(CliErrorKinds.Internal, $"{command}: unexpected {e.GetType().Name}: {e.Message}"));
        }
    }
}

/// <summary>A command cannot go on; <see cref="Error"/> says why in words a person can act on.</summary>
public sealed class CommandFailedException(CliError error) : Exception(error.Message)
{
    public CliError Error { get; } = error;

    public static CommandFailedException Usage(string message) => new(new CliError(CliErrorKinds.Usage, message));
}
