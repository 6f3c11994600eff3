using System.Diagnostics;
using System.Globalization;
using System.Text;
using SmusServerless.Core.Storage;
using SmusServerless.Local.S3;
using Xunit.Abstractions;

namespace SmusServerless.Local.Tests.S3;

/// <summary>Two real processes writing one store root: the lock file, not memory, must make create-only writes exclusive.</summary>
public sealed class FileObjectStoreCrossProcessTests(ITestOutputHelper output) : IDisposable
{
    private const string Bucket = "shared";
    private const int Keys = 100;
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Create_only_writes_racing_from_two_processes_have_one_winner_per_key()
    {
        var store = new FileObjectStore(_root.Path);
        store.CreateBucket(Bucket);
        await store.PutAsync(Bucket, "warm-up/this-process", new MemoryStream([1]), PutOptions.Default, CancellationToken.None);
        using var other = StartWriter("other-process");
        // A bound, not a timing assertion: a writer that hangs must fail the test instead of stalling the run.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var killOnHang = bound.Token.Register(() => other.Kill(entireProcessTree: true));
        var ready = await other.StandardOutput.ReadLineAsync(bound.Token);
        if (ready != "ready")
            Assert.Fail($"writer process did not get ready: {ready} {await other.StandardError.ReadToEndAsync()}");

        // Release the other process, then race it key by key.
        await other.StandardInput.WriteLineAsync("go");
        await other.StandardInput.FlushAsync();
        var wonHere = new List<string>();
        for (var i = 0; i < Keys; i++)
        {
            var key = "k" + i.ToString(CultureInfo.InvariantCulture);
            try
            {
                await store.PutAsync(Bucket, key, new MemoryStream(Encoding.UTF8.GetBytes("this-process")), PutOptions.CreateOnly, CancellationToken.None);
                wonHere.Add(key);
            }
            catch (PreconditionFailedException)
            {
            }
        }
        var printed = await other.StandardOutput.ReadToEndAsync(bound.Token);
        await other.WaitForExitAsync(bound.Token);

        if (other.ExitCode != 0)
            Assert.Fail($"writer process failed: {await other.StandardError.ReadToEndAsync()}");
        var wonThere = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l["won ".Length..]).ToList();
        output.WriteLine($"this process won {wonHere.Count} keys, the other {wonThere.Count}");
        Assert.Empty(wonHere.Intersect(wonThere));
        Assert.Equal(Keys, wonHere.Count + wonThere.Count);
        for (var i = 0; i < Keys; i++)
        {
            var key = "k" + i.ToString(CultureInfo.InvariantCulture);
            Assert.Single(await store.ListVersionsAsync(Bucket, key, CancellationToken.None));
            await using var stream = await store.OpenReadAsync(Bucket, key, null, CancellationToken.None);
            var content = await new StreamReader(stream).ReadToEndAsync();
            Assert.Equal(wonHere.Contains(key) ? "this-process" : "other-process", content);
        }
    }

    private Process StartWriter(string name)
    {
        var assembly = typeof(CrossProcessWriter).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath?.EndsWith("dotnet", StringComparison.Ordinal) == true ? Environment.ProcessPath : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assembly, CrossProcessWriter.Command, _root.Path, Bucket, "k", Keys.ToString(CultureInfo.InvariantCulture), name })
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the writer process");
    }
}
