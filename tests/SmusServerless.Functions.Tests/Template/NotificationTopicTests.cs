using System.Text.Json.Nodes;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// Topics that AWS services publish to (EventBridge rules, CloudWatch alarms) are encrypted under a customer managed
/// key whose policy lets those services encrypt: under the AWS managed SNS key their messages are silently dropped.
/// </summary>
public sealed class NotificationTopicTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    public static TheoryData<string, string> ServicePublishers()
    {
        var pairs = new SortedSet<(string Topic, string Service)>();
        foreach (var (_, rule) in Template.Resources.Where(r => TypeOf(r.Value) == "AWS::Events::Rule"))
            foreach (var target in rule!["Properties"]!["Targets"]?.AsArray() ?? [])
                if (RefOf(target!["Arn"]) is { } topic && TypeOf(Template.Resources[topic]) == "AWS::SNS::Topic")
                    pairs.Add((topic, "events.amazonaws.com"));
        foreach (var (_, alarm) in Template.Resources.Where(r => TypeOf(r.Value) == "AWS::CloudWatch::Alarm"))
            foreach (var action in alarm!["Properties"]!["AlarmActions"]?.AsArray() ?? [])
                if (RefOf(action) is { } topic)
                    pairs.Add((topic, "cloudwatch.amazonaws.com"));
        var data = new TheoryData<string, string>();
        foreach (var (topic, service) in pairs)
            data.Add(topic, service);
        return data;
    }

    [Theory]
    [MemberData(nameof(ServicePublishers))]
    public void A_topic_a_service_publishes_to_is_under_a_key_that_lets_the_service_encrypt(string topic, string service)
    {
        var keyId = RefOf(Template.Resources[topic]!["Properties"]!["KmsMasterKeyId"]);
        Assert.True(keyId is not null, $"{topic} is not encrypted under a customer managed key of this template");
        var key = Template.Resources[keyId]!;
        Assert.Equal("AWS::KMS::Key", TypeOf(key));

        var grants = key["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray()
            .Where(s => s!["Effect"]!.GetValue<string>() == "Allow" && s["Principal"]?["Service"]?.GetValue<string>() == service)
            .SelectMany(s => s!["Action"]!.AsArray().Select(a => a!.GetValue<string>()))
            .ToList();
        Assert.Contains("kms:GenerateDataKey*", grants);
        Assert.Contains("kms:Decrypt", grants);
    }

    private static string? TypeOf(JsonNode? resource) => resource?["Type"]?.GetValue<string>();

    private static string? RefOf(JsonNode? node) => node is JsonObject obj ? obj["Ref"]?.GetValue<string>() : null;
}
