using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmusServerless.Local.StepFunctions.Execution;

namespace SmusServerless.Local.StepFunctions.Persistence;

/// <summary>
/// Executions and state machines as JSON files in a state directory. Writes are atomic (temp file + rename);
/// each execution has a lock file so that another process (the CLI's approve, a test) can complete a callback
/// while this one runs: whoever changes an execution holds its lock, loads the newest file, and saves it.
/// A marker per running execution (<c>running/</c>) lets the run loop visit only those: a state directory that
/// has seen hundreds of runs costs no more per step than a fresh one.
/// </summary>
public sealed class ExecutionStore
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private readonly string _root;

    public ExecutionStore(string stateDirectory)
    {
        _root = Path.GetFullPath(stateDirectory);
        Directory.CreateDirectory(Path.Combine(_root, "state-machines"));
        Directory.CreateDirectory(Path.Combine(_root, "executions"));
        Directory.CreateDirectory(Path.Combine(_root, "tokens"));
        if (!Directory.Exists(RunningDirectory))
        {
            // A state directory from before the markers existed: index it once.
            Directory.CreateDirectory(RunningDirectory);
            foreach (var record in LoadAllExecutions())
            {
                UpdateRunningMarker(record);
            }
        }
    }

    public string Root => _root;

    public void SaveStateMachine(StateMachineRecord record)
        => WriteAtomic(StateMachinePath(record.StateMachineArn), JsonSerializer.SerializeToUtf8Bytes(record, ExecutionJsonContext.Default.StateMachineRecord));

    public StateMachineRecord? LoadStateMachine(string arn)
    {
        var path = StateMachinePath(arn);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ExecutionJsonContext.Default.StateMachineRecord) : null;
    }

    public IEnumerable<StateMachineRecord> ListStateMachines()
        => Directory.EnumerateFiles(Path.Combine(_root, "state-machines"), "*.json")
            .Select(f => JsonSerializer.Deserialize(File.ReadAllBytes(f), ExecutionJsonContext.Default.StateMachineRecord)!)
            .OrderBy(r => r.CreationDate);

    public ExecutionRecord? LoadExecution(string executionArn)
    {
        var path = ExecutionPath(executionArn);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ExecutionJsonContext.Default.ExecutionRecord) : null;
    }

    public void SaveExecution(ExecutionRecord record)
    {
        WriteAtomic(ExecutionPath(record.ExecutionArn), JsonSerializer.SerializeToUtf8Bytes(record, ExecutionJsonContext.Default.ExecutionRecord));
        UpdateRunningMarker(record);
    }

    /// <summary>ARNs of every stored execution, oldest first.</summary>
    public IReadOnlyList<string> ListExecutionArns()
        => LoadAllExecutions()
            .OrderBy(r => r.StartDate).ThenBy(r => r.ExecutionArn, StringComparer.Ordinal)
            .Select(r => r.ExecutionArn)
            .ToList();

    /// <summary>
    /// ARNs of the executions that were running when last saved, oldest first, read from the markers only. A marker can
    /// outlive its execution's end by a crash between the two writes; callers load the record and skip it then.
    /// </summary>
    public IReadOnlyList<string> ListRunningExecutionArns()
        => Directory.EnumerateFiles(RunningDirectory, "*.arn")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();

    private IEnumerable<ExecutionRecord> LoadAllExecutions()
        => Directory.EnumerateFiles(Path.Combine(_root, "executions"), "*.json")
            .Select(f => JsonSerializer.Deserialize(File.ReadAllBytes(f), ExecutionJsonContext.Default.ExecutionRecord)!);

    private string RunningDirectory => Path.Combine(_root, "running");

    /// <summary>The marker's name starts with the start time, so that the names sort oldest first.</summary>
    private void UpdateRunningMarker(ExecutionRecord record)
    {
        var marker = Path.Combine(RunningDirectory, $"{record.StartDate.UtcTicks:D19}-{FileKey(record.ExecutionArn)}.arn");
        if (record.Status == ExecutionStatus.Running)
        {
            if (!File.Exists(marker))
            {
                WriteAtomic(marker, Encoding.UTF8.GetBytes(record.ExecutionArn));
            }
        }
        else
        {
            File.Delete(marker);
        }
    }

    public void IndexToken(string tokenHash, string executionArn)
        => WriteAtomic(TokenPath(tokenHash), JsonSerializer.SerializeToUtf8Bytes(new TokenIndexEntry { ExecutionArn = executionArn },
            ExecutionJsonContext.Default.TokenIndexEntry));

    public string? FindExecutionByTokenHash(string tokenHash)
    {
        var path = TokenPath(tokenHash);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ExecutionJsonContext.Default.TokenIndexEntry)?.ExecutionArn : null;
    }

    /// <summary>Takes the execution's lock (an exclusive lock file), waiting up to 30 s for another holder.</summary>
    public async Task<IDisposable> LockExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        var path = ExecutionPath(executionArn) + ".lock";
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Real time on purpose: this waits for another process, not for the execution's clock.
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string StateMachinePath(string arn) => Path.Combine(_root, "state-machines", FileKey(arn) + ".json");

    private string ExecutionPath(string arn) => Path.Combine(_root, "executions", FileKey(arn) + ".json");

    private string TokenPath(string tokenHash)
    {
        if (tokenHash.Length != 64 || !tokenHash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("not a token hash", nameof(tokenHash));
        }
        return Path.Combine(_root, "tokens", tokenHash + ".json");
    }

    /// <summary>Names are readable but never trusted as paths: the last ARN part plus a hash of the whole ARN.</summary>
    private static string FileKey(string arn)
    {
        var readable = new string(arn[(arn.LastIndexOf(':') + 1)..].Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(60).ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(arn)))[..16];
        return $"{readable}-{hash}";
    }

    private static void WriteAtomic(string path, byte[] bytes)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            // The rename makes each write atomic for readers and survives a process crash; the state directory
            // is a local development store, so the cost of an fsync per step is not worth paying.
            stream.Write(bytes);
        }
        File.Move(temp, path, overwrite: true);
    }
}
