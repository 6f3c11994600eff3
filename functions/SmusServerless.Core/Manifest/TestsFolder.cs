namespace SmusServerless.Core.Manifest;

/// <summary>
/// Where a target's <c>tests.folder</c> is inside a bundle. The folder is written relative to the repository
/// (<c>./tests</c>, <c>tests/</c>); a bundle holds it either at its root or, when the repository is bundled
/// through <c>bundle.storage[]</c>, under <c>storage/</c>. The root wins when both exist.
/// </summary>
public static class TestsFolder
{
    /// <summary><c>./tests/</c> → <c>tests</c>; null when the folder is empty, absolute or escapes with "..".</summary>
    public static string? Normalize(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (folder.Contains('\\', StringComparison.Ordinal) || folder.StartsWith('/') ||
            (folder.Length > 1 && folder[1] == ':')) return null;
        var segments = folder.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Count == 0 || segments.Contains("..")) return null;
        return string.Join('/', segments);
    }

    /// <summary>The bundle directory holding the tests, or null when the bundle has none there.</summary>
    public static string? Locate(string folder, IBundleContents bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (Normalize(folder) is not { } normalized) return null;
        if (bundle.ContainsDirectory(normalized)) return normalized;
        var underStorage = "storage/" + normalized;
        return bundle.ContainsDirectory(underStorage) ? underStorage : null;
    }
}
