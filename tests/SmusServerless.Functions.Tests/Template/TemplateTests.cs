using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmusServerless.Functions.Tests.Template;

public sealed partial class TemplateTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    private static readonly HashSet<string> PseudoParameters =
    [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
        "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    ];

    /// <summary>Resources the SAM transform generates, by logical id, with their CloudFormation type.</summary>
    private static Dictionary<string, string> GeneratedResources()
    {
        var generated = new Dictionary<string, string>();
        foreach (var (name, resource) in Template.Resources)
        {
            if (resource!["Type"]!.GetValue<string>() != "AWS::Serverless::Function") continue;
            generated[name + "Role"] = "AWS::IAM::Role";
            if (resource["Properties"]?["FunctionUrlConfig"] is not null)
                generated[name + "Url"] = "AWS::Lambda::Url";
        }
        return generated;
    }

    private static string? TypeOf(string logicalId) =>
        Template.Resources[logicalId]?["Type"]?.GetValue<string>()
        ?? GeneratedResources().GetValueOrDefault(logicalId);

    [Fact]
    public void Template_uses_the_SAM_transform_and_has_resources()
    {
        var transforms = Template.Root["Transform"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("AWS::Serverless-2016-10-31", transforms);
        Assert.NotEmpty(Template.Resources);
    }

    [Fact]
    public void Every_Ref_names_a_parameter_resource_or_pseudo_parameter()
    {
        var unknown = CloudFormationTemplate.Walk(Template.Root)
            .Where(n => n.Node is JsonObject o && o.Count == 1 && o["Ref"] is JsonValue)
            .Select(n => (n.Path, Target: n.Node["Ref"]!.GetValue<string>()))
            .Where(r => !PseudoParameters.Contains(r.Target) && !Template.Parameters.ContainsKey(r.Target) && TypeOf(r.Target) is null)
            .Select(r => $"{r.Path}: Ref {r.Target}")
            .ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_GetAtt_names_an_existing_resource_and_attribute()
    {
        var problems = new List<string>();
        foreach (var (path, node) in CloudFormationTemplate.Walk(Template.Root))
        {
            if (node is not JsonObject { Count: 1 } o || o["Fn::GetAtt"] is not JsonArray args) continue;
            var (resource, attribute) = (args[0]!.GetValue<string>(), args[1]!.GetValue<string>());
            var type = TypeOf(resource);
            if (type is null) problems.Add($"{path}: GetAtt {resource}.{attribute}: no such resource");
            else if (!ResourceSpecification.Instance.HasAttribute(type, attribute) && !(type == "AWS::Serverless::Function" && attribute == "Arn"))
                problems.Add($"{path}: GetAtt {resource}.{attribute}: {type} has no attribute {attribute}");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_Sub_variable_names_a_parameter_resource_or_attribute()
    {
        var problems = new List<string>();
        foreach (var (path, node) in CloudFormationTemplate.Walk(Template.Root))
        {
            if (node is not JsonObject { Count: 1 } o || o["Fn::Sub"] is not JsonValue sub) continue;
            foreach (Match match in SubVariable().Matches(sub.GetValue<string>()))
            {
                var name = match.Groups[1].Value;
                if (name.StartsWith('!')) continue; // ${!Literal} is an escape
                var resource = name.Split('.')[0];
                if (PseudoParameters.Contains(name) || Template.Parameters.ContainsKey(name) || TypeOf(resource) is not null) continue;
                problems.Add($"{path}: ${{{name}}} names nothing in the template");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_resource_type_and_property_exists_in_the_resource_specification()
    {
        var problems = new List<string>();
        foreach (var (name, resource) in Template.Resources)
        {
            var type = resource!["Type"]!.GetValue<string>();
            if (!ResourceSpecification.Instance.HasType(type))
            {
                problems.Add($"Resources.{name}: unknown type {type}");
                continue;
            }
            foreach (var (property, _) in resource["Properties"]?.AsObject() ?? [])
                if (!ResourceSpecification.Instance.HasProperty(type, property))
                    problems.Add($"Resources.{name}.Properties.{property}: not a property of {type}");
        }
        foreach (var (property, _) in Template.Root["Globals"]?["Function"]?.AsObject() ?? [])
            if (!ResourceSpecification.Instance.HasProperty("AWS::Serverless::Function", property))
                problems.Add($"Globals.Function.{property}: not a property of AWS::Serverless::Function");
        Assert.Empty(problems);
    }

    [Fact]
    public void Definition_substitutions_are_exactly_the_placeholders_of_the_state_machine_definition()
    {
        var machine = Template.Resources["DeploymentStateMachine"]!["Properties"]!;
        var definition = File.ReadAllText(TestRepository.PathOf(machine["DefinitionUri"]!.GetValue<string>()));
        var placeholders = AslPlaceholder().Matches(definition).Select(m => m.Groups[1].Value).ToHashSet();
        var substitutions = machine["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Equal(placeholders.Order(), substitutions.Order());
    }

    [Fact]
    public void State_machine_definition_passes_asl_validator()
    {
        var validator = TestRepository.Tool("asl-validator", "dist", "bin", "asl-validator.js");
        var definition = TestRepository.PathOf("statemachines", "deployment-pipeline.asl.json");
        var start = new ProcessStartInfo("node", [validator, "--json-path", definition])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
    }

    [Fact]
    public void State_machine_hard_codes_no_account_region_or_arn()
    {
        var definition = File.ReadAllText(TestRepository.PathOf("statemachines", "deployment-pipeline.asl.json"));
        Assert.DoesNotMatch(HardCodedArn(), definition);
    }

    [Fact]
    public void Only_actions_IAM_cannot_scope_are_granted_on_every_resource()
    {
        // Step Functions task-token calls, DataZone's account-level ListDomains/CreateDomain, and vended-log delivery
        // have no resource type in IAM; KMS key policies use '*' to mean "this key".
        string[] unscopable =
        [
            "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat",
            "datazone:ListDomains", "datazone:CreateDomain",
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ];
        var problems = new List<string>();
        foreach (var (path, node) in CloudFormationTemplate.Walk(Template.Root))
        {
            if (node is not JsonObject statement || statement["Resource"] is not JsonValue resource || resource.ToString() != "*") continue;
            if (path.Contains(".KeyPolicy.", StringComparison.Ordinal)) continue;
            var actions = statement["Action"] switch
            {
                JsonArray list => list.Select(a => a!.GetValue<string>()),
                JsonValue single => [single.GetValue<string>()],
                _ => [],
            };
            problems.AddRange(actions.Where(a => !unscopable.Contains(a)).Select(a => $"{path}: {a} on '*'"));
        }
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("BundlesBucket")]
    [InlineData("PipelineStateBucket")]
    [InlineData("AuditBucket")]
    public void Buckets_are_versioned_encrypted_private_and_TLS_only(string bucket)
    {
        var properties = Template.Resources[bucket]!["Properties"]!;
        Assert.Equal("Enabled", properties["VersioningConfiguration"]!["Status"]!.GetValue<string>());
        Assert.NotNull(properties["BucketEncryption"]);
        var block = properties["PublicAccessBlockConfiguration"]!.AsObject();
        Assert.All(["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"],
            key => Assert.True(block[key]!.GetValue<bool>(), key));
        var policy = Template.Resources.Single(r =>
            r.Value!["Type"]!.GetValue<string>() == "AWS::S3::BucketPolicy" &&
            r.Value["Properties"]!["Bucket"]!["Ref"]?.GetValue<string>() == bucket).Value!;
        Assert.Contains(policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray(), s =>
            s!["Effect"]!.GetValue<string>() == "Deny" &&
            s["Condition"]?["Bool"]?["aws:SecureTransport"]?.GetValue<string>() == "false");
    }

    [Fact]
    public void Bundles_bucket_sends_its_events_to_EventBridge()
    {
        var notification = Template.Resources["BundlesBucket"]!["Properties"]!["NotificationConfiguration"]!;
        Assert.True(notification["EventBridgeConfiguration"]!["EventBridgeEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Approval_link_key_is_an_HMAC_key_for_generating_and_verifying_MACs()
    {
        var key = Template.Resources["ApprovalLinkKey"]!["Properties"]!;
        Assert.Equal("HMAC_256", key["KeySpec"]!.GetValue<string>());
        Assert.Equal("GENERATE_VERIFY_MAC", key["KeyUsage"]!.GetValue<string>());
    }

    [Fact]
    public void Every_function_runs_the_one_bootstrap_on_the_custom_runtime()
    {
        var globals = Template.Root["Globals"]!["Function"]!;
        Assert.Equal("provided.al2023", globals["Runtime"]!.GetValue<string>());
        Assert.Equal("artifacts/bootstrap/", globals["CodeUri"]!.GetValue<string>());
        var functions = Template.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Serverless::Function").ToList();
        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.False(string.IsNullOrWhiteSpace(f.Value!["Properties"]!["Handler"]?.GetValue<string>()), f.Key));
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex AslPlaceholder();

    [GeneratedRegex(@"arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:")]
    private static partial Regex HardCodedArn();
}
