using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// Each pipeline function's policy in template.yaml grants the IAM actions its code's AWS calls need, on the
/// resources it calls them on, and nothing its code does not declare (<see cref="FunctionPermissions"/>, composed
/// from the declarations next to the adapters; the Pipeline tests keep those honest by recording the steps' calls).
/// </summary>
public sealed partial class FunctionPolicyTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    public static TheoryData<string> PipelineHandlers() => [.. FunctionPermissions.ByHandler.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(PipelineHandlers))]
    public void Policy_grants_every_action_the_function_declares(string handler)
    {
        var statements = Statements(handler, includeConditional: true);

        var missing = FunctionPermissions.ByHandler[handler]
            .Where(grant => !statements.Any(statement => statement.Grants(grant)))
            .Select(grant => grant.ToString())
            .ToList();

        Assert.True(missing.Count == 0, $"{FunctionOf(handler).Key} (handler {handler}) lacks: {string.Join("; ", missing)}");
    }

    [Theory]
    [MemberData(nameof(PipelineHandlers))]
    public void Policy_grants_no_action_the_function_does_not_declare(string handler)
    {
        var declared = FunctionPermissions.ByHandler[handler].Select(grant => grant.Action).ToHashSet(StringComparer.Ordinal);

        var extra = Statements(handler, includeConditional: false)
            .SelectMany(statement => statement.Actions)
            .Where(action => !declared.Any(d => Matches(action, d)))
            .Distinct()
            .ToList();

        Assert.True(extra.Count == 0, $"{FunctionOf(handler).Key} (handler {handler}) grants what its code does not call: {string.Join(", ", extra)}");
    }

    [Fact]
    public void A_grant_on_the_wrong_bucket_does_not_count()
    {
        var statement = new PolicyStatement(["s3:GetObject"], ["${PipelineStateBucket.Arn}/deployments/*"]);

        Assert.False(statement.Grants(new IamGrant("s3:GetObject", PipelineResource.BundleObjects)));
        Assert.True(statement.Grants(new IamGrant("s3:GetObject", PipelineResource.StateObjects)));
        Assert.False(statement.Grants(new IamGrant("s3:GetObjectVersion", PipelineResource.StateObjects)));
        Assert.False(statement.Grants(new IamGrant("s3:ListBucket", PipelineResource.StateBucket)));
    }

    [Fact]
    public void Every_pipeline_function_of_the_template_has_declared_permissions()
    {
        var pipelineHandlers = PipelineFunctions.Names.ToHashSet(StringComparer.Ordinal);
        var handlers = Functions().Select(f => f.Handler).Where(pipelineHandlers.Contains).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(pipelineHandlers.Order(StringComparer.Ordinal), handlers);
        Assert.All(handlers, handler => Assert.True(FunctionPermissions.ByHandler.ContainsKey(handler), handler));
    }

    private static IEnumerable<(string Key, string Handler, JsonObject Properties)> Functions() =>
        Template.Resources
            .Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Serverless::Function")
            .Select(r => (r.Key, r.Value!["Properties"]!["Handler"]!.GetValue<string>(), r.Value["Properties"]!.AsObject()));

    private static (string Key, string Handler, JsonObject Properties) FunctionOf(string handler) =>
        Functions().SingleOrDefault(f => f.Handler == handler) is { Key: not null } found
            ? found
            : throw new InvalidOperationException($"template.yaml has no function with Handler: {handler}");

    /// <summary>The Allow statements of a function's Policies (inline statements; both branches' true side of an Fn::If).</summary>
    private static List<PolicyStatement> Statements(string handler, bool includeConditional)
    {
        var statements = new List<PolicyStatement>();
        foreach (var policy in FunctionOf(handler).Properties["Policies"]?.AsArray() ?? [])
        {
            switch (policy)
            {
                case JsonObject { Count: 1 } conditional when conditional["Fn::If"] is JsonArray branches:
                    if (includeConditional && branches[1] is JsonObject { } chosen && chosen["Statement"] is JsonArray conditionalStatements)
                        statements.AddRange(conditionalStatements.Select(s => PolicyStatement.From(s!.AsObject())).OfType<PolicyStatement>());
                    break;
                case JsonObject document when document["Statement"] is JsonArray inline:
                    statements.AddRange(inline.Select(s => PolicyStatement.From(s!.AsObject())).OfType<PolicyStatement>());
                    break;
                default:
                    // SAM policy templates (S3CrudPolicy, ...) and managed policies would need expanding here first.
                    throw new InvalidOperationException(
                        $"{FunctionOf(handler).Key}: policy {policy?.ToJsonString()} is not an inline statement list; expand it in FunctionPolicyTests.");
            }
        }
        return statements;
    }

    private static bool Matches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);

    /// <summary>An Allow statement: its actions, and its resources as text (<c>${Logical.Attribute}</c> for GetAtt, <c>${Name}</c> for Ref).</summary>
    private sealed record PolicyStatement(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)
    {
        public static PolicyStatement? From(JsonObject statement)
        {
            if (statement["Effect"]?.GetValue<string>() != "Allow") return null;
            return new PolicyStatement(List(statement["Action"]).Select(a => a.GetValue<string>()).ToList(),
                List(statement["Resource"]).Select(Text).ToList());
        }

        public bool Grants(IamGrant grant) =>
            Actions.Any(pattern => Matches(pattern, grant.Action)) && Resources.Any(resource => Covers(resource, grant.Resource));

        private static bool Covers(string resource, PipelineResource wanted) => resource == "*" || wanted switch
        {
            PipelineResource.BundleObjects => resource.StartsWith("${BundlesBucket.Arn}/", StringComparison.Ordinal),
            PipelineResource.BundlesBucket => resource == "${BundlesBucket.Arn}",
            PipelineResource.StateObjects => resource.StartsWith("${PipelineStateBucket.Arn}/", StringComparison.Ordinal),
            PipelineResource.StateBucket => resource == "${PipelineStateBucket.Arn}",
            PipelineResource.ProjectObjects => resource.EndsWith(":s3:::${ProjectBucketPattern}/*", StringComparison.Ordinal),
            PipelineResource.ProjectBuckets => resource.EndsWith(":s3:::${ProjectBucketPattern}", StringComparison.Ordinal),
            PipelineResource.DataZoneDomains => resource.Contains(":datazone:", StringComparison.Ordinal),
            PipelineResource.StateMachine => resource.Contains(":states:", StringComparison.Ordinal) && resource.Contains(":stateMachine:", StringComparison.Ordinal),
            PipelineResource.EventBus => resource.Contains(":events:", StringComparison.Ordinal) && resource.Contains(":event-bus/", StringComparison.Ordinal),
            PipelineResource.Unscoped => false,
            _ => false,
        };

        private static IEnumerable<JsonNode> List(JsonNode? node) => node switch
        {
            null => [],
            JsonArray array => array.Select(item => item!),
            _ => [node],
        };

        private static string Text(JsonNode node) => node switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonObject o when o["Fn::Sub"] is JsonValue sub => sub.GetValue<string>(),
            JsonObject o when o["Fn::Sub"] is JsonArray sub => sub[0]!.GetValue<string>(),
            JsonObject o when o["Fn::GetAtt"] is JsonArray getAtt => $"${{{getAtt[0]}.{getAtt[1]}}}",
            JsonObject o when o["Ref"] is JsonValue reference => $"${{{reference.GetValue<string>()}}}",
            _ => throw new InvalidOperationException($"resource {node.ToJsonString()} is neither a string nor Sub, GetAtt or Ref"),
        };
    }
}
