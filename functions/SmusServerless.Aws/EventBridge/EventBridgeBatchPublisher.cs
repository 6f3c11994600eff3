using System.Text;
using SmusServerless.Aws.Http;

namespace SmusServerless.Aws.EventBridge;

/// <summary>What happened to one entry, in the order the entries were given.</summary>
/// <param name="Index">Position in the caller's list.</param>
/// <param name="EventId">Set when EventBridge accepted the entry.</param>
/// <param name="ErrorCode">Set when it was finally refused.</param>
/// <param name="ErrorMessage">EventBridge's message for the refusal.</param>
/// <param name="Attempts">How many PutEvents calls carried this entry.</param>
public sealed record PutEventsEntryOutcome(int Index, string? EventId, string? ErrorCode, string? ErrorMessage, int Attempts)
{
    public bool Succeeded => EventId is not null && ErrorCode is null;
}

/// <summary>The outcome of publishing a list of entries.</summary>
public sealed record PutEventsBatchResult(IReadOnlyList<PutEventsEntryOutcome> Entries)
{
    public IReadOnlyList<PutEventsEntryOutcome> Failed { get; } = Entries.Where(e => !e.Succeeded).ToList();

    /// <summary>Throws <see cref="EventBridgePublishException"/> when any entry was refused.</summary>
    public PutEventsBatchResult EnsureAllSucceeded()
        => Failed.Count == 0 ? this : throw new EventBridgePublishException(Failed);
}

/// <summary>Some entries were refused by EventBridge even after retries.</summary>
public sealed class EventBridgePublishException(IReadOnlyList<PutEventsEntryOutcome> failed)
    : Exception($"EventBridge refused {failed.Count} event(s): " + string.Join("; ", failed.Select(f => $"#{f.Index} {f.ErrorCode}")))
{
    public IReadOnlyList<PutEventsEntryOutcome> FailedEntries { get; } = failed;
}

/// <summary>
/// Publishes any number of entries with PutEvents: at most 10 entries and 256 KiB (EventBridge's entry-size
/// rule) per call; entries refused with a retryable code (InternalFailure, ThrottlingException, per the model)
/// are sent again with backoff, a bounded number of times; the rest are reported.
/// </summary>
public sealed class EventBridgeBatchPublisher(IEventBridgeClient client, AwsRetryOptions? retry = null, TimeProvider? timeProvider = null)
{
    public const int MaxEntriesPerCall = 10;
    public const int MaxBytesPerCall = 256 * 1024;
    private static readonly HashSet<string> RetryableEntryCodes = new(StringComparer.Ordinal) { "InternalFailure", "ThrottlingException" };
    private readonly AwsRetryOptions _retry = retry ?? new AwsRetryOptions();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<PutEventsBatchResult> PublishAsync(IReadOnlyList<PutEventsRequestEntry> entries, CancellationToken cancellationToken = default)
    {
        var outcomes = new PutEventsEntryOutcome?[entries.Count];
        var attempts = new int[entries.Count];
        var pending = Enumerable.Range(0, entries.Count).ToList();
        for (var index = 0; index < entries.Count; index++)
        {
            if (EntrySize(entries[index]) > MaxBytesPerCall)
            {
                outcomes[index] = new PutEventsEntryOutcome(index, null, "EntryTooLarge", $"The entry is larger than {MaxBytesPerCall} bytes (EventBridge's entry size).", 0);
                pending.Remove(index);
            }
        }

        for (var round = 0; pending.Count > 0; round++)
        {
            if (round > 0)
                await RetryBackoff.WaitAsync(RetryBackoff.DelayFor(round - 1, _retry), _retry, _time, cancellationToken).ConfigureAwait(false);
            var retryNext = new List<int>();
            foreach (var batch in Batches(pending, entries))
            {
                var response = await client.PutEventsAsync(new PutEventsRequest { Entries = batch.Select(i => entries[i]).ToList() }, cancellationToken).ConfigureAwait(false);
                var results = response.Entries ?? [];
                for (var position = 0; position < batch.Count; position++)
                {
                    var index = batch[position];
                    attempts[index]++;
                    var result = position < results.Count ? results[position] : null;
                    if (result is { ErrorCode: null, EventId: not null })
                    {
                        outcomes[index] = new PutEventsEntryOutcome(index, result.EventId, null, null, attempts[index]);
                        continue;
                    }
                    var code = result?.ErrorCode ?? "MissingResultEntry";
                    var message = result?.ErrorMessage ?? "EventBridge returned no result for this entry.";
                    outcomes[index] = new PutEventsEntryOutcome(index, null, code, message, attempts[index]);
                    if ((RetryableEntryCodes.Contains(code) || result is null) && attempts[index] < _retry.MaxAttempts)
                        retryNext.Add(index);
                }
            }
            pending = retryNext;
        }
        return new PutEventsBatchResult(outcomes.Select(o => o!).ToList());
    }

    /// <summary>EventBridge's entry size: 14 bytes for Time, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.</summary>
    public static int EntrySize(PutEventsRequestEntry entry)
    {
        var size = entry.Time is null ? 0 : 14;
        size += Encoding.UTF8.GetByteCount(entry.Source ?? "");
        size += Encoding.UTF8.GetByteCount(entry.DetailType ?? "");
        size += Encoding.UTF8.GetByteCount(entry.Detail ?? "");
        foreach (var resource in entry.Resources ?? [])
            size += Encoding.UTF8.GetByteCount(resource ?? "");
        return size;
    }

    private static IEnumerable<List<int>> Batches(IReadOnlyList<int> indexes, IReadOnlyList<PutEventsRequestEntry> entries)
    {
        var batch = new List<int>();
        var bytes = 0;
        foreach (var index in indexes)
        {
            var size = EntrySize(entries[index]);
            if (batch.Count == MaxEntriesPerCall || (batch.Count > 0 && bytes + size > MaxBytesPerCall))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(index);
            bytes += size;
        }
        if (batch.Count > 0)
            yield return batch;
    }
}
