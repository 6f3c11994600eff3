using System.Text.Json;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// The deployment records as objects in the state bucket (<see cref="StateKeys"/>): the current one per pipeline and
/// target, and one per run.
/// </summary>
public sealed class DeploymentRecords(IObjectStore objects, string stateBucket) : IDeploymentRecords
{
    public async Task<DeploymentRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var info = await objects.HeadAsync(stateBucket, key, null, cancellationToken).ConfigureAwait(false);
        if (info is null || info.IsDeleteMarker) return null;
        await using var stream = await objects.OpenReadAsync(stateBucket, key, info.VersionId, cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, PipelineJsonContext.Default.DeploymentRecord, cancellationToken).ConfigureAwait(false);
    }

    public Task<DeploymentRecord?> ReadCurrentAsync(string pipeline, string target, CancellationToken cancellationToken) =>
        ReadAsync(StateKeys.CurrentDeployment(pipeline, target), cancellationToken);

    /// <summary>Writes the run's history record, then makes it the target's current one.</summary>
    public async Task WriteAsync(DeploymentRecord record, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(record, PipelineJsonContext.Default.DeploymentRecord);
        var options = new PutOptions(ContentType: "application/json");
        await objects.PutAsync(stateBucket, StateKeys.DeploymentHistory(record.PipelineName, record.TargetName, record.RunId), new MemoryStream(body), options, cancellationToken).ConfigureAwait(false);
        await objects.PutAsync(stateBucket, StateKeys.CurrentDeployment(record.PipelineName, record.TargetName), new MemoryStream(body), options, cancellationToken).ConfigureAwait(false);
    }
}
