namespace SmusServerless.Core.Bundle;

/// <summary>
/// The one rule for entry names, shared by the writer (refuse to build what the reader would refuse) and the reader:
/// relative, '/'-separated, no '..', '.', empty segments, backslashes, drive letters or control characters.
/// A trailing '/' marks a directory entry.
/// </summary>
public static class BundleEntryName
{
    public const string Manifest = "pipeline.yaml";
    public const string Descriptor = "bundle.json";

    /// <summary>Null when <paramref name="name"/> is safe; otherwise the reason and a human explanation.</summary>
    public static (BundleRefusalReason Reason, string Detail)? Check(string name, int maxNameBytes = 1024)
    {
        if (name.Length == 0)
            return (BundleRefusalReason.InvalidName, "empty name");
        if (System.Text.Encoding.UTF8.GetByteCount(name) > maxNameBytes)
            return (BundleRefusalReason.InvalidName, $"name longer than {maxNameBytes} bytes");
        if (name.Contains('\\'))
            return (BundleRefusalReason.Backslash, "backslash in name (a path separator on Windows)");
        if (name[0] == '/')
            return (BundleRefusalReason.AbsolutePath, "absolute path");
        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
            return (BundleRefusalReason.DriveLetter, "drive letter");
        foreach (var c in name)
        {
            if (char.IsControl(c) || c == '\uFFFD')
                return (BundleRefusalReason.InvalidName, "control or replacement character in name");
        }
        var body = name.EndsWith('/') ? name[..^1] : name;
        foreach (var segment in body.Split('/'))
        {
            if (segment == "..")
                return (BundleRefusalReason.PathTraversal, "'..' segment");
            if (segment.Length == 0 || segment == ".")
                return (BundleRefusalReason.InvalidName, "empty or '.' path segment");
        }
        return null;
    }

    public static bool IsDirectory(string name) => name.EndsWith('/');
}
