namespace SmusServerless.Cli.Bundles;

/// <summary>
/// Which bundle <c>deploy</c> takes when none is named: as smus-cli's find_bundle_file looks in ./artifacts, a zip whose
/// name contains the application's name (case-insensitive), else any zip; where smus-cli takes the first the directory
/// lists, we take the newest (last written), so a re-bundled version wins.
/// </summary>
public static class BundleLocator
{
    public static string? FindNewest(string directory, string applicationName)
    {
        if (!Directory.Exists(directory))
            return null;
        var zips = new DirectoryInfo(directory).GetFiles("*.zip").OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        return (zips.FirstOrDefault(f => f.Name.Contains(applicationName, StringComparison.OrdinalIgnoreCase)) ?? zips.FirstOrDefault())?.FullName;
    }
}
