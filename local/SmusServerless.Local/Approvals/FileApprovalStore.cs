using System.Text.Json;
using System.Text.Json.Serialization;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>
/// Approval records as JSON files (<c>{id}.json</c>) in a directory. Every write is a read-check-write under an
/// exclusive per-record file lock, finished by an atomic rename, so conditional writes hold across threads and
/// processes (two CLI invocations, the CLI and the local server) and readers never see a half-written file.
/// </summary>
public sealed class FileApprovalStore : IApprovalStore
{
    private readonly string _directory;

    public FileApprovalStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public async Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(record.ApprovalId, cancellationToken).ConfigureAwait(false);
        if (File.Exists(RecordPath(record.ApprovalId)))
            return false;
        await WriteAsync(record, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken) =>
        ReadAsync(approvalId, cancellationToken);

    public async Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(approvalId, cancellationToken).ConfigureAwait(false);
        var record = await ReadAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
            return new VoteAppendResult(VoteAppendStatus.NotFound, null);
        if (record.Status != ApprovalStatus.Pending)
            return new VoteAppendResult(VoteAppendStatus.NotPending, record);
        if (record.VoteOf(vote.Approver) is not null)
            return new VoteAppendResult(VoteAppendStatus.AlreadyVoted, record);
        var updated = record with { Votes = [.. record.Votes, vote] };
        await WriteAsync(updated, cancellationToken).ConfigureAwait(false);
        return new VoteAppendResult(VoteAppendStatus.Appended, updated);
    }

    public async Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(approvalId, cancellationToken).ConfigureAwait(false);
        var record = await ReadAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Status != ApprovalStatus.Pending)
            return false;
        await WriteAsync(record with { Resolution = resolution }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(approvalId, cancellationToken).ConfigureAwait(false);
        var record = await ReadAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record?.Resolution is null)
            throw new InvalidOperationException($"approval {approvalId} has no decision to mark as delivered");
        await WriteAsync(record with { Resolution = record.Resolution with { CallbackDelivered = true } }, cancellationToken).ConfigureAwait(false);
    }

    private string RecordPath(string approvalId) => Path.Combine(_directory, $"{CheckedId(approvalId)}.json");

    private Task<FileLock> LockAsync(string approvalId, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(Path.Combine(_directory, $"{CheckedId(approvalId)}.lock"), cancellationToken);

    private async Task<ApprovalRecord?> ReadAsync(string approvalId, CancellationToken cancellationToken)
    {
        var path = RecordPath(approvalId);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, LocalApprovalJsonContext.Default.ApprovalRecord, cancellationToken).ConfigureAwait(false)
                   ?? throw new InvalidDataException($"{path}: the approval record is empty");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: the approval record is not valid JSON ({ex.Message})", ex);
        }
    }

    private async Task WriteAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        var path = RecordPath(record.ApprovalId);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(temp, options))
        {
            await JsonSerializer.SerializeAsync(stream, record, LocalApprovalJsonContext.Default.ApprovalRecord, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string CheckedId(string approvalId) =>
        ApprovalIdentifier.IsValid(approvalId) ? approvalId : throw new ArgumentException("not a valid approval id", nameof(approvalId));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(ApprovalRecord))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class LocalApprovalJsonContext : JsonSerializerContext;
