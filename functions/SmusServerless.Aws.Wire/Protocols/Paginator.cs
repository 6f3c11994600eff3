using System.Runtime.CompilerServices;

namespace SmusServerless.Aws.Protocols;

/// <summary>Follows <c>nextToken</c> page after page (paginators-1.json).</summary>
public static class Paginator
{
    public static async IAsyncEnumerable<TItem> EnumerateAsync<TRequest, TResponse, TItem>(
        string operation,
        TRequest firstRequest,
        Func<TRequest, string?, TRequest> withToken,
        Func<TRequest, CancellationToken, Task<TResponse>> call,
        Func<TResponse, IReadOnlyList<TItem>?> items,
        Func<TResponse, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = firstRequest;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await call(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(page) ?? [])
                yield return item;
            var token = nextToken(page);
            if (string.IsNullOrEmpty(token))
                yield break;
            // A service that hands back a token it already gave would otherwise loop forever.
            if (!seen.Add(token))
                throw new InvalidOperationException($"{operation} returned a pagination token it had already returned; stopping to avoid an endless loop.");
            request = withToken(request, token);
        }
    }
}
