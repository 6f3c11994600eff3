using System.Security.Cryptography;

namespace SmusServerless.Local.Approvals;

/// <summary>
/// A random secret key kept in a file of the local state directory, readable only by its owner (0600).
/// Created atomically (write a private temp file, then rename without overwrite), so two processes starting
/// together end up with the same key. Deleting the file rotates the key: every outstanding link stops working.
/// </summary>
public static class LocalKeyFile
{
    public const int KeyBytes = 32;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] ReadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path))
            TryCreate(path);
        return Read(path);
    }

    private static void TryCreate(string path)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = OwnerOnly;
            using (var stream = new FileStream(temp, options))
                stream.Write(RandomNumberGenerator.GetBytes(KeyBytes));
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static byte[] Read(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0)
                throw new InvalidOperationException($"{path}: the key file is readable by other users (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600' on it or delete it to create a new key");
        }
        var key = File.ReadAllBytes(path);
        if (key.Length != KeyBytes)
            throw new InvalidOperationException($"{path}: the key file holds {key.Length} bytes, expected {KeyBytes}; delete it to create a new key");
        return key;
    }
}
