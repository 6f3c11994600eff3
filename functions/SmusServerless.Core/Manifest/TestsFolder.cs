namespace SmusServerless.Core.Manifest;

/// <summary>
/// Where a target's <c>tests.folder</c> is inside a bundle.
/// <list type="bullet">
/// <item>Application format: the folder is relative to the working directory of <c>bundle</c> (smus-cli resolves it
/// with <c>os.path.abspath</c>), so it may lie outside the manifest's folder; the CLI bundles it at
/// <see cref="ApplicationBundlePath"/>, a path at the bundle's root that is never deployed.</item>
/// <item>Pipeline format: the folder is relative to the manifest (<c>./tests</c>, <c>tests/</c>); a bundle holds it at
/// its root under that path or, when a <c>bundle.storage[]</c> item includes it, under <c>storage/</c>.</item>
/// </list>
/// <see cref="ApplicationBundlePath"/> wins, then the root, then <c>storage/</c>.
/// </summary>
public static class TestsFolder
{
    /// <summary>The bundle directory that holds an application manifest's tests folder, whatever it is called in the checkout.</summary>
    public const string ApplicationBundlePath = "smus-app-tests";

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
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.ContainsDirectory(ApplicationBundlePath)) return ApplicationBundlePath;
        if (Normalize(folder) is not { } normalized) return null;
        if (bundle.ContainsDirectory(normalized)) return normalized;
        var underStorage = "storage/" + normalized;
        return bundle.ContainsDirectory(underStorage) ? underStorage : null;
    }
}
