using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>The dashboard's custom metrics are the ones the step handlers write, in the namespace the functions get.</summary>
public sealed partial class MetricsDashboardTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    private static readonly HashSet<string> StepMetricNames =
    [
        StepMetrics.StepDuration, StepMetrics.StepFailures, StepMetrics.WaitSeconds, StepMetrics.FilesWritten, StepMetrics.FilesUnchanged,
        StepMetrics.FilesPruned, StepMetrics.BytesWritten, StepMetrics.ObjectsVerified, StepMetrics.TestsPassed, StepMetrics.TestsSkipped,
        StepMetrics.ExecutionsStarted,
    ];

    private static string Environment(string name) =>
        Template.Root["Globals"]!["Function"]!["Environment"]!["Variables"]![name]!.GetValue<string>();

    /// <summary>The dashboard body with the Sub variables replaced by a placeholder, as JSON.</summary>
    private static JsonNode Dashboard()
    {
        var body = Template.Resources["PipelineDashboard"]!["Properties"]!["DashboardBody"]!["Fn::Sub"]!.GetValue<string>();
        return JsonNode.Parse(SubVariable().Replace(body, "x"))!;
    }

    /// <summary>Each metric line of a metric widget, expanded: "." repeats the line above.</summary>
    private static IEnumerable<List<string>> MetricLines()
    {
        foreach (var widget in Dashboard()["widgets"]!.AsArray())
        {
            if (widget!["type"]!.GetValue<string>() != "metric") continue;
            List<string>? previous = null;
            foreach (var line in widget["properties"]!["metrics"]!.AsArray())
            {
                var parts = line!.AsArray().Where(p => p is JsonValue).Select(p => p!.GetValue<string>()).ToList();
                if (parts.Count == 0) continue; // an expression
                var expanded = parts.Select((p, i) => p == "." && previous is not null ? previous[i] : p).ToList();
                yield return previous = expanded;
            }
        }
    }

    [Fact]
    public void Custom_metrics_are_in_the_functions_namespace_and_named_as_the_steps_write_them()
    {
        var custom = MetricLines().Where(line => !line[0].StartsWith("AWS/", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(custom);
        Assert.All(custom, line =>
        {
            Assert.Equal(Environment("POWERTOOLS_METRICS_NAMESPACE"), line[0]);
            Assert.Contains(line[1], StepMetricNames);
            Assert.Equal(["Service", Environment("POWERTOOLS_SERVICE_NAME"), StepMetrics.StepDimension], line.Skip(2).Take(3));
            Assert.Contains(line[5], PipelineFunctions.Names);
        });
    }

    [Fact]
    public void Search_expressions_look_for_step_metrics_in_the_functions_namespace()
    {
        var expressions = Dashboard()["widgets"]!.AsArray()
            .SelectMany(w => w!["properties"]?["metrics"]?.AsArray() ?? [])
            .SelectMany(line => line!.AsArray().OfType<JsonObject>())
            .Select(o => o["expression"]?.GetValue<string>())
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(expressions);
        Assert.All(expressions, expression =>
        {
            var match = SearchExpression().Match(expression);
            Assert.True(match.Success, expression);
            Assert.Equal($"{Environment("POWERTOOLS_METRICS_NAMESPACE")},Service,{StepMetrics.StepDimension}", match.Groups["schema"].Value);
            Assert.Contains(match.Groups["metric"].Value, StepMetricNames);
        });
    }

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex SubVariable();

    [GeneratedRegex("""^SEARCH\('\{(?<schema>[^}]+)\} MetricName="(?<metric>\w+)"'""")]
    private static partial Regex SearchExpression();
}
