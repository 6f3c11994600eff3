using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// Approval links are credentials: each approver's e-mail carries only their own link, and the operator mailbox
/// (AlarmEmail on NotificationsTopic) never receives one. Checked on the template after Fn::ForEach expansion over
/// <see cref="CloudFormationTemplate.SampleLists"/>.
/// </summary>
public sealed partial class ApprovalMailTests
{
    private const string LinkEvent = "Approval Link Issued";

    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    private static IReadOnlyList<string> SampleApprovers => CloudFormationTemplate.SampleLists["Approvers"];

    private static JsonNode LinkRule => Template.Resources["ApprovalLinkNotificationRule"]!;

    private static JsonNode LinkTarget => LinkRule["Properties"]!["Targets"]!.AsArray().Single()!;

    private static IEnumerable<KeyValuePair<string, JsonNode?>> OfType(string type) =>
        Template.Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type);

    private static IEnumerable<KeyValuePair<string, JsonNode?>> SubscriptionsOf(string topic) =>
        OfType("AWS::SNS::Subscription").Where(s => s.Value!["Properties"]!["TopicArn"]!["Ref"]?.GetValue<string>() == topic);

    private static string? RefOf(JsonNode? node) => node is JsonObject obj ? obj["Ref"]?.GetValue<string>() : null;

    [Fact]
    public void Transform_expands_language_extensions_before_the_SAM_transform()
    {
        var transforms = Template.Root["Transform"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();

        Assert.Equal(["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"], transforms);
    }

    [Fact]
    public void Link_rule_sends_to_the_approval_links_topic_and_not_to_the_notifications_topic()
    {
        Assert.Equal([LinkEvent], LinkRule["Properties"]!["EventPattern"]!["detail-type"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("ApprovalLinksTopic", RefOf(LinkTarget["Arn"]));
        Assert.Equal("AWS::SNS::Topic", Template.Resources["ApprovalLinksTopic"]!["Type"]!.GetValue<string>());
    }

    [Fact]
    public void No_rule_sends_link_events_to_the_notifications_topic()
    {
        var leaks = OfType("AWS::Events::Rule")
            .Where(r => RuleMatches(r.Value!, "smus.pipeline", LinkEvent))
            .SelectMany(r => r.Value!["Properties"]!["Targets"]!.AsArray().Select(t => (Rule: r.Key, Topic: RefOf(t!["Arn"]))))
            .Where(t => t.Topic == "NotificationsTopic")
            .Select(t => t.Rule)
            .ToList();

        Assert.Empty(leaks);
    }

    [Fact]
    public void Operator_mailbox_is_not_subscribed_to_the_approval_links_topic()
    {
        var endpoints = SubscriptionsOf("ApprovalLinksTopic").Select(s => s.Value!["Properties"]!["Endpoint"]!).ToList();

        Assert.NotEmpty(endpoints);
        Assert.DoesNotContain(endpoints, e => RefOf(e) == "AlarmEmail");
    }

    [Fact]
    public void Failures_and_alarms_still_go_to_the_notifications_topic()
    {
        var failureTargets = Template.Resources["FailureNotificationRule"]!["Properties"]!["Targets"]!.AsArray();
        Assert.All(failureTargets, t => Assert.Equal("NotificationsTopic", RefOf(t!["Arn"])));
        Assert.All(OfType("AWS::CloudWatch::Alarm"), alarm =>
            Assert.All(alarm.Value!["Properties"]!["AlarmActions"]!.AsArray(), a => Assert.Equal("NotificationsTopic", RefOf(a))));
    }

    [Fact]
    public void Expansion_yields_one_subscription_per_approver_filtering_the_body_on_that_approver()
    {
        var subscriptions = SubscriptionsOf("ApprovalLinksTopic").ToDictionary(s => s.Key, s => s.Value!["Properties"]!);

        Assert.Equal(["ApprovalLinkSubscriptionabexamplecom", "ApprovalLinkSubscriptioncexamplecom"], subscriptions.Keys.Order(StringComparer.Ordinal));
        foreach (var approver in SampleApprovers)
        {
            var properties = subscriptions["ApprovalLinkSubscription" + NonAlphanumeric().Replace(approver, "")];
            Assert.Equal("email", properties["Protocol"]!.GetValue<string>());
            Assert.Equal(approver, properties["Endpoint"]!.GetValue<string>());
            Assert.Equal("MessageBody", properties["FilterPolicyScope"]!.GetValue<string>());
            var filter = properties["FilterPolicy"]!.AsObject();
            Assert.Equal(["approver"], filter.Select(f => f.Key));
            Assert.Equal([approver], filter["approver"]!.AsArray().Select(a => a!.GetValue<string>()));
        }
    }

    [Fact]
    public void Subscriptions_exist_only_when_approvers_are_configured()
    {
        Assert.All(SubscriptionsOf("ApprovalLinksTopic"), s => Assert.Equal("HasApprovers", s.Value!["Condition"]!.GetValue<string>()));
        Assert.NotNull(Template.Root["Conditions"]!["HasApprovers"]);
    }

    [Fact]
    public void Message_is_JSON_carrying_the_approver_the_subscription_filters_on()
    {
        var transformer = LinkTarget["InputTransformer"]!;
        var paths = transformer["InputPathsMap"]!.AsObject();
        var template = transformer["InputTemplate"]!.GetValue<string>();
        var sample = paths.ToDictionary(p => p.Key, p => $"sample-{p.Key}");
        sample["approver"] = SampleApprovers[0];

        var filled = Placeholder().Replace(template, m => sample.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
        var message = JsonNode.Parse(filled)!.AsObject();

        Assert.Equal("$.detail.approver", paths["approver"]!.GetValue<string>());
        Assert.Equal(SampleApprovers[0], message["approver"]!.GetValue<string>());
        Assert.Equal("sample-link", message["link"]!.GetValue<string>());
        Assert.All(["pipeline", "target", "stage", "version", "expires", "message"], field => Assert.True(message.ContainsKey(field), field));
        Assert.DoesNotMatch(Placeholder(), filled);
    }

    [Fact]
    public void Message_reads_only_fields_the_link_event_carries()
    {
        var detailFields = typeof(SmusServerless.Functions.Approvals.ApprovalLinkIssuedEvent).GetProperties()
            .Select(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false)
                .Cast<System.Text.Json.Serialization.JsonPropertyNameAttribute>().Single().Name)
            .ToHashSet(StringComparer.Ordinal);
        var paths = LinkTarget["InputTransformer"]!["InputPathsMap"]!.AsObject().Select(p => p.Value!.GetValue<string>());

        Assert.All(paths, path => Assert.Contains(path["$.detail.".Length..], detailFields));
    }

    [Fact]
    public void Only_the_link_rule_may_publish_to_the_approval_links_topic()
    {
        var policy = OfType("AWS::SNS::TopicPolicy")
            .Single(p => p.Value!["Properties"]!["Topics"]!.AsArray().Any(t => RefOf(t) == "ApprovalLinksTopic")).Value!;
        var statement = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Single()!;

        Assert.Equal("events.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal("sns:Publish", statement["Action"]!.GetValue<string>());
        var source = statement["Condition"]!["ArnEquals"]!["aws:SourceArn"]!["Fn::GetAtt"]!.AsArray().Select(a => a!.GetValue<string>());
        Assert.Equal(["ApprovalLinkNotificationRule", "Arn"], source);
    }

    [Fact]
    public void Approval_links_topic_is_encrypted_with_a_key_EventBridge_may_use()
    {
        var keyId = RefOf(Template.Resources["ApprovalLinksTopic"]!["Properties"]!["KmsMasterKeyId"])!;
        var key = Template.Resources[keyId]!;

        Assert.Equal("AWS::KMS::Key", key["Type"]!.GetValue<string>());
        Assert.Contains(key["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray(), s =>
            s!["Principal"]?["Service"]?.GetValue<string>() == "events.amazonaws.com" &&
            s["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Contains("kms:GenerateDataKey*"));
    }

    [Fact]
    public void Every_logical_id_after_expansion_is_alphanumeric()
    {
        Assert.All(Template.Resources.Select(r => r.Key), id => Assert.Matches(Alphanumeric(), id));
    }

    [Fact]
    public void Expansion_rejects_a_loop_over_a_list_parameter_without_a_sample()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"), new Dictionary<string, IReadOnlyList<string>>()));

        Assert.Contains("Approvers", error.Message);
    }

    [Fact]
    public void Expansion_fills_dollar_and_ampersand_placeholders_and_refs_to_the_identifier()
    {
        var source = JsonNode.Parse("""
            {"Parameters": {"Names": {"Type": "CommaDelimitedList"}},
             "Resources": {"Fn::ForEach::Loop": ["Name", {"Ref": "Names"},
               {"Thing&{Name}": {"Type": "T", "Properties": {"Plain": {"Ref": "Name"}, "Text": "x-${Name}", "Other": {"Ref": "Names"}}}}]}}
            """)!.AsObject();

        var expanded = new CloudFormationTemplate(source, new Dictionary<string, IReadOnlyList<string>> { ["Names"] = ["a-1", "b.2"] });

        Assert.Equal(["Thinga1", "Thingb2"], expanded.Resources.Select(r => r.Key));
        var properties = expanded.Resources["Thingb2"]!["Properties"]!;
        Assert.Equal("b.2", properties["Plain"]!.GetValue<string>());
        Assert.Equal("x-b.2", properties["Text"]!.GetValue<string>());
        Assert.Equal("Names", RefOf(properties["Other"]));
    }

    [Fact]
    public void Expansion_rejects_two_items_that_yield_the_same_logical_id()
    {
        var source = JsonNode.Parse("""
            {"Resources": {"Fn::ForEach::Loop": ["Name", ["a.b", "ab"], {"Thing&{Name}": {"Type": "T"}}]}}
            """)!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => new CloudFormationTemplate(source, CloudFormationTemplate.SampleLists));

        Assert.Contains("Thingab", error.Message);
    }

    private static bool RuleMatches(JsonNode rule, string source, string detailType)
    {
        var pattern = rule["Properties"]!["EventPattern"];
        if (pattern is null) return false;
        static bool Allows(JsonNode? field, string value) =>
            field is null || field.AsArray().Any(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == value);
        return Allows(pattern["source"], source) && Allows(pattern["detail-type"], detailType);
    }

    [GeneratedRegex("<([A-Za-z0-9_.-]+)>")]
    private static partial Regex Placeholder();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumeric();

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex Alphanumeric();
}
