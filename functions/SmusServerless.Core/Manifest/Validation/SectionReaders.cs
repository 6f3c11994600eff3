using SmusServerless.Core.Manifest.Yaml;
using R = SmusServerless.Core.Manifest.Validation.ManifestRules;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>Readers of the sections both formats write the same way: the catalog and project user parameters.</summary>
internal sealed class SectionReaders(BindingContext context)
{
    public CatalogDefinition ReadCatalog(MappingReader reader) => new(
        reader.String("connectionName", rule: StringRule.NonEmpty),
        reader.List("assets", ReadAsset) ?? []);

    public CatalogAsset? ReadAsset(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, R.AssetKeys) is not { } reader) return null;
        var selector = reader.Mapping("selector", R.SelectorKeys, required: true) is { } selectorReader
            ? ReadSelector(selectorReader)
            : null;
        var permission = reader.String("permission", rule: R.Permission) switch
        {
            "WRITE" => AssetPermission.Write,
            _ => AssetPermission.Read,
        };
        var reason = reader.String("requestReason", rule: StringRule.NonEmpty) ?? CatalogAsset.DefaultRequestReason;
        return selector is null ? null : new CatalogAsset(selector, permission, reason);
    }

    public static AssetSelector? ReadSelector(MappingReader reader)
    {
        var hasId = reader.Has("assetId");
        var hasSearch = reader.Has("search");
        if (hasId == hasSearch)
        {
            reader.ReportAtSelf(DiagnosticCodes.Required,
                hasId ? "give either 'assetId' or 'search', not both" : "give 'assetId' or 'search'");
            return null;
        }
        if (hasId) return reader.String("assetId", rule: R.AssetId) is { } id ? new AssetIdSelector(id) : null;
        if (reader.Mapping("search", R.SearchKeys) is not { } search) return null;
        var type = search.String("assetType", required: true, rule: StringRule.NonEmpty);
        var identifier = search.String("identifier", required: true, rule: StringRule.NonEmpty);
        return type is null || identifier is null ? null : new SearchAssetSelector(type, identifier);
    }

    public UserParameterGroup? ReadUserParameterGroup(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, R.UserParameterGroupKeys) is not { } reader) return null;
        var configuration = reader.String("EnvironmentConfigurationName", required: true, rule: StringRule.NonEmpty);
        var parameters = reader.List("parameters", ReadUserParameter, required: true);
        return configuration is null || parameters is null ? null : new UserParameterGroup(configuration, parameters);
    }

    public UserParameter? ReadUserParameter(YamlNode node, string path)
    {
        if (MappingReader.Open(context, node, path, R.UserParameterKeys) is not { } reader) return null;
        var name = reader.String("name", required: true, rule: StringRule.NonEmpty);
        var value = reader.String("value", required: true);
        return name is null || value is null ? null : new UserParameter(name, value);
    }
}
