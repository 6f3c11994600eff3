using SmusServerless.Core.Manifest;
using SmusServerless.Local.Endpoints.Signing;

namespace SmusServerless.Local.Pipeline;

/// <summary>
/// The local stack's AWS session: the account its simulators answer for and the region its endpoints sign in. Offline,
/// <c>${AWS_ACCOUNT_ID}</c>, <c>${STS_ACCOUNT_ID}</c> and <c>${STS_REGION}</c> name these, never the user's AWS session.
/// </summary>
public static class LocalSession
{
    public const string AccountId = "123456789012";

    public static string Region => LocalAwsCredentials.Default.Region;

    public static ICallerIdentity Caller { get; } = new FixedCallerIdentity(AccountId, Region);
}
