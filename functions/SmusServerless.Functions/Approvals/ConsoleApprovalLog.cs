using System.Text.Json;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// Writes gate log entries as one JSON object per line with Powertools-style keys (level, message, timestamp,
/// service) so CloudWatch Logs Insights can query them. Only the entry's fixed fields are written.
/// </summary>
public sealed class ConsoleApprovalLog(TextWriter output, TimeProvider time, string service = "smus-serverless-approvals") : IApprovalLog
{
    private readonly Lock _gate = new();

    public void Write(ApprovalLogEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", entry.Level switch
            {
                ApprovalLogLevel.Warning => "WARN",
                ApprovalLogLevel.Error => "ERROR",
                _ => "INFO",
            });
            json.WriteString("message", entry.Event);
            json.WriteString("timestamp", time.GetUtcNow());
            json.WriteString("service", service);
            if (entry.ApprovalId is not null)
                json.WriteString("approval_id", entry.ApprovalId);
            if (entry.Approver is not null)
                json.WriteString("approver", entry.Approver);
            if (entry.Reason is not null)
                json.WriteString("reason", entry.Reason);
            json.WriteEndObject();
        }
        var line = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        lock (_gate)
            output.WriteLine(line);
    }
}
