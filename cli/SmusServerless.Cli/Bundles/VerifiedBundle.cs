using System.Security.Cryptography;
using System.Text;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Local.Files;

namespace SmusServerless.Cli.Bundles;

/// <summary>
/// A bundle file that <see cref="BundleReader"/> accepted and whose every entry matched bundle.json (size, CRC-32,
/// SHA-256), with the zip's own SHA-256 and its pipeline.yaml text.
/// </summary>
public sealed record VerifiedBundle(
    string DisplayPath,
    string FullPath,
    long Size,
    string Sha256,
    BundleDescriptor Descriptor,
    BundleVerification Verification,
    string ManifestText)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Opens and verifies the bundle at <paramref name="path"/>. An unsafe or inconsistent bundle is a
    /// <see cref="CommandFailedException"/> carrying the reader's named reason and the entry concerned.
    /// </summary>
    public static async Task<VerifiedBundle> OpenAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var full = context.ResolvePath(path);
        if (!File.Exists(full))
            throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound, $"{path}: no such bundle file ({full})", File: path));
        try
        {
            BundleDescriptor descriptor;
            BundleVerification verification;
            byte[] manifest;
            long size;
            using (var source = FileRandomAccessSource.Open(full))
            {
                size = source.Length;
                var reader = await BundleReader.OpenAsync(source, BundleLimits.Default, cancellationToken).ConfigureAwait(false);
                verification = await reader.VerifyAsync(cancellationToken).ConfigureAwait(false);
                manifest = await reader.ReadAllBytesAsync(BundleEntryName.Manifest, cancellationToken).ConfigureAwait(false);
                descriptor = reader.Descriptor;
            }
            string text;
            try
            {
                text = StrictUtf8.GetString(manifest);
            }
            catch (DecoderFallbackException)
            {
                throw new CommandFailedException(new CliError(CliErrorKinds.InvalidManifest, $"{path}: {BundleEntryName.Manifest} is not UTF-8 text", File: path, Entry: BundleEntryName.Manifest));
            }
            return new VerifiedBundle(path, full, size, await Sha256Async(full, cancellationToken).ConfigureAwait(false), descriptor, verification, text);
        }
        catch (BundleRefusedException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.BundleRefused, $"{path}: {e.Message}", File: path, Reason: e.Reason.ToString(), Entry: e.EntryName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Io, $"{path}: cannot be read: {e.Message}", File: path));
        }
    }

    /// <summary>Lowercase hex SHA-256 of a file, streamed.</summary>
    public static async Task<string> Sha256Async(string fullPath, CancellationToken cancellationToken)
    {
        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
