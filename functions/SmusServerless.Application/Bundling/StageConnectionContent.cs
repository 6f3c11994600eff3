using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Bundle.Sources;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Bundling;

/// <summary>A project connection's files: where they live (<c>s3://bucket/prefix/</c>) and the tree that reads them.</summary>
public sealed record ConnectionContent(string ConnectionName, string S3Uri, ISourceTree Tree);

/// <summary>A stage's project, or the connection asked for, cannot be found; the message says which and what exists.</summary>
public sealed class ConnectionContentException(string message) : Exception(message);

/// <summary>
/// The files of a stage's project connection, for storage items taken from a connection (smus-cli's bundle-from-dev
/// mode): the stage's domain (by name) and project (by name) in the catalog, the connection of that name, and the
/// objects under its S3 location. The same code serves AWS (DataZone, S3) and the local stack (its simulator, its files).
/// </summary>
public sealed class StageConnectionContent(IProjectCatalog catalog, Func<string, IObjectStore> storeForBucket)
{
    private readonly CatalogNames _names = new(catalog);

    public async Task<ConnectionContent> OpenAsync(TargetDefinition stage, string connectionName, CancellationToken cancellationToken)
    {
        var region = stage.Domain.Region;
        if (stage.Domain.Name.Length == 0)
            throw new ConnectionContentException(
                $"stage '{stage.Name}' selects its domain by {(stage.Domain.IsSelectedByTags ? "tags" : "region only")}; taking files from a connection needs the domain by name");
        CatalogDomain? domain;
        CatalogProject? project;
        try
        {
            domain = await _names.FindDomainAsync(region, stage.Domain.Name, cancellationToken).ConfigureAwait(false);
            project = domain is null ? null : await _names.FindProjectAsync(region, domain.Id, stage.Project.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (PipelineFailure e)
        {
            throw new ConnectionContentException(e.Message);
        }
        if (domain is null)
            throw new ConnectionContentException($"stage '{stage.Name}': no domain named '{stage.Domain.Name}' in {region}");
        if (project is null)
            throw new ConnectionContentException($"stage '{stage.Name}': no project named '{stage.Project.Name}' in domain '{stage.Domain.Name}' ({domain.Id})");

        var connections = await catalog.ListConnectionsAsync(region, domain.Id, project.Id, cancellationToken).ConfigureAwait(false);
        var connection = connections.FirstOrDefault(c => string.Equals(c.Name, connectionName, StringComparison.Ordinal))
            ?? throw new ConnectionContentException(
                $"project '{project.Name}' of stage '{stage.Name}' has no connection '{connectionName}' (it has: {(connections.Count == 0 ? "none" : string.Join(", ", connections.Select(c => c.Name)))})");
        if (ParseS3Uri(connection.S3Uri) is not { } location)
            throw new ConnectionContentException($"connection '{connectionName}' of project '{project.Name}' is not an S3 connection (type {connection.Type ?? "unknown"})");
        return new ConnectionContent(connectionName, connection.S3Uri!, new ObjectStoreSourceTree(storeForBucket(location.Bucket), location.Bucket, location.Prefix));
    }

    /// <summary><c>s3://bucket/prefix/</c> → (bucket, prefix); null when it is not an S3 URI.</summary>
    public static (string Bucket, string Prefix)? ParseS3Uri(string? uri)
    {
        if (uri is null || !uri.StartsWith("s3://", StringComparison.Ordinal))
            return null;
        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        return bucket.Length == 0 ? null : (bucket, prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/");
    }
}
