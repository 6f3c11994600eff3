using SmusServerless.Aws.Protocols;

namespace SmusServerless.Aws.Iam;

/// <summary>
/// The IAM action an AWS call needs, declared next to the adapters that make the calls, so that template.yaml's
/// policies can be checked against what the code does (tests/SmusServerless.Functions.Tests/Template/FunctionPolicyTests.cs).
/// </summary>
public static class IamActions
{
    /// <summary>
    /// The action of a generated client's operation: <c>{service prefix}:{operation name}</c>. For the services we
    /// generate clients for (DataZone <c>datazone</c>, Step Functions <c>states</c>, EventBridge <c>events</c>) the
    /// IAM service prefix is the SigV4 signing name, and every operation we call has the IAM action of the same name
    /// (the Service Authorization Reference lists none of them as needing another action).
    /// </summary>
    public static string Of(IAwsOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return $"{operation.Service.SigningName}:{operation.Name}";
    }
}
