using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using SmusServerless.Aws.S3;

namespace SmusServerless.Testing;

/// <summary>
/// s3rver 3.7.1 behind tools/s3rver/s3rver-proxy.js, shared by the S3 adapter tests. Uses the endpoint in
/// <c>SMUS_S3RVER_URL</c> when set; otherwise starts the wrapper on free 127.0.0.1 ports and stops it afterwards.
/// Fails (never skips) when node or s3rver is missing, saying how to install them.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    /// <summary>The xunit collection sharing one s3rver; each test assembly declares it (xunit finds definitions only in the test assembly).</summary>
    public const string CollectionName = "s3rver";

    public const string Bucket = "contract-tests";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private const string ReadyLine = "S3RVER_PROXY_READY ";
    private const string InstallHint = "run `npm install --prefix .tools s3rver@3.7.1` at the repository root, or set SMUS_S3RVER_URL to a running tools/s3rver/s3rver-proxy.js";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private readonly List<string> _output = [];

    public Uri ServiceUrl { get; private set; } = null!;

    public IAmazonS3 CreateClient(AmazonS3Config? config = null) =>
        new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config ?? S3ObjectStore.LocalEndpointConfig(ServiceUrl));

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("SMUS_S3RVER_URL");
        ServiceUrl = string.IsNullOrWhiteSpace(configured) ? await StartWrapperAsync() : new Uri(configured);
        using var client = CreateClient();
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyExists" or "BucketAlreadyOwnedByYou")
        {
            // Started with --bucket, or a shared server that already has it.
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
            return;
        try
        {
            // Closing stdin makes the wrapper stop s3rver and remove its data directory (--exit-with-stdin).
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<Uri> StartWrapperAsync()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "tools", "s3rver", "s3rver-proxy.js");
        var module = Path.Combine(root, ".tools", "node_modules", "s3rver", "package.json");
        if (!File.Exists(module))
            throw new InvalidOperationException($"s3rver is not installed (no {module}): {InstallHint}");
        var node = FindNode()
            ?? throw new InvalidOperationException("node is not on PATH (nor in SMUS_NODE): install Node.js 20+ (apt-get install -y nodejs), then " + InstallHint);

        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[] { script, "--port", "0", "--upstream-port", "0", "--bucket", Bucket, "--exit-with-stdin" })
            start.ArgumentList.Add(argument);
        // s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 only offers in its legacy provider.
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {node}");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.Add(e.Data);
            if (e.Data.StartsWith(ReadyLine, StringComparison.Ordinal))
                ready.TrySetResult(new Uri(e.Data[ReadyLine.Length..].Trim()));
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_output) _output.Add(e.Data);
        };
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"the s3rver wrapper exited with code {_process.ExitCode} before it was ready:\n{string.Join('\n', Snapshot())}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        await using (timeout.Token.Register(() => ready.TrySetException(new TimeoutException(
                         $"the s3rver wrapper did not report ready within {StartTimeout.TotalSeconds:0}s:\n{string.Join('\n', Snapshot())}"))))
        {
            return await ready.Task;
        }
    }

    private string[] Snapshot()
    {
        lock (_output) return [.. _output];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmusServerless.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no SmusServerless.sln above {AppContext.BaseDirectory}");
    }

    private static string? FindNode()
    {
        var configured = Environment.GetEnvironmentVariable("SMUS_NODE");
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? configured : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "node"))
            .FirstOrDefault(File.Exists);
    }
}
