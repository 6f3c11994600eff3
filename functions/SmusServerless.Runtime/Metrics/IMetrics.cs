namespace SmusServerless.Runtime.Metrics;

/// <summary>
/// Custom metrics for the current invocation, shaped like Powertools' Metrics utility (not served here).
/// The runtime flushes after every invocation; dimensions and metadata added by a handler last for that flush.
/// </summary>
public interface IMetrics
{
    /// <summary>Records a value; the same name added again in one invocation becomes an array of values.</summary>
    void AddMetric(string name, double value, MetricUnit unit = MetricUnit.Count, MetricResolution resolution = MetricResolution.Standard);

    /// <summary>Adds a dimension to the metrics of this invocation (the service dimension is always there).</summary>
    void AddDimension(string name, string value);

    /// <summary>Adds a searchable, non-metric member to the EMF document (e.g. an execution ARN).</summary>
    void AddMetadata(string key, string value);

    /// <summary>Writes what was recorded as EMF lines and starts over.</summary>
    void Flush();
}

/// <summary>A metric or dimension breaks the EMF specification or the metrics configuration.</summary>
public sealed class MetricsException(string message) : Exception(message);
