using SmusServerless.Core.Manifest;

namespace SmusServerless.Core.Tests.Manifest;

public class SessionVariableTests
{
    private const string WithSessionVariables = """
        applicationName: SessionApp
        content:
          storage:
            - name: code
              include: ['src/']
        stages:
          dev:
            stage: DEV
            domain: {name: studio-domain, region: '${STS_REGION}'}
            project: {name: 'p-${AWS_ACCOUNT_ID}'}
            environment_variables: {ACCOUNT: '${STS_ACCOUNT_ID}'}
        """;

    private sealed class CountingCaller(string account = "111122223333", string? region = "eu-west-1", string? failure = null) : ICallerIdentity
    {
        public int AccountLookups { get; private set; }
        public int RegionLookups { get; private set; }

        public Task<string> GetAccountIdAsync(CancellationToken cancellationToken)
        {
            AccountLookups++;
            return failure is null ? Task.FromResult(account) : throw new SessionLookupException(failure);
        }

        public Task<string?> GetRegionAsync(CancellationToken cancellationToken)
        {
            RegionLookups++;
            return Task.FromResult(region);
        }
    }

    private static async Task<ManifestLoadResult> LoadAsync(string yaml, ICallerIdentity? caller, IReadOnlyDictionary<string, string>? variables = null)
    {
        var source = await SessionVariableSource.ForManifestAsync(yaml, new DictionaryVariableSource(variables ?? new Dictionary<string, string>()), caller, CancellationToken.None);
        return ManifestLoader.Load(yaml, "manifest.yaml", source);
    }

    [Fact]
    public async Task Account_and_region_come_from_the_session()
    {
        var result = await LoadAsync(WithSessionVariables, new CountingCaller());

        var dev = Assert.Single(result.Manifest!.Targets);
        Assert.Equal("eu-west-1", dev.Domain.Region);
        Assert.Equal("p-111122223333", dev.Project.Name);
        Assert.Equal("111122223333", dev.EnvironmentVariables["ACCOUNT"]);
    }

    [Fact]
    public async Task Session_variables_win_over_variables_of_the_same_name()
    {
        var result = await LoadAsync(WithSessionVariables, new CountingCaller(),
            new Dictionary<string, string> { ["AWS_ACCOUNT_ID"] = "999999999999", ["STS_REGION"] = "us-west-2", ["STS_ACCOUNT_ID"] = "999999999999" });

        var dev = Assert.Single(result.Manifest!.Targets);
        Assert.Equal("eu-west-1", dev.Domain.Region);
        Assert.Equal("p-111122223333", dev.Project.Name);
    }

    [Fact]
    public async Task The_session_is_not_asked_when_the_manifest_names_none_of_its_variables()
    {
        var caller = new CountingCaller(failure: "no credentials");

        var result = await LoadAsync(ApplicationSamples.Minimal, caller);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal(0, caller.AccountLookups);
        Assert.Equal(0, caller.RegionLookups);
    }

    [Fact]
    public async Task The_account_is_looked_up_once_for_both_of_its_names_and_the_region_only_when_named()
    {
        var caller = new CountingCaller();
        var yaml = ApplicationSamples.Minimal.Replace("name: dev-project", "name: 'p-${AWS_ACCOUNT_ID}-${STS_ACCOUNT_ID}'");

        var result = await LoadAsync(yaml, caller);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal(1, caller.AccountLookups);
        Assert.Equal(0, caller.RegionLookups);
    }

    [Fact]
    public async Task An_account_that_cannot_be_looked_up_is_an_error_at_each_reference_even_with_a_default()
    {
        var yaml = WithSessionVariables.Replace("'p-${AWS_ACCOUNT_ID}'", "'p-${AWS_ACCOUNT_ID:000000000000}'");

        var result = await LoadAsync(yaml, new CountingCaller(failure: "no usable AWS credentials"));

        var errors = result.Errors.Where(e => e.Code == DiagnosticCodes.UnresolvedVariable).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("no usable AWS credentials", e.Message));
        Assert.Contains(errors, e => e.Message.Contains("'AWS_ACCOUNT_ID'") && e.Line == 10);
        Assert.Contains(errors, e => e.Message.Contains("'STS_ACCOUNT_ID'") && e.Line == 11);
    }

    [Fact]
    public async Task Without_a_configured_region_the_default_applies_and_without_a_default_the_error_says_why()
    {
        var withDefault = WithSessionVariables.Replace("'${STS_REGION}'", "'${STS_REGION:us-east-2}'");

        var defaulted = await LoadAsync(withDefault, new CountingCaller(region: null));
        var refused = await LoadAsync(WithSessionVariables, new CountingCaller(region: null));

        Assert.Equal("us-east-2", Assert.Single(defaulted.Manifest!.Targets).Domain.Region);
        var error = Assert.Single(refused.Errors, e => e.Code == DiagnosticCodes.UnsetVariable);
        Assert.Contains("no AWS region is configured", error.Message);
    }

    [Fact]
    public async Task Where_there_is_no_session_a_reference_says_so()
    {
        var result = await LoadAsync(WithSessionVariables, caller: null);

        Assert.Contains(result.Errors, e => e.Code == DiagnosticCodes.UnresolvedVariable && e.Message.Contains("'AWS_ACCOUNT_ID'"));
    }

    [Fact]
    public void Every_missing_variable_is_reported_at_once_by_name_line_and_column()
    {
        var yaml = """
            applicationName: '${APP}'
            content:
              storage:
                - name: code
                  include: ['src/']
            stages:
              dev:
                stage: DEV
                domain: {name: '${DOMAIN}', region: us-east-1}
                project: {name: 'p-${TEAM}-${SUFFIX}'}
            """;

        var result = ManifestLoader.Load(yaml, "manifest.yaml", DictionaryVariableSource.Empty);

        var unset = result.Errors.Where(e => e.Code == DiagnosticCodes.UnsetVariable)
            .Select(e => (Name: e.Message.Split('\'')[1], e.Line, e.Column)).ToList();
        Assert.Equal([("APP", 1, 19), ("DOMAIN", 9, 21), ("TEAM", 10, 24), ("SUFFIX", 10, 32)], unset);
    }

    [Theory]
    [InlineData("${A} ${B:x} $${C} ${1D} ${E", new[] { "A", "B" })]
    [InlineData("no references", new string[0])]
    public void Referenced_names_are_found_without_looking_them_up(string text, string[] expected)
    {
        Assert.Equal(expected.Order(), VariableSubstitution.ReferencedNames(text).Order());
    }
}
