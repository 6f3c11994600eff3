using System.Text.Json.Nodes;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>The role CI assumes for <c>smus-serverless deploy</c> gets exactly what deploy calls, each on its own resource.</summary>
public sealed class CiUploaderRoleTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    private static JsonObject Role => Template.Resources["CiUploaderRole"]!.AsObject();

    private static List<(string Action, string Resource)> Grants() =>
        [.. Role["Properties"]!["Policies"]!.AsArray()
            .SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray())
            .SelectMany(statement =>
            {
                Assert.Equal("Allow", statement!["Effect"]!.GetValue<string>());
                var actions = statement["Action"] is JsonArray list ? list.Select(a => a!.GetValue<string>()) : [statement["Action"]!.GetValue<string>()];
                var resource = statement["Resource"] is JsonObject sub ? sub["Fn::Sub"]!.GetValue<string>() : statement["Resource"]!.GetValue<string>();
                return actions.Select(action => (action, resource));
            })];

    [Fact]
    public void The_CI_uploader_role_may_describe_its_stack_upload_under_the_bundles_prefix_and_follow_executions_and_nothing_else()
    {
        Assert.Equal(
            [
                ("cloudformation:DescribeStacks", "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*"),
                ("s3:PutObject", "${BundlesBucket.Arn}/${BundlesPrefix}*"),
                ("states:DescribeExecution", "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-deployment:*"),
                ("states:GetExecutionHistory", "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-deployment:*"),
            ],
            Grants().OrderBy(g => g.Action, StringComparer.Ordinal).ToList());
        Assert.Null(Role["Properties"]!["ManagedPolicyArns"]);
    }

    [Fact]
    public void The_executions_it_may_follow_are_those_of_the_stacks_state_machine()
    {
        var name = Template.Resources["DeploymentStateMachine"]!["Properties"]!["Name"]!["Fn::Sub"]!.GetValue<string>();
        Assert.Equal("${AWS::StackName}-deployment", name);
    }

    [Theory]
    [InlineData("BundlesBucketName")]
    [InlineData("BundlesPrefix")]
    [InlineData("StateMachineArn")]
    [InlineData("Approvers")]
    [InlineData("ApprovalQuorum")]
    [InlineData("CiUploaderRoleArn")]
    public void The_stack_outputs_what_deploy_reads(string output) =>
        Assert.NotNull(Template.Root["Outputs"]![output]?["Value"]);
}
