using SmusServerless.Core.Manifest;

namespace SmusServerless.Core.Bundle;

/// <summary>What of a manifest <see cref="BundleContentSelector"/> selects from the checkout, in the manifest's order.</summary>
public static class BundleContentRules
{
    /// <summary>
    /// Pipeline format: <c>bundle.storage[]</c> then <c>bundle.workflow[]</c> (numbered per area in messages).
    /// Application format: each <c>content.storage[]</c> item without <c>connectionName</c>, under <c>storage/&lt;name&gt;/</c>.
    /// Not here, because they do not come from the checkout: storage items with a <c>connectionName</c> (taken from the
    /// dev project's connection into <see cref="BundleLayout.StorageItemPrefix"/>) and <c>content.git[]</c> (cloned into
    /// <see cref="BundleLayout.RepositoryPrefix"/>, selected from the clone with <see cref="BundleContentRule.ForRepository"/>).
    /// </summary>
    public static IReadOnlyList<BundleContentRule> FromCheckout(PipelineManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ManifestFormat.Application)
            return
            [
                .. manifest.Bundle.Storage.Select(s => new BundleContentRule(BundleArea.Storage, s.Include, s.Exclude)),
                .. manifest.Bundle.Workflow.Select(w => new BundleContentRule(BundleArea.Workflows, w.Include, w.Exclude)),
            ];
        var storage = (manifest.Content ?? ApplicationContent.Empty).Storage;
        return [.. storage
            .Select((item, index) => (item, index))
            .Where(s => s.item.FromCheckout)
            .Select(s => BundleContentRule.ForStorageItem(s.index, s.item.Name, s.item.Include, s.item.Exclude))];
    }
}
