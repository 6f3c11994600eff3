using SmusServerless.Aws.CloudFormation;
using SmusServerless.Aws.Errors;
using SmusServerless.Cli.Output;

namespace SmusServerless.Cli.Deploying;

/// <summary>What deploy needs of a deployed pipeline stack, from its outputs (template.yaml's Outputs section).</summary>
public sealed record DeployedPipeline(string StackName, string BundlesBucket, string BundlesPrefix, string StateMachineArn, IReadOnlyList<string> Approvers, int? Quorum)
{
    public const string BundlesBucketOutput = "BundlesBucketName";
    public const string BundlesPrefixOutput = "BundlesPrefix";
    public const string StateMachineOutput = "StateMachineArn";
    public const string ApproversOutput = "Approvers";
    public const string QuorumOutput = "ApprovalQuorum";

    /// <summary>DescribeStacks on <paramref name="stackName"/>; a missing stack or output is an error naming it.</summary>
    public static async Task<DeployedPipeline> FindAsync(ICloudFormationClient cloudFormation, string stackName, CancellationToken cancellationToken)
    {
        DescribeStacksOutput described;
        try
        {
            described = await cloudFormation.DescribeStacksAsync(new DescribeStacksInput { StackName = stackName }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"stack '{stackName}': {e.ErrorCode}: {e.ServiceMessage} (is --stack / SMUS_SERVERLESS_STACK the pipeline's stack, in this region?)"));
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"stack '{stackName}': cannot reach CloudFormation: {e.Message}"));
        }
        var stack = described.Stacks?.FirstOrDefault()
            ?? throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"stack '{stackName}' does not exist"));
        var outputs = (stack.Outputs ?? []).Where(o => o.OutputKey is not null).ToDictionary(o => o.OutputKey!, o => o.OutputValue ?? "", StringComparer.Ordinal);
        string Required(string key) => outputs.TryGetValue(key, out var value) && value.Length > 0 ? value
            : throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"stack '{stackName}' has no output {key}: is it a smus-serverless pipeline stack (template.yaml)?"));
        return new DeployedPipeline(
            stack.StackName ?? stackName,
            Required(BundlesBucketOutput),
            outputs.GetValueOrDefault(BundlesPrefixOutput) ?? "bundles/",
            Required(StateMachineOutput),
            (outputs.GetValueOrDefault(ApproversOutput) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            int.TryParse(outputs.GetValueOrDefault(QuorumOutput), out var quorum) ? quorum : null);
    }
}
