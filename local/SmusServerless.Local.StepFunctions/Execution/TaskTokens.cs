using System.Security.Cryptography;
using System.Text;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// Task tokens: 256 random bits, base64url. Only the SHA-256 of a token is stored, so the state directory
/// never holds a usable token; lookups compare hashes in constant time.
/// </summary>
public static class TaskTokens
{
    private const int TokenBytes = 32;

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when <paramref name="token"/> has the shape of a token this engine issues.</summary>
    public static bool IsWellFormed(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length != 43)
        {
            return false;
        }
        return token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    public static bool HashEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static string Base64Url(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
