namespace SmusServerless.Core.Manifest;

/// <summary>
/// Who and where the code loading a manifest runs as: the account and region that <c>${AWS_ACCOUNT_ID}</c>,
/// <c>${STS_ACCOUNT_ID}</c> and <c>${STS_REGION}</c> name. The CLI asks STS and the SDK's region chain; the pipeline's
/// functions read their own ARN; offline, the local stack answers. A lookup that cannot be made throws
/// <see cref="SessionLookupException"/> saying why.
/// </summary>
public interface ICallerIdentity
{
    /// <summary>The account the caller's credentials belong to (STS GetCallerIdentity).</summary>
    Task<string> GetAccountIdAsync(CancellationToken cancellationToken);

    /// <summary>The session's region, or null when none is configured.</summary>
    Task<string?> GetRegionAsync(CancellationToken cancellationToken);
}

/// <summary>A session known in advance (the local stack's account and region; tests): no credentials, no network.</summary>
public sealed class FixedCallerIdentity(string accountId, string? region) : ICallerIdentity
{
    public Task<string> GetAccountIdAsync(CancellationToken cancellationToken) => Task.FromResult(accountId);

    public Task<string?> GetRegionAsync(CancellationToken cancellationToken) => Task.FromResult(region);
}

/// <summary>A session fact could not be looked up (no credentials, STS unreachable); the message says why, with no secret in it.</summary>
public sealed class SessionLookupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The variables a manifest is loaded with, in layers: the session's well-known ones first (<see cref="AccountIdNames"/>,
/// <see cref="RegionName"/>; they win over a variable of the same name, as in smus-cli), then the given variables.
/// <see cref="ForManifestAsync"/> looks the session up only for the names the manifest text refers to, so a manifest
/// that names none loads without credentials and without a network call.
/// </summary>
/// <remarks>
/// As in smus-cli: the account is always looked up (a default is never used for it, and a failed lookup is an error);
/// the region is the session's, and a <c>${STS_REGION:default}</c> default applies only when no region is configured.
/// </remarks>
public sealed class SessionVariableSource : IVariableSource
{
    public const string AwsAccountId = "AWS_ACCOUNT_ID";
    public const string StsAccountId = "STS_ACCOUNT_ID";
    public const string RegionName = "STS_REGION";

    public static IReadOnlyList<string> AccountIdNames { get; } = [AwsAccountId, StsAccountId];

    /// <summary>Every name this source answers before the variables it layers over.</summary>
    public static IReadOnlySet<string> WellKnownNames { get; } = new HashSet<string>([AwsAccountId, StsAccountId, RegionName], StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, VariableLookup> _session;
    private readonly IVariableSource _variables;

    private SessionVariableSource(IReadOnlyDictionary<string, VariableLookup> session, IVariableSource variables)
    {
        _session = session;
        _variables = variables;
    }

    /// <summary>
    /// The source for <paramref name="manifestText"/>: <paramref name="variables"/> itself when the text names none of the
    /// well-known variables; else those the text names looked up through <paramref name="caller"/> (null: there is no
    /// session here, and a reference is an error saying so), layered over <paramref name="variables"/>.
    /// </summary>
    public static async Task<IVariableSource> ForManifestAsync(string manifestText, IVariableSource variables, ICallerIdentity? caller,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifestText);
        ArgumentNullException.ThrowIfNull(variables);
        var referenced = VariableSubstitution.ReferencedNames(manifestText).Where(WellKnownNames.Contains).ToList();
        if (referenced.Count == 0) return variables;

        var session = new Dictionary<string, VariableLookup>(StringComparer.Ordinal);
        if (referenced.Any(AccountIdNames.Contains))
        {
            const string what = "the AWS account (STS GetCallerIdentity)";
            var account = await LookAsync(caller, async c => await c.GetAccountIdAsync(cancellationToken).ConfigureAwait(false), what).ConfigureAwait(false);
            if (account.Value is null && !account.IsFailure) account = VariableLookup.Failed($"{what} answered no account");
            foreach (var name in AccountIdNames) session[name] = account;
        }
        if (referenced.Contains(RegionName))
        {
            var region = await LookAsync(caller, c => c.GetRegionAsync(cancellationToken), "the session's AWS region").ConfigureAwait(false);
            session[RegionName] = region.Value is null && !region.IsFailure
                ? VariableLookup.Unset("no AWS region is configured: set AWS_REGION or the profile's region")
                : region;
        }
        return new SessionVariableSource(session, variables);
    }

    public string? Find(string name) => Lookup(name).Value;

    public VariableLookup Lookup(string name) => _session.TryGetValue(name, out var lookup) ? lookup : _variables.Lookup(name);

    private static async Task<VariableLookup> LookAsync(ICallerIdentity? caller, Func<ICallerIdentity, Task<string?>> look, string what)
    {
        if (caller is null) return VariableLookup.Failed($"{what} is not known here");
        try
        {
            return await look(caller).ConfigureAwait(false) is { Length: > 0 } value ? VariableLookup.Found(value) : VariableLookup.NotSet;
        }
        catch (SessionLookupException e)
        {
            return VariableLookup.Failed($"{what} could not be found: {e.Message}");
        }
    }
}
