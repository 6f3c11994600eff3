namespace SmusServerless.Core.Bundle.Sources;

/// <summary>Joins the file lists of several sources into one bundle's list, refusing what the writer would refuse.</summary>
public static class BundleContentMerge
{
    /// <summary>
    /// All files sorted by entry name. Two files on one entry name, or on names that differ only in case or Unicode
    /// normalisation, are a <see cref="BundleContentException"/> naming both (each source path as <paramref name="describe"/> says).
    /// </summary>
    public static IReadOnlyList<BundleContentFile> Merge(IEnumerable<BundleContentFile> files, Func<string, string> describe)
    {
        var all = new Dictionary<string, BundleContentFile>(StringComparer.Ordinal);
        var names = new BundleEntryNameSet();
        foreach (var file in files)
        {
            if (all.TryGetValue(file.EntryPath, out var existing))
                throw new BundleContentException($"'{describe(file.SourcePath)}' and '{describe(existing.SourcePath)}' would both be bundled as '{file.EntryPath}'");
            if (BundleEntryName.Check(file.EntryPath) is { } problem)
                throw new BundleContentException($"'{describe(file.SourcePath)}' cannot be bundled as '{file.EntryPath}': {problem.Detail}");
            if (names.Add(file.EntryPath) is { } clash)
                throw new BundleContentException($"'{file.EntryPath}' clashes with '{clash.Other}' ({clash.Reason}); bundles must extract the same on case-insensitive file systems");
            all.Add(file.EntryPath, file);
        }
        return [.. all.Values.OrderBy(f => f.EntryPath, StringComparer.Ordinal)];
    }
}
