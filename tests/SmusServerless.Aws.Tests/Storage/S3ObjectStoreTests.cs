using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SmusServerless.Aws.S3;
using SmusServerless.Core.Storage;

namespace SmusServerless.Aws.Tests.Storage;

/// <summary>What the AWSSDK.S3 adapter does beyond the contract: multipart housekeeping, error mapping, SDK defaults through the proxy.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture s3rver)
{
    private const int MiB = 1024 * 1024;
    private readonly string _prefix = $"s3-{Guid.NewGuid():N}/";

    [Fact]
    public async Task Sdk_default_aws_chunked_uploads_arrive_byte_identical_through_the_proxy()
    {
        // SDK defaults over HTTP: aws-chunked bodies with checksum trailers, for PutObject and UploadPart alike.
        using var client = s3rver.CreateClient(new AmazonS3Config { ServiceURL = s3rver.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        using var store = new S3ObjectStore(client, new S3ObjectStoreOptions(PartSize: 5 * MiB, UseChunkEncoding: true));
        var small = new byte[22];
        new Random(1).NextBytes(small);
        var large = new byte[6 * MiB]; // two parts: 5 MiB + 1 MiB
        new Random(2).NextBytes(large);

        await store.PutAsync(S3rverFixture.Bucket, _prefix + "small", new MemoryStream(small), PutOptions.Default, CancellationToken.None);
        await store.PutAsync(S3rverFixture.Bucket, _prefix + "large", new NonSeekableStream(large), PutOptions.Default, CancellationToken.None);

        Assert.Equal(small, await ReadAllAsync(store, _prefix + "small"));
        var readBack = await ReadAllAsync(store, _prefix + "large");
        Assert.True(large.AsSpan().SequenceEqual(readBack), "multipart bytes differ");
    }

    [Fact]
    public async Task A_source_stream_failing_mid_upload_leaves_no_object()
    {
        using var store = S3ObjectStore.ForLocalEndpoint(s3rver.ServiceUrl, S3rverFixture.AccessKey, S3rverFixture.SecretKey,
            new S3ObjectStoreOptions(PartSize: 5 * MiB));
        var failing = new NonSeekableStream(new byte[12 * MiB], failAfterBytes: 7 * MiB);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(S3rverFixture.Bucket, _prefix + "broken", failing, PutOptions.Default, CancellationToken.None));

        Assert.Null(await store.HeadAsync(S3rverFixture.Bucket, _prefix + "broken", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_multipart_upload_is_aborted()
    {
        var client = Substitute.For<IAmazonS3>();
        client.InitiateMultipartUploadAsync(Arg.Any<InitiateMultipartUploadRequest>(), Arg.Any<CancellationToken>())
            .Returns(new InitiateMultipartUploadResponse { UploadId = "upload-1" });
        client.UploadPartAsync(Arg.Any<UploadPartRequest>(), Arg.Any<CancellationToken>())
            .Returns(new UploadPartResponse { ETag = "\"part\"" });
        client.CompleteMultipartUploadAsync(Arg.Any<CompleteMultipartUploadRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AmazonS3Exception("boom", Amazon.Runtime.ErrorType.Receiver, "InternalError", "req-1", HttpStatusCode.InternalServerError));
        var store = new S3ObjectStore(client, new S3ObjectStoreOptions(PartSize: 5 * MiB));

        await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync("b", "k", new MemoryStream(new byte[6 * MiB]), PutOptions.Default, CancellationToken.None));

        await client.Received(1).AbortMultipartUploadAsync(Arg.Is<AbortMultipartUploadRequest>(r => r.UploadId == "upload-1" && r.Key == "k"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Multipart_reuses_one_part_buffer_and_sends_conditions_on_complete()
    {
        var client = Substitute.For<IAmazonS3>();
        client.InitiateMultipartUploadAsync(Arg.Any<InitiateMultipartUploadRequest>(), Arg.Any<CancellationToken>())
            .Returns(new InitiateMultipartUploadResponse { UploadId = "u" });
        var partSizes = new List<long>();
        client.UploadPartAsync(Arg.Any<UploadPartRequest>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var request = call.Arg<UploadPartRequest>();
                partSizes.Add(request.InputStream.Length);
                return new UploadPartResponse { ETag = $"\"p{request.PartNumber}\"" };
            });
        CompleteMultipartUploadRequest? completed = null;
        client.CompleteMultipartUploadAsync(Arg.Do<CompleteMultipartUploadRequest>(r => completed = r), Arg.Any<CancellationToken>())
            .Returns(new CompleteMultipartUploadResponse { ETag = "\"whole-3\"", VersionId = "v9" });
        var store = new S3ObjectStore(client, new S3ObjectStoreOptions(PartSize: 5 * MiB));

        var info = await store.PutAsync("b", "k", new NonSeekableStream(new byte[12 * MiB]), PutOptions.CreateOnly, CancellationToken.None);

        Assert.Equal(new long[] { 5 * MiB, 5 * MiB, 2 * MiB }, partSizes);
        Assert.Equal("*", completed!.IfNoneMatch);
        Assert.Equal([1, 2, 3], completed.PartETags.Select(p => p.PartNumber ?? 0));
        Assert.Equal((12L * MiB, "\"whole-3\"", "v9"), (info.Size, info.ETag, info.VersionId));
    }

    [Fact]
    public async Task A_412_from_s3_becomes_precondition_failed()
    {
        var client = Substitute.For<IAmazonS3>();
        client.PutObjectAsync(Arg.Any<PutObjectRequest>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AmazonS3Exception("At least one of the pre-conditions you specified did not hold",
                Amazon.Runtime.ErrorType.Sender, "PreconditionFailed", "req-2", HttpStatusCode.PreconditionFailed));
        var store = new S3ObjectStore(client);

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            store.PutAsync("b", "k", new MemoryStream([1, 2]), PutOptions.CreateOnly, CancellationToken.None));

        Assert.Equal(("b", "k"), (error.Bucket, error.Key));
        await client.Received(1).PutObjectAsync(Arg.Is<PutObjectRequest>(r => r.IfNoneMatch == "*"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void Refuses_a_part_size_below_the_s3_minimum()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new S3ObjectStore(Substitute.For<IAmazonS3>(), new S3ObjectStoreOptions(PartSize: 1 * MiB)));

        Assert.Contains("at least 5242880 bytes", error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(S3rverFixture.Bucket, key, null, CancellationToken.None);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
