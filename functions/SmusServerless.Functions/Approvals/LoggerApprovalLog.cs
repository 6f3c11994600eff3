using Microsoft.Extensions.Logging;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The gate's log entries on the runtime's structured (Powertools-compatible) logger: the message is the entry's
/// fixed event name and each set field becomes a key of its own (<c>approval_id</c>, <c>approver</c>, <c>reason</c>),
/// the same keys <see cref="ConsoleApprovalLog"/> writes offline.
/// </summary>
public sealed class LoggerApprovalLog(ILogger logger) : IApprovalLog
{
    public void Write(ApprovalLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var level = entry.Level switch
        {
            ApprovalLogLevel.Warning => LogLevel.Warning,
            ApprovalLogLevel.Error => LogLevel.Error,
            _ => LogLevel.Information,
        };
        if (!logger.IsEnabled(level))
            return;
        var fields = new List<KeyValuePair<string, object?>>(3);
        if (entry.ApprovalId is not null)
            fields.Add(new("approval_id", entry.ApprovalId));
        if (entry.Approver is not null)
            fields.Add(new("approver", entry.Approver));
        if (entry.Reason is not null)
            fields.Add(new("reason", entry.Reason));
        logger.Log(level, default, (IReadOnlyList<KeyValuePair<string, object?>>)fields, null, (_, _) => entry.Event);
    }
}
