using System.Security.Cryptography;
using SmusServerless.Core.Approvals;
using SmusServerless.Local.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

public class LocalKeyTests
{
    [Fact]
    public void Key_file_is_created_owner_only_and_reused()
    {
        using var dir = new TempDirectory();
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
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "k.key");
        LocalKeyFile.ReadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidOperationException>(() => LocalKeyFile.ReadOrCreate(path));

        Assert.Contains("readable by other users", error.Message);
    }

    [Fact]
    public async Task Local_mac_verifies_its_own_mac_and_refuses_another_keys()
    {
        using var dir = new TempDirectory();
        using var other = new TempDirectory();
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
        using var dir = new TempDirectory();
        var vault = LocalTaskTokenVault.FromStateDirectory(dir.Path);

        var sealedToken = await vault.EncryptAsync("a1", EndpointFixture.TaskToken, default);

        Assert.Equal(EndpointFixture.TaskToken, await vault.DecryptAsync("a1", sealedToken, default));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => vault.DecryptAsync("a2", sealedToken, default));
    }
}

public class FileApprovalStoreTests
{
    private static ApprovalRecord NewRecord(string id = "a1") => ApprovalRecord.Open(
        new ApprovalRequest(id, "p", "b", "1", "c", "author@x.io", "prod", "PROD", FileChangeSummary.Empty, [],
            ["u1@x.io", "u2@x.io"], 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)), [1, 2, 3]);

    private static ApprovalVote Vote(string approver) => new(approver, ApprovalDecision.Approve, null, DateTimeOffset.UnixEpoch, "ip", "ua");

    [Fact]
    public async Task Creating_an_existing_record_changes_nothing()
    {
        using var dir = new TempDirectory();
        var store = new FileApprovalStore(dir.Path);
        await store.TryCreateAsync(NewRecord(), default);
        await store.AppendVoteAsync("a1", Vote("u1@x.io"), default);

        Assert.False(await store.TryCreateAsync(NewRecord(), default));
        Assert.Single((await store.GetAsync("a1", default))!.Votes);
    }

    [Fact]
    public async Task Record_round_trips_through_the_file()
    {
        using var dir = new TempDirectory();
        var store = new FileApprovalStore(dir.Path);
        await store.TryCreateAsync(NewRecord(), default);

        var read = (await store.GetAsync("a1", default))!;

        Assert.Equal(("a1", "author@x.io", 2, DateTimeOffset.UnixEpoch.AddDays(1)), (read.ApprovalId, read.Request.Author, read.Request.Quorum, read.Request.ExpiresAt));
        Assert.Equal(["u1@x.io", "u2@x.io"], read.Request.Approvers);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.EncryptedTaskToken);
        Assert.Equal(ApprovalStatus.Pending, read.Status);
    }

    [Fact]
    public async Task Concurrent_votes_through_separate_store_instances_are_each_counted_once()
    {
        using var dir = new TempDirectory();
        await new FileApprovalStore(dir.Path).TryCreateAsync(NewRecord(), default);

        // Separate instances open the lock file independently, as separate processes would.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => new FileApprovalStore(dir.Path).AppendVoteAsync("a1", Vote(i % 2 == 0 ? "u1@x.io" : "u2@x.io"), default))));

        Assert.Equal(2, results.Count(r => r.Status == VoteAppendStatus.Appended));
        Assert.Equal(2, (await new FileApprovalStore(dir.Path).GetAsync("a1", default))!.Votes.Count);
    }

    [Fact]
    public async Task Only_one_of_concurrent_resolutions_wins()
    {
        using var dir = new TempDirectory();
        await new FileApprovalStore(dir.Path).TryCreateAsync(NewRecord(), default);

        var wins = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            new FileApprovalStore(dir.Path).TryResolveAsync("a1", new ApprovalResolution(i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Expired, DateTimeOffset.UnixEpoch, $"r{i}"), default))));

        Assert.Single(wins, w => w);
    }

    [Fact]
    public async Task Vote_on_a_resolved_record_is_not_appended()
    {
        using var dir = new TempDirectory();
        var store = new FileApprovalStore(dir.Path);
        await store.TryCreateAsync(NewRecord(), default);
        await store.TryResolveAsync("a1", new ApprovalResolution(ApprovalStatus.Expired, DateTimeOffset.UnixEpoch, "timeout"), default);

        Assert.Equal(VoteAppendStatus.NotPending, (await store.AppendVoteAsync("a1", Vote("u1@x.io"), default)).Status);
    }

    [Fact]
    public async Task Unknown_record_reads_as_absent()
    {
        using var dir = new TempDirectory();

        Assert.Null(await new FileApprovalStore(dir.Path).GetAsync("nope", default));
    }
}

public class FileAuditLogTests
{
    [Fact]
    public async Task Concurrent_appends_keep_every_line_whole()
    {
        using var dir = new TempDirectory();
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
        using var dir = new TempDirectory();
        var log = FileAuditLog.InStateDirectory(dir.Path);
        await log.AppendAsync(new AuditEntry("a1", AuditAction.Requested, DateTimeOffset.UnixEpoch), default);
        var before = await File.ReadAllBytesAsync(log.Path);

        await log.AppendAsync(new AuditEntry("a1", AuditAction.Expired, DateTimeOffset.UnixEpoch), default);

        Assert.Equal(before, (await File.ReadAllBytesAsync(log.Path))[..before.Length]);
    }
}
