using System.Text;
using System.Text.Json;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>
/// The offline audit trail: one JSON object per line, only ever appended (the file is opened in append mode
/// under an exclusive lock, so lines from concurrent writers never interleave).
/// </summary>
public sealed class FileAuditLog(string path) : IAuditLog
{
    public const string FileName = "approval-audit.jsonl";

    public static FileAuditLog InStateDirectory(string stateDirectory) => new(System.IO.Path.Combine(stateDirectory, FileName));

    public string Path { get; } = path;

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, LocalApprovalJsonContext.Default.AuditEntry) + "\n");
        using var _ = await FileLock.AcquireAsync(Path + ".lock", cancellationToken).ConfigureAwait(false);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(Path, options);
        await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the whole trail back (for `status` and tests).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
            return [];
        var entries = new List<AuditEntry>();
        foreach (var line in await File.ReadAllLinesAsync(Path, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length > 0)
                entries.Add(JsonSerializer.Deserialize(line, LocalApprovalJsonContext.Default.AuditEntry)!);
        }
        return entries;
    }
}
