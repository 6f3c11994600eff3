using System.Globalization;
using System.Text.Json;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.Metrics;

/// <summary>
/// CloudWatch Embedded Metric Format on stdout, per the EMF specification: one document per line,
/// <c>{"_aws":{"Timestamp":ms,"CloudWatchMetrics":[{"Namespace","Dimensions":[[keys]],"Metrics":[{"Name","Unit"}]}]}, key: value...}</c>.
/// At most 100 metric definitions per document and 100 values per metric (larger sets are split over
/// several documents), at most 30 dimensions, every dimension value a string of at most 1024 characters.
/// The namespace comes from POWERTOOLS_METRICS_NAMESPACE; the service name is the default <c>Service</c> dimension.
/// </summary>
public sealed class EmfMetrics : IMetrics
{
    public const int MaxMetricsPerDocument = 100;
    public const int MaxValuesPerMetric = 100;
    public const int MaxDimensions = 30;
    public const int MaxDimensionValueLength = 1024;
    public const int MaxDimensionNameLength = 250;
    public const int MaxNameLength = 1024;
    public const string ServiceDimension = "Service";

    private readonly string? _namespace;
    private readonly JsonLineOutput _output;
    private readonly TimeProvider _time;
    private readonly SecretRedactor _redactor;
    private readonly KeyValuePair<string, string>[] _defaultDimensions;
    private readonly Lock _gate = new();
    private readonly List<RecordedMetric> _metrics = [];
    private readonly List<KeyValuePair<string, string>> _dimensions = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];

    public EmfMetrics(string? metricsNamespace, string? serviceName, JsonLineOutput output, TimeProvider time, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(redactor);
        _namespace = string.IsNullOrWhiteSpace(metricsNamespace) ? null : metricsNamespace;
        if (_namespace is { Length: > MaxNameLength })
        {
            throw new MetricsException($"The metrics namespace is {_namespace.Length} characters long; EMF allows at most {MaxNameLength}.");
        }

        _output = output;
        _time = time;
        _redactor = redactor;
        _defaultDimensions = string.IsNullOrWhiteSpace(serviceName) ? [] : [new(ServiceDimension, serviceName)];
    }

    public void AddMetric(string name, double value, MetricUnit unit = MetricUnit.Count, MetricResolution resolution = MetricResolution.Standard)
    {
        ValidateName(name, "metric name");
        if (_namespace is null)
        {
            throw new MetricsException(
                $"Metric '{name}' cannot be recorded: POWERTOOLS_METRICS_NAMESPACE is not set, and EMF requires a namespace.");
        }

        if (!double.IsFinite(value))
        {
            throw new MetricsException($"Metric '{name}' has the value {value}; EMF values must be finite numbers.");
        }

        if (!Enum.IsDefined(resolution))
        {
            throw new MetricsException($"Metric '{name}' has storage resolution {(int)resolution}; EMF allows 1 or 60.");
        }

        lock (_gate)
        {
            var existing = _metrics.Find(metric => metric.Name == name);
            if (existing is null)
            {
                ThrowIfNameTaken(name, "metric");
                _metrics.Add(new RecordedMetric(name, unit, resolution, [value]));
                return;
            }

            if (existing.Unit != unit || existing.Resolution != resolution)
            {
                throw new MetricsException(
                    $"Metric '{name}' was recorded in {existing.Unit.ToEmfName()} at resolution {(int)existing.Resolution}; it cannot also be {unit.ToEmfName()} at {(int)resolution}.");
            }

            existing.Values.Add(value);
        }
    }

    public void AddDimension(string name, string value)
    {
        ValidateName(name, "dimension name", MaxDimensionNameLength);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > MaxDimensionValueLength)
        {
            throw new MetricsException(
                $"Dimension '{name}' has a value of {value.Length} characters; EMF requires 1 to {MaxDimensionValueLength}.");
        }

        lock (_gate)
        {
            _dimensions.RemoveAll(pair => pair.Key == name);
            if (_defaultDimensions.Any(pair => pair.Key == name))
            {
                throw new MetricsException($"Dimension '{name}' is a default dimension and is set from the environment.");
            }

            ThrowIfNameTaken(name, "dimension");
            if (_defaultDimensions.Length + _dimensions.Count + 1 > MaxDimensions)
            {
                throw new MetricsException($"Dimension '{name}' would be dimension {MaxDimensions + 1}; EMF allows at most {MaxDimensions}.");
            }

            _dimensions.Add(new(name, value));
        }
    }

    public void AddMetadata(string key, string value)
    {
        ValidateName(key, "metadata key");
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _metadata.RemoveAll(pair => pair.Key == key);
            ThrowIfNameTaken(key, "metadata key");
            _metadata.Add(new(key, value));
        }
    }

    public void Flush()
    {
        List<byte[]> documents;
        lock (_gate)
        {
            documents = _metrics.Count == 0 ? [] : RenderDocuments();
            _metrics.Clear();
            _dimensions.Clear();
            _metadata.Clear();
        }

        foreach (var document in documents)
        {
            _output.WriteLine(document);
        }
    }

    // Splits values into rounds of at most 100 per metric, and each round into documents of at most 100 metrics.
    private List<byte[]> RenderDocuments()
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var dimensions = _defaultDimensions.Concat(_dimensions).ToArray();
        var rounds = _metrics.Max(metric => (metric.Values.Count + MaxValuesPerMetric - 1) / MaxValuesPerMetric);
        var documents = new List<byte[]>();
        for (var round = 0; round < rounds; round++)
        {
            var inRound = _metrics
                .Where(metric => metric.Values.Count > round * MaxValuesPerMetric)
                .Select(metric => (metric, values: metric.Values.Skip(round * MaxValuesPerMetric).Take(MaxValuesPerMetric).ToArray()))
                .ToList();
            foreach (var chunk in inRound.Chunk(MaxMetricsPerDocument))
            {
                documents.Add(RenderDocument(timestamp, dimensions, chunk));
            }
        }

        return documents;
    }

    private byte[] RenderDocument(
        long timestamp,
        KeyValuePair<string, string>[] dimensions,
        (RecordedMetric Metric, double[] Values)[] metrics) => StructuredValueWriter.Render(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("_aws");
        writer.WriteNumber("Timestamp", timestamp);
        writer.WriteStartArray("CloudWatchMetrics");
        writer.WriteStartObject();
        writer.WriteString("Namespace", _namespace);
        writer.WriteStartArray("Dimensions");
        writer.WriteStartArray();
        foreach (var (name, _) in dimensions)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
        writer.WriteStartArray("Metrics");
        foreach (var (metric, _) in metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("Name", metric.Name);
            writer.WriteString("Unit", metric.Unit.ToEmfName());
            if (metric.Resolution == MetricResolution.High)
            {
                writer.WriteNumber("StorageResolution", (int)MetricResolution.High);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        foreach (var (name, value) in dimensions)
        {
            writer.WriteString(name, value);
        }

        foreach (var (key, value) in _metadata)
        {
            writer.WriteString(key, _redactor.RedactValue(key, value));
        }

        foreach (var (metric, values) in metrics)
        {
            if (values.Length == 1)
            {
                writer.WriteNumber(metric.Name, values[0]);
            }
            else
            {
                writer.WriteStartArray(metric.Name);
                foreach (var value in values)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }
        }

        writer.WriteEndObject();
    });

    // Metric values, dimension values and metadata all live on the EMF root node, so their names must differ.
    private void ThrowIfNameTaken(string name, string kind)
    {
        var taken = name == "_aws"
            || _metrics.Exists(metric => metric.Name == name)
            || _defaultDimensions.Any(pair => pair.Key == name)
            || _dimensions.Exists(pair => pair.Key == name)
            || _metadata.Exists(pair => pair.Key == name);
        if (taken)
        {
            throw new MetricsException($"The {kind} '{name}' clashes with a name already on the EMF root node.");
        }
    }

    private static void ValidateName(string name, string kind, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrEmpty(name) || name.Length > maxLength)
        {
            throw new MetricsException(
                $"The {kind} '{name}' must be 1 to {maxLength} characters long (it is {name?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}).");
        }
    }

    private sealed record RecordedMetric(string Name, MetricUnit Unit, MetricResolution Resolution, List<double> Values);
}
