using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Testing;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>HMAC-SHA256 with a fixed key, compared in constant time (as the real adapters do).</summary>
public sealed class HmacMacService(byte[] key) : IMacService
{
    public HmacMacService(string key) : this(Encoding.UTF8.GetBytes(key)) { }

    public int Generated { get; private set; }

    public Task<byte[]> GenerateMacAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        Generated++;
        return Task.FromResult(HMACSHA256.HashData(key, message.Span));
    }

    public Task<bool> VerifyMacAsync(ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> mac, CancellationToken cancellationToken) =>
        Task.FromResult(CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, message.Span), mac.Span));
}

/// <summary>A reversible stand-in for KMS that still binds the ciphertext to the approval id.</summary>
public sealed class ReversibleTokenVault : ITaskTokenVault
{
    public Task<byte[]> EncryptAsync(string approvalId, string taskToken, CancellationToken cancellationToken) =>
        Task.FromResult(Encoding.UTF8.GetBytes($"{approvalId}\n{new string(taskToken.Reverse().ToArray())}"));

    public Task<string> DecryptAsync(string approvalId, byte[] encryptedTaskToken, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(encryptedTaskToken);
        var split = text.IndexOf('\n');
        if (text[..split] != approvalId)
            throw new CryptographicException("ciphertext belongs to another approval");
        return Task.FromResult(new string(text[(split + 1)..].Reverse().ToArray()));
    }
}

public sealed class InMemoryApprovalStore : IApprovalStore
{
    private readonly Dictionary<string, ApprovalRecord> _records = new();
    private readonly Lock _gate = new();

    public Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_records.TryAdd(record.ApprovalId, record));
    }

    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_records.GetValueOrDefault(approvalId));
    }

    public Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(approvalId, out var record))
                return Task.FromResult(new VoteAppendResult(VoteAppendStatus.NotFound, null));
            if (record.Status != ApprovalStatus.Pending)
                return Task.FromResult(new VoteAppendResult(VoteAppendStatus.NotPending, record));
            if (record.VoteOf(vote.Approver) is not null)
                return Task.FromResult(new VoteAppendResult(VoteAppendStatus.AlreadyVoted, record));
            var updated = record with { Votes = [.. record.Votes, vote] };
            _records[approvalId] = updated;
            return Task.FromResult(new VoteAppendResult(VoteAppendStatus.Appended, updated));
        }
    }

    public Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(approvalId, out var record) || record.Status != ApprovalStatus.Pending)
                return Task.FromResult(false);
            _records[approvalId] = record with { Resolution = resolution };
            return Task.FromResult(true);
        }
    }

    public Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken)
    {
        lock (_gate)
            _records[approvalId] = _records[approvalId] with { Resolution = _records[approvalId].Resolution! with { CallbackDelivered = true } };
        return Task.CompletedTask;
    }
}

public sealed record TaskCallbackCall(string Kind, string TaskToken, string? Output, string? Error, string? Cause);

public sealed class RecordingTaskCallback : ITaskCallback
{
    private readonly List<TaskCallbackCall> _calls = new();
    public int FailuresToSimulate { get; set; }
    public IReadOnlyList<TaskCallbackCall> Calls { get { lock (_calls) return _calls.ToList(); } }

    public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
        Record(new TaskCallbackCall("success", taskToken, outputJson, null, null));

    public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
        Record(new TaskCallbackCall("failure", taskToken, null, error, cause));

    private Task Record(TaskCallbackCall call)
    {
        lock (_calls)
        {
            if (FailuresToSimulate > 0)
            {
                FailuresToSimulate--;
                throw new HttpRequestException("simulated outage");
            }
            _calls.Add(call);
        }
        return Task.CompletedTask;
    }
}

public sealed class RecordingAuditLog : IAuditLog
{
    private readonly List<AuditEntry> _entries = new();
    public IReadOnlyList<AuditEntry> Entries { get { lock (_entries) return _entries.ToList(); } }

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (_entries)
            _entries.Add(entry);
        return Task.CompletedTask;
    }
}

public sealed class RecordingNotifier : IApprovalNotifier
{
    public List<ApprovalRequestedEvent> Requested { get; } = new();
    public List<ApprovalDecidedEvent> Decided { get; } = new();
    public List<ApprovalExpiredEvent> Expired { get; } = new();

    public Task ApprovalRequestedAsync(ApprovalRequestedEvent requested, CancellationToken cancellationToken) { lock (Requested) Requested.Add(requested); return Task.CompletedTask; }
    public Task ApprovalDecidedAsync(ApprovalDecidedEvent decided, CancellationToken cancellationToken) { lock (Decided) Decided.Add(decided); return Task.CompletedTask; }
    public Task ApprovalExpiredAsync(ApprovalExpiredEvent expired, CancellationToken cancellationToken) { lock (Expired) Expired.Add(expired); return Task.CompletedTask; }
}

public sealed class RecordingLog : IApprovalLog
{
    private readonly List<ApprovalLogEntry> _entries = new();
    public IReadOnlyList<ApprovalLogEntry> Entries { get { lock (_entries) return _entries.ToList(); } }
    public void Write(ApprovalLogEntry entry) { lock (_entries) _entries.Add(entry); }
}
