using System.Security.Cryptography;
using SmusServerless.Core.Approvals;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

public class LocalKeyTests
{
    [Fact]
    public void Key_file_is_created_owner_only_and_reused()
    {
        using var dir = new TemporaryDirectory();
        var path = Path.Combine(dir.Path, "k.key");

        var first = LocalKeyFile.ReadOrCreate(path);
        var second = LocalKeyFile.ReadOrCreate(path);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Key_file_readable_by_others_is_refused()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var dir = new TemporaryDirectory();
        var path = Path.Combine(dir.Path, "k.key");
        LocalKeyFile.ReadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidOperationException>(() => LocalKeyFile.ReadOrCreate(path));

        Assert.Contains("readable by other users", error.Message);
    }

    [Fact]
    public async Task Local_mac_verifies_its_own_mac_and_refuses_another_keys()
    {
        using var dir = new TemporaryDirectory();
        using var other = new TemporaryDirectory();
        var mac = LocalMacService.FromStateDirectory(dir.Path);
        var message = "m"u8.ToArray();
        var tag = await mac.GenerateMacAsync(message, default);

        Assert.True(await mac.VerifyMacAsync(message, tag, default));
        Assert.False(await LocalMacService.FromStateDirectory(other.Path).VerifyMacAsync(message, tag, default));
        Assert.False(await mac.VerifyMacAsync(message, tag[..31], default));
    }

    [Fact]
    public async Task Token_vault_round_trips_and_binds_the_ciphertext_to_its_approval()
    {
        using var dir = new TemporaryDirectory();
        var vault = LocalTaskTokenVault.FromStateDirectory(dir.Path);

        var sealedToken = await vault.EncryptAsync("a1", EndpointFixture.TaskToken, default);

        Assert.Equal(EndpointFixture.TaskToken, await vault.DecryptAsync("a1", sealedToken, default));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => vault.DecryptAsync("a2", sealedToken, default));
    }
}

/// <summary>The store contract on the offline file store.</summary>
public sealed class FileApprovalStoreTests : ConcurrentApprovalStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    protected override IApprovalStore OpenStore() => new FileApprovalStore(_directory.Path);

    public void Dispose() => _directory.Dispose();
}

public class FileAuditLogTests
{
    [Fact]
    public async Task Concurrent_appends_keep_every_line_whole()
    {
        using var dir = new TemporaryDirectory();
        var log = FileAuditLog.InStateDirectory(dir.Path);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            FileAuditLog.InStateDirectory(dir.Path).AppendAsync(new AuditEntry("a1", AuditAction.Voted, DateTimeOffset.UnixEpoch, $"u{i}@x.io", Comment: new string('c', 500)), default))));

        var entries = await log.ReadAllAsync(default);
        Assert.Equal(40, entries.Count);
        Assert.Equal(40, entries.Select(e => e.Approver).Distinct().Count());
    }

    [Fact]
    public async Task Appending_never_rewrites_earlier_lines()
    {
        using var dir = new TemporaryDirectory();
        var log = FileAuditLog.InStateDirectory(dir.Path);
        await log.AppendAsync(new AuditEntry("a1", AuditAction.Requested, DateTimeOffset.UnixEpoch), default);
        var before = await File.ReadAllBytesAsync(log.Path);

        await log.AppendAsync(new AuditEntry("a1", AuditAction.Expired, DateTimeOffset.UnixEpoch), default);

        Assert.Equal(before, (await File.ReadAllBytesAsync(log.Path))[..before.Length]);
    }
}
