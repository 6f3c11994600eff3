namespace SmusServerless.Core.Bundle;

/// <summary>
/// Where each part of the manifest's content sits inside a bundle: the one definition the selector (which fills
/// the bundle), the deploy mapping (which reads it back) and whoever adds content from elsewhere (git clones,
/// connection items) share.
/// <list type="bullet">
/// <item>Pipeline format: <c>storage/&lt;include path&gt;/...</c> (paths kept) and <c>workflows/...</c>.</item>
/// <item>Application format: storage item N at <c>storage/&lt;N&gt;/&lt;path&gt;</c> (the item's own root), git item
/// with repository R at <c>repositories/&lt;R&gt;/&lt;path&gt;</c> (the repository's root, without <c>.git</c>).</item>
/// <item>Both: the app tests at their own path when no storage item holds them; <c>pipeline.yaml</c> and
/// <c>bundle.json</c> at the root.</item>
/// </list>
/// </summary>
public static class BundleLayout
{
    public const string StorageArea = "storage";
    public const string WorkflowsArea = "workflows";
    public const string RepositoriesArea = "repositories";

    /// <summary><c>storage/</c>: the pipeline format's storage area.</summary>
    public const string StoragePrefix = StorageArea + "/";

    /// <summary><c>workflows/</c>: the pipeline format's workflow area.</summary>
    public const string WorkflowsPrefix = WorkflowsArea + "/";

    /// <summary><c>storage/&lt;name&gt;/</c>: the root of the application format's storage item <paramref name="name"/>.</summary>
    public static string StorageItemPrefix(string name) => $"{StoragePrefix}{CheckSegment(name, "content.storage[].name")}/";

    /// <summary><c>repositories/&lt;repository&gt;/</c>: the root of the application format's git item for <paramref name="repository"/>.</summary>
    public static string RepositoryPrefix(string repository) => $"{RepositoriesArea}/{CheckSegment(repository, "content.git[].repository")}/";

    /// <summary>Null when <paramref name="name"/> can name a bundle directory (one path segment); else why not.</summary>
    public static string? CheckItemName(string name) =>
        name.Length == 0 ? "is empty"
        : name is "." or ".." ? "is '.' or '..'"
        : name.IndexOfAny(['/', '\\']) >= 0 ? "contains '/' or '\\'"
        : name.Any(char.IsControl) ? "contains a control character"
        : null;

    private static string CheckSegment(string name, string what) =>
        CheckItemName(name) is { } problem
            ? throw new ArgumentException($"{what} '{name}' {problem}: it names a directory of the bundle", nameof(name))
            : name;
}
