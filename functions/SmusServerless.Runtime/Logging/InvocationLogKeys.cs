using System.Globalization;
using System.Text.Json;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.Logging;

/// <summary>
/// Where in a handler's input (and output) the runtime finds the invocation's <c>correlation_id</c> and appended keys,
/// as Powertools' <c>[Logging(CorrelationIdPath = "/headers/x-id")]</c> does: JSON Pointers (RFC 6901) into the event.
/// The runtime applies them before the handler runs, so every line of the invocation (the runtime's own error line too)
/// carries them; a key the input lacks is looked up in the output once the handler has returned (the start function
/// learns its execution's ARN from StartExecution). A key is set from the first of its pointers that finds a string
/// or a number; nothing else of the input is read, and no pointer may pass through a member named like a secret.
/// </summary>
public sealed class InvocationLogKeys
{
    private static readonly SecretRedactor Redactor = SecretRedactor.Default;

    private readonly List<string> _correlationId = [];
    private readonly List<(string Key, string[] Pointers)> _keys = [];

    /// <summary>The JSON Pointers of the correlation id, tried in order.</summary>
    public IReadOnlyList<string> CorrelationIdPointers => _correlationId;

    /// <summary>The appended keys and their JSON Pointers, in the order the lines show them.</summary>
    public IReadOnlyList<(string Key, string[] Pointers)> Keys => _keys;

    public InvocationLogKeys CorrelationIdFrom(params string[] pointers)
    {
        _correlationId.AddRange(Checked(pointers));
        return this;
    }

    public InvocationLogKeys Key(string key, params string[] pointers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (PowertoolsLogKeys.IsReserved(key))
            throw new ArgumentException($"'{key}' is a standard log key and cannot be appended.", nameof(key));
        if (Redactor.IsSensitiveKey(key))
            throw new ArgumentException($"'{key}' is named like a secret; a secret is never a log key.", nameof(key));
        if (_keys.Exists(k => k.Key == key))
            throw new ArgumentException($"'{key}' is declared twice.", nameof(key));
        _keys.Add((key, Checked(pointers)));
        return this;
    }

    /// <summary>Sets what the input holds; what it does not hold is left for <see cref="ApplyResponse"/>.</summary>
    internal void ApplyRequest(ReadOnlySpan<byte> json, LambdaLogContext context) => Apply(json, context);

    /// <summary>Fills in, from the handler's output, what the input did not have.</summary>
    internal void ApplyResponse(ReadOnlySpan<byte> json, LambdaLogContext context) => Apply(json, context);

    private void Apply(ReadOnlySpan<byte> json, LambdaLogContext context)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
                return;
            document = parsed;
        }
        catch (JsonException)
        {
            // The handler's decoding reports a malformed input; the keys just stay unset.
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (context.CorrelationId is null && First(root, _correlationId) is { } correlationId)
                context.SetCorrelationId(correlationId);
            foreach (var (key, pointers) in _keys)
            {
                if (!context.AppendedKeys.Any(pair => pair.Key == key) && First(root, pointers) is { } value)
                    context.AppendKey(key, new LogIdentifier(value));
            }
        }
    }

    private static string? First(JsonElement root, IEnumerable<string> pointers)
    {
        foreach (var pointer in pointers)
        {
            if (Resolve(root, pointer) is { } found)
            {
                var text = found.ValueKind switch
                {
                    JsonValueKind.String => found.GetString(),
                    JsonValueKind.Number => found.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrEmpty(text))
                    return text;
            }
        }

        return null;
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var token in Tokens(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var member))
                current = member;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                     && index < current.GetArrayLength())
                current = current[index];
            else
                return null;
        }

        return current;
    }

    private static IEnumerable<string> Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    private static string[] Checked(string[] pointers)
    {
        ArgumentNullException.ThrowIfNull(pointers);
        if (pointers.Length == 0)
            throw new ArgumentException("Give at least one JSON Pointer.", nameof(pointers));
        foreach (var pointer in pointers)
        {
            if (string.IsNullOrEmpty(pointer) || pointer[0] != '/')
                throw new ArgumentException($"'{pointer}' is not a JSON Pointer (RFC 6901: it starts with '/').", nameof(pointers));
            if (Tokens(pointer).FirstOrDefault(Redactor.IsSensitiveKey) is { } secret)
                throw new ArgumentException($"'{pointer}' reads '{secret}', which is named like a secret; a secret is never a log key.", nameof(pointers));
        }

        return pointers;
    }
}
