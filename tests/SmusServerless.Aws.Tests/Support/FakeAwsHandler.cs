using System.Net;
using System.Text;

namespace SmusServerless.Aws.Tests.Support;

/// <summary>A request as the fake transport saw it.</summary>
public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>An in-memory transport: answers each request with the next scripted response and records it.</summary>
public sealed class FakeAwsHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, HttpResponseMessage>> _responses = new();
    public List<RecordedRequest> Requests { get; } = [];

    public FakeAwsHandler Respond(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        _responses.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
                response.Headers.TryAddWithoutValidation(name, value);
            return response;
        });
        return this;
    }

    public FakeAwsHandler Respond(Func<RecordedRequest, HttpResponseMessage> responder)
    {
        _responses.Enqueue(responder);
        return this;
    }

    public FakeAwsHandler Throw(Exception exception)
    {
        _responses.Enqueue(_ => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Like a real transport, a cancelled (or timed-out) call never reaches the wire.
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body);
        Requests.Add(recorded);
        if (_responses.Count == 0)
            throw new InvalidOperationException($"No scripted response left for {request.Method} {request.RequestUri}.");
        return _responses.Dequeue()(recorded);
    }
}
