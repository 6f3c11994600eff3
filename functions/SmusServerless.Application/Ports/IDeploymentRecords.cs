using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Ports;

/// <summary>
/// The deployment records: the current one per pipeline and target (what the next deploy diffs against and prunes
/// from), and one per run (history, for rollbacks and audits).
/// </summary>
public interface IDeploymentRecords
{
    Task<DeploymentRecord?> ReadAsync(string key, CancellationToken cancellationToken);

    Task<DeploymentRecord?> ReadCurrentAsync(string pipeline, string target, CancellationToken cancellationToken);

    /// <summary>Writes the run's history record, then makes it the target's current one.</summary>
    Task WriteAsync(DeploymentRecord record, CancellationToken cancellationToken);
}
