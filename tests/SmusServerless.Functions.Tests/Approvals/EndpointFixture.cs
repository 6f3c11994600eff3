using System.Text.RegularExpressions;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>
/// The gate as Lambda composes it, on the offline adapters (file store, local keys, JSON-lines audit), with a
/// manual clock, a recording Step Functions callback and captured log and event output.
/// Requests go straight into the Function URL handler as payload-2.0 events.
/// </summary>
public sealed partial class EndpointFixture : IDisposable
{
    public const string TaskToken = "AAAAKgAAAAIAAAAAAAAAAeSecretTaskToken+/=";
    public static readonly Uri BaseUrl = new("https://abc123.lambda-url.eu-west-1.on.aws/");
    public static readonly string[] Approvers = ["alice@example.com", "bob@example.com", "carol@example.com"];

    private readonly TemporaryDirectory _state = new();

    public EndpointFixture(int quorum = 2, IApprovalStore? store = null)
    {
        Audit = FileAuditLog.InStateDirectory(_state.Path);
        Store = store ?? new FileApprovalStore(Path.Combine(_state.Path, "approvals"));
        Options = new ApprovalGateOptions(new ApprovalPolicy(Approvers, quorum, TimeSpan.FromHours(24)), BaseUrl);
        Ports = new ApprovalGatePorts(
            Store,
            LocalMacService.FromStateDirectory(_state.Path),
            LocalTaskTokenVault.FromStateDirectory(_state.Path),
            Callback,
            Audit,
            new JsonLinesApprovalNotifier(Events),
            new ConsoleApprovalLog(Logs, Clock),
            Clock);
        Gate = new ApprovalGate(Ports, Options);
    }

    public string StateDirectory => _state.Path;
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    public RecordingTaskCallback Callback { get; } = new();
    public StringWriter Logs { get; } = new();
    public StringWriter Events { get; } = new();
    public FileAuditLog Audit { get; }
    public IApprovalStore Store { get; }
    public ApprovalGateOptions Options { get; }
    public ApprovalGatePorts Ports { get; }
    public ApprovalGate Gate { get; }

    public static ApprovalRequestInput Input(string approvalId = "run-1-prod", string author = "Alice <alice@example.com>") => new()
    {
        ApprovalId = approvalId,
        TaskToken = TaskToken,
        Pipeline = "sales-pipeline",
        BundleName = "sales",
        BundleVersion = "1.4.0",
        SourceCommit = "3f9c2e1",
        Author = author,
        Target = "prod",
        Stage = "PROD",
        Files = new FileChangesInput { Added = ["storage/new.sql"], Changed = ["workflows/dag.py"], Removed = ["storage/old.sql"] },
        PreviousTestResults = [new TestResultInput { Target = "test", Outcome = "Passed", Passed = 12, Failed = 0, Summary = "12 passed" }],
    };

    /// <summary>Runs the request task and returns each approver's link from the emitted "Approval Requested" event.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RequestAsync(ApprovalRequestInput? input = null)
    {
        await Gate.RequestHandler.HandleAsync(input ?? Input(), default);
        var line = Events.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.Contains("\"Approval Requested\""));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        return json.RootElement.GetProperty("detail").GetProperty("links").EnumerateArray()
            .ToDictionary(l => l.GetProperty("approver").GetString()!, l => l.GetProperty("url").GetString()!);
    }

    public static FunctionUrlRequest Get(string url, string method = "GET") => Event(url, method, null, null);

    public static FunctionUrlRequest Post(string url, string? body, string contentType = "application/x-www-form-urlencoded", bool base64 = false) =>
        Event(url, "POST", body, contentType, base64);

    public static FunctionUrlRequest Event(string url, string method, string? body, string? contentType, bool base64 = false)
    {
        var uri = new Uri(url);
        var headers = new Dictionary<string, string> { ["host"] = uri.Host, ["user-agent"] = "Mozilla/5.0 (fixture)" };
        if (contentType is not null)
            headers["content-type"] = contentType;
        return new FunctionUrlRequest
        {
            Version = "2.0",
            RawPath = uri.AbsolutePath,
            RawQueryString = uri.Query.TrimStart('?'),
            Headers = headers,
            Body = body,
            IsBase64Encoded = base64,
            RequestContext = new FunctionUrlRequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Http = new FunctionUrlHttp { Method = method, Path = uri.AbsolutePath, Protocol = "HTTP/1.1", SourceIp = "198.51.100.23", UserAgent = "Mozilla/5.0 (fixture)" },
            },
        };
    }

    public Task<FunctionUrlResponse> SendAsync(FunctionUrlRequest request) => Gate.Endpoint.HandleAsync(request, default);

    /// <summary>Opens the link, reads the form nonce from the page, and posts the decision back to the same link.</summary>
    public async Task<FunctionUrlResponse> VoteAsync(string link, string decision, string? comment = null)
    {
        var page = await SendAsync(Get(link));
        var nonce = NonceOf(page.Body) ?? "";
        var body = $"nonce={Uri.EscapeDataString(nonce)}&decision={decision}" + (comment is null ? "" : $"&comment={Uri.EscapeDataString(comment)}");
        return await SendAsync(Post(link, body));
    }

    public static string? NonceOf(string html)
    {
        var match = NonceField().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static string SignatureOf(string link) =>
        Uri.UnescapeDataString(new Uri(link).Query.TrimStart('?').Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);

    public async Task<ApprovalRecord> RecordAsync(string approvalId = "run-1-prod") => (await Store.GetAsync(approvalId, default))!;

    public void Dispose() => _state.Dispose();

    [GeneratedRegex("name=\"nonce\" value=\"([^\"]+)\"")]
    private static partial Regex NonceField();
}
