using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.Metrics;
using SmusServerless.Runtime.Redaction;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

/// <summary>The EMF documents, checked against the CloudWatch Embedded Metric Format specification.</summary>
public sealed class EmfMetricsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_205_323_456);
    private readonly CapturedOutput _output = new();

    private EmfMetrics Metrics(string? metricsNamespace = "SmusServerless", string? service = "smus-pipeline") =>
        new(metricsNamespace, service, new JsonLineOutput(_output), new FakeTimeProvider(Now), SecretRedactor.Default);

    [Fact]
    public void Writes_the_exact_emf_document()
    {
        var metrics = Metrics();
        metrics.AddDimension("Target", "prod");
        metrics.AddMetadata("executionArn", "arn:aws:states:eu-west-1:123456789012:execution:pipeline:run-1");
        metrics.AddMetric("FilesDeployed", 12, MetricUnit.Count);
        metrics.AddMetric("DeployDuration", 1530.5, MetricUnit.Milliseconds, MetricResolution.High);
        metrics.Flush();

        Assert.Equal(
            """{"_aws":{"Timestamp":1764205323456,"CloudWatchMetrics":[{"Namespace":"SmusServerless","Dimensions":[["Service","Target"]],"Metrics":[{"Name":"FilesDeployed","Unit":"Count"},{"Name":"DeployDuration","Unit":"Milliseconds","StorageResolution":1}]}]},"Service":"smus-pipeline","Target":"prod","executionArn":"arn:aws:states:eu-west-1:123456789012:execution:pipeline:run-1","FilesDeployed":12,"DeployDuration":1530.5}""",
            Assert.Single(_output.Lines));
    }

    [Fact]
    public void Writes_an_empty_dimension_set_when_there_is_no_dimension()
    {
        var metrics = Metrics(service: null);
        metrics.AddMetric("Runs", 1);
        metrics.Flush();

        var directive = Directive(_output.Documents.Single(), 0);
        Assert.Equal("[[]]", directive.GetProperty("Dimensions").GetRawText());
    }

    [Fact]
    public void Repeated_values_of_a_metric_become_an_array()
    {
        var metrics = Metrics();
        metrics.AddMetric("WaitSeconds", 5, MetricUnit.Seconds);
        metrics.AddMetric("WaitSeconds", 10, MetricUnit.Seconds);
        metrics.Flush();

        var document = _output.Documents.Single();
        Assert.Equal("[5,10]", document.GetProperty("WaitSeconds").GetRawText());
        Assert.Equal(1, Directive(document, 0).GetProperty("Metrics").GetArrayLength());
    }

    [Fact]
    public void Splits_more_than_100_metrics_over_several_documents()
    {
        var metrics = Metrics();
        for (var i = 0; i < 250; i++)
        {
            metrics.AddMetric($"M{i:000}", i);
        }

        metrics.Flush();

        var documents = _output.Documents;
        Assert.Equal([100, 100, 50], documents.Select(document => Directive(document, 0).GetProperty("Metrics").GetArrayLength()));
        Assert.All(documents, document =>
            Assert.All(Directive(document, 0).GetProperty("Metrics").EnumerateArray(),
                definition => Assert.True(document.TryGetProperty(definition.GetProperty("Name").GetString()!, out _))));
        Assert.Equal(249, documents[2].GetProperty("M249").GetDouble());
    }

    [Fact]
    public void Splits_more_than_100_values_of_one_metric_over_several_documents()
    {
        var metrics = Metrics();
        for (var i = 0; i < 150; i++)
        {
            metrics.AddMetric("Bytes", i, MetricUnit.Bytes);
        }

        metrics.Flush();

        Assert.Equal([100, 50], _output.Documents.Select(document => document.GetProperty("Bytes").GetArrayLength()));
    }

    [Fact]
    public void Flush_starts_over_but_keeps_the_service_dimension()
    {
        var metrics = Metrics();
        metrics.AddDimension("Target", "prod");
        metrics.AddMetric("Runs", 1);
        metrics.Flush();
        metrics.AddMetric("Runs", 1);
        metrics.Flush();

        var second = _output.Documents[1];
        Assert.Equal("""[["Service"]]""", Directive(second, 0).GetProperty("Dimensions").GetRawText());
        Assert.False(second.TryGetProperty("Target", out _));
    }

    [Fact]
    public void Writes_nothing_when_nothing_was_recorded()
    {
        Metrics().Flush();

        Assert.Empty(_output.Lines);
    }

    [Fact]
    public void Spells_per_second_units_as_emf_does()
    {
        var metrics = Metrics();
        metrics.AddMetric("Throughput", 3.5, MetricUnit.MegabytesPerSecond);
        metrics.Flush();

        Assert.Equal("Megabytes/Second", Directive(_output.Documents.Single(), 0).GetProperty("Metrics")[0].GetProperty("Unit").GetString());
    }

    [Fact]
    public void Refuses_a_metric_without_a_namespace()
    {
        var error = Assert.Throws<MetricsException>(() => Metrics(metricsNamespace: null).AddMetric("Runs", 1));

        Assert.Contains("POWERTOOLS_METRICS_NAMESPACE is not set", error.Message);
    }

    [Fact]
    public void Refuses_a_31st_dimension()
    {
        var metrics = Metrics();
        for (var i = 1; i < EmfMetrics.MaxDimensions; i++)
        {
            metrics.AddDimension($"D{i}", "v");
        }

        var error = Assert.Throws<MetricsException>(() => metrics.AddDimension("D30", "v"));

        Assert.Contains("at most 30", error.Message);
    }

    [Fact]
    public void Refuses_a_dimension_value_longer_than_1024_characters()
    {
        Assert.Throws<MetricsException>(() => Metrics().AddDimension("Target", new string('x', 1025)));
    }

    [Fact]
    public void Refuses_a_metric_whose_unit_changes()
    {
        var metrics = Metrics();
        metrics.AddMetric("Duration", 1, MetricUnit.Seconds);

        Assert.Throws<MetricsException>(() => metrics.AddMetric("Duration", 1000, MetricUnit.Milliseconds));
    }

    [Fact]
    public void Refuses_a_name_already_on_the_root_node()
    {
        var metrics = Metrics();
        metrics.AddDimension("Target", "prod");

        var error = Assert.Throws<MetricsException>(() => metrics.AddMetric("Target", 1));

        Assert.Contains("clashes", error.Message);
    }

    [Fact]
    public void Refuses_a_value_that_is_not_a_finite_number()
    {
        Assert.Throws<MetricsException>(() => Metrics().AddMetric("Ratio", double.NaN));
    }

    [Fact]
    public void Masks_metadata_named_like_a_secret()
    {
        var metrics = Metrics();
        metrics.AddMetadata("taskToken", Secrets.TaskToken);
        metrics.AddMetric("Runs", 1);
        metrics.Flush();

        Assert.Equal(SecretRedactor.Mask, _output.Documents.Single().GetProperty("taskToken").GetString());
    }

    private static JsonElement Directive(JsonElement document, int index) =>
        document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[index];
}
