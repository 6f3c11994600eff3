using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.RuntimeApi;

namespace SmusServerless.Runtime;

/// <summary>
/// Maps the function's <c>_HANDLER</c> setting (e.g. <c>resolve</c>) to a factory of its handler, so that one
/// bootstrap hosts every function. The factory runs once per sandbox, during init.
/// </summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, Func<RuntimeServices, IInvocationHandler>> _factories = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _factories.Keys;

    /// <summary>Registers <paramref name="name"/>; a name may be registered once.</summary>
    /// <param name="logKeys">Where the invocation's correlation id and appended keys are in its input and output
    /// (<see cref="InvocationLogKeys"/>); the runtime sets them on every log line of the invocation.</param>
    public HandlerRegistry Add<TRequest, TResponse>(string name, Func<RuntimeServices, ILambdaHandler<TRequest, TResponse>> factory,
        InvocationLogKeys? logKeys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Handler name '{name}' contains white space.", nameof(name));
        }

        if (!_factories.TryAdd(name, services => new TypedInvocationHandler<TRequest, TResponse>(name, factory(services), logKeys, services)))
        {
            throw new ArgumentException($"A handler named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    internal bool TryGetFactory(string name, out Func<RuntimeServices, IInvocationHandler> factory) =>
        _factories.TryGetValue(name, out factory!);
}

/// <summary>A handler seen by the runtime loop: JSON bytes in, JSON bytes out.</summary>
internal interface IInvocationHandler
{
    Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Decodes, handles, encodes; sets the invocation's log keys from the input before the handler runs (and from the
/// output after), and ends a handled invocation with one line, so that every invocation leaves a line to join on.
/// </summary>
internal sealed class TypedInvocationHandler<TRequest, TResponse>(
    string name,
    ILambdaHandler<TRequest, TResponse> handler,
    InvocationLogKeys? logKeys,
    RuntimeServices services) : IInvocationHandler
{
    private readonly ILogger _logger = services.LoggerFactory.CreateLogger("SmusServerless.Runtime");

    public async Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        var started = services.Time.GetTimestamp();
        logKeys?.ApplyRequest(payload, services.LogContext);
        TRequest? input;
        try
        {
            input = JsonSerializer.Deserialize(payload, handler.RequestTypeInfo);
        }
        catch (JsonException error)
        {
            // The message names where the input broke, never what it held: the input may carry a task token.
            throw new InvalidInputException(
                $"The input is not a valid {typeof(TRequest).Name}: {Describe(error)}.");
        }

        if (input is null)
        {
            throw new InvalidInputException($"The input is JSON null; a {typeof(TRequest).Name} was expected.");
        }

        var output = await handler.HandleAsync(input, context, cancellationToken).ConfigureAwait(false);
        var response = JsonSerializer.SerializeToUtf8Bytes(output, handler.ResponseTypeInfo);
        logKeys?.ApplyResponse(response, services.LogContext);
        _logger.LogInformation("{Handler} handled the invocation in {DurationMs} ms", name,
            Math.Round(services.Time.GetElapsedTime(started).TotalMilliseconds, 1));
        return response;
    }

    private static string Describe(JsonException error) =>
        $"the JSON at {error.Path ?? "$"} (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}) is malformed or of the wrong type";
}

/// <summary>The invocation's input could not be read as the handler's request type.</summary>
public sealed class InvalidInputException(string message) : Exception(message), IErrorType
{
    public string ErrorType => RuntimeErrorTypes.InvalidInput;
}
