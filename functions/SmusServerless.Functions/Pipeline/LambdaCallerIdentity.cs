using SmusServerless.Core.Manifest;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// Who a pipeline function runs as, from its own ARN (<c>arn:aws:lambda:REGION:ACCOUNT:function:NAME</c>, given by
/// Lambda with each invocation): the account and region of <c>${AWS_ACCOUNT_ID}</c> and <c>${STS_REGION}</c>. Never
/// from an environment variable: the stack's pipeline variables must not be able to say which account this is.
/// </summary>
/// <param name="functionArn">The invoked function's ARN in the current invocation (null outside one).</param>
public sealed class LambdaCallerIdentity(Func<string?> functionArn) : ICallerIdentity
{
    public Task<string> GetAccountIdAsync(CancellationToken cancellationToken) => Task.FromResult(Part(4, "account"));

    public Task<string?> GetRegionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(Part(3, "region"));

    private string Part(int index, string what)
    {
        var arn = functionArn();
        var parts = arn?.Split(':');
        return parts is { Length: >= 7 } && parts[0] == "arn" && parts[2] == "lambda" && parts[index].Length > 0
            ? parts[index]
            : throw new SessionLookupException(arn is null
                ? $"the function's {what} is known only during an invocation (from its ARN)"
                : $"the function's ARN '{arn}' does not name its {what}");
    }
}
