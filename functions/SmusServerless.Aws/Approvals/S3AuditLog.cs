using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Storage;

namespace SmusServerless.Aws.Approvals;

/// <summary>
/// The audit trail in the Object Lock bucket: one JSON object per entry, written create-only, so nothing is ever
/// overwritten (Object Lock keeps every version anyway; create-only keeps the trail free of superseded versions).
/// Keys sort by time: <c>{prefix}{approvalId}/{time}-{order}-{action}-{random}.json</c>, where the order digit puts a
/// decision after the vote that made it when both carry the same instant.
/// </summary>
public sealed class S3AuditLog : IAuditLog
{
    public const string DefaultPrefix = "approvals/";
    private const int MaxAttempts = 3;
    private readonly IObjectStore _objects;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3AuditLog(IObjectStore objects, string bucket, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        _objects = objects;
        _bucket = bucket;
        _prefix = prefix;
    }

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var body = JsonSerializer.SerializeToUtf8Bytes(entry, ApprovalStorageJsonContext.Default.AuditEntry);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _objects.PutAsync(_bucket, KeyFor(entry), new MemoryStream(body, writable: false),
                    new PutOptions(IfNoneMatch: true, ContentType: "application/json"), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PreconditionFailedException) when (attempt < MaxAttempts)
            {
                // A key collision (same instant, same random suffix) is next to impossible; a new suffix settles it.
            }
        }
    }

    /// <summary>An approval's trail in order (for reviews and tests).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string approvalId, CancellationToken cancellationToken)
    {
        var prefix = $"{_prefix}{Checked(approvalId)}/";
        var keys = new List<string>();
        string? continuation = null;
        do
        {
            var page = await _objects.ListAsync(_bucket, prefix, continuation, 1000, cancellationToken).ConfigureAwait(false);
            keys.AddRange(page.Objects.Select(o => o.Key));
            continuation = page.NextContinuationToken;
        }
        while (continuation is not null);

        var entries = new List<AuditEntry>(keys.Count);
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            await using var stream = await _objects.OpenReadAsync(_bucket, key, null, cancellationToken).ConfigureAwait(false);
            entries.Add(await JsonSerializer.DeserializeAsync(stream, ApprovalStorageJsonContext.Default.AuditEntry, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidDataException($"s3://{_bucket}/{key}: the audit entry is empty"));
        }
        return entries;
    }

    private string KeyFor(AuditEntry entry)
    {
        var time = entry.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", CultureInfo.InvariantCulture);
        var action = entry.Action.ToString().ToLowerInvariant();
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return $"{_prefix}{Checked(entry.ApprovalId)}/{time}-{(int)entry.Action}-{action}-{random}.json";
    }

    private static string Checked(string approvalId) =>
        ApprovalIdentifier.IsValid(approvalId) ? approvalId : throw new ArgumentException("not a valid approval id", nameof(approvalId));
}
