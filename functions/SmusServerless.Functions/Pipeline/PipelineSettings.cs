using SmusServerless.Application.Pipeline;
using System.Text.Json;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Functions.Pipeline;

/// <summary>
/// The stack's configuration (template.yaml Parameters, passed as environment variables). Everything that decides who
/// approves, which stages are gated and what ${VAR} means comes from here, never from the bundle.
/// </summary>
public sealed record PipelineSettings
{
    public required string StateBucket { get; init; }
    public string? AuditBucket { get; init; }
    public string? BundlesBucket { get; init; }
    public string BundlesPrefix { get; init; } = "bundles/";
    public string? StateMachineArn { get; init; }
    public string EventBusName { get; init; } = "default";
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public IReadOnlySet<string> GatedStages { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "PROD" };
    public int ApprovalTimeoutSeconds { get; init; } = 259_200;
    public bool AllowDomainCreation { get; init; }
    public string? DomainExecutionRoleArn { get; init; }

    /// <summary>What a bundle may give its projects (AllowedProjectRoleArns, AllowedProjectPolicyArns, AllowProjectOwners): nothing unless the stack says so.</summary>
    public ProjectPrivilegeAllowList ProjectPrivileges { get; init; } = ProjectPrivilegeAllowList.None;
    public string TestReportsPrefix { get; init; } = "test-reports/";

    public IVariableSource VariableSource => new DictionaryVariableSource(Variables);

    /// <summary>Reads the settings from SMUS_* environment variables; a malformed value is an error naming the variable.</summary>
    public static PipelineSettings FromEnvironment(Func<string, string?> get)
    {
        string Required(string name) => get(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"environment variable {name} is not set");

        var variablesJson = get("SMUS_PIPELINE_VARIABLES");
        Dictionary<string, string> variables = [];
        if (!string.IsNullOrWhiteSpace(variablesJson))
        {
            try
            {
                variables = JsonSerializer.Deserialize(variablesJson, PipelineJsonContext.Default.DictionaryStringString) ?? [];
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"SMUS_PIPELINE_VARIABLES is not a JSON object of strings: {e.Message}", e);
            }
        }

        return new PipelineSettings
        {
            StateBucket = Required("SMUS_STATE_BUCKET"),
            AuditBucket = get("SMUS_AUDIT_BUCKET"),
            BundlesBucket = get("SMUS_BUNDLES_BUCKET"),
            BundlesPrefix = get("SMUS_BUNDLES_PREFIX") ?? "bundles/",
            StateMachineArn = get("SMUS_STATE_MACHINE_ARN"),
            EventBusName = get("SMUS_EVENT_BUS") ?? "default",
            Variables = variables,
            GatedStages = (get("SMUS_GATED_STAGES") ?? "PROD")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.OrdinalIgnoreCase),
            ApprovalTimeoutSeconds = Int(get, "SMUS_APPROVAL_TIMEOUT_SECONDS", 259_200),
            AllowDomainCreation = string.Equals(get("SMUS_ALLOW_DOMAIN_CREATION"), "true", StringComparison.OrdinalIgnoreCase),
            DomainExecutionRoleArn = get("SMUS_DOMAIN_EXECUTION_ROLE_ARN") is { Length: > 0 } role ? role : null,
            TestReportsPrefix = get("SMUS_TEST_REPORTS_PREFIX") ?? "test-reports/",
            ProjectPrivileges = new ProjectPrivilegeAllowList(
                Arns(get, "SMUS_ALLOWED_PROJECT_ROLE_ARNS", ":role/"),
                Arns(get, "SMUS_ALLOWED_PROJECT_POLICY_ARNS", ":policy/"),
                string.Equals(get("SMUS_ALLOW_PROJECT_OWNERS"), "true", StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>A comma-separated list of IAM ARNs of one kind (role or policy); anything else is an error naming the variable.</summary>
    private static HashSet<string> Arns(Func<string, string?> get, string name, string kind)
    {
        var arns = (get(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var malformed = arns.Where(a => !a.StartsWith("arn:", StringComparison.Ordinal) || !a.Contains(":iam::", StringComparison.Ordinal) || !a.Contains(kind, StringComparison.Ordinal)).ToList();
        return malformed.Count == 0
            ? arns
            : throw new InvalidOperationException($"{name} must list IAM {kind.Trim(':', '/')} ARNs (arn:aws:iam::...{kind}...), not: {string.Join(", ", malformed)}");
    }

    private static int Int(Func<string, string?> get, string name, int fallback) =>
        get(name) is { Length: > 0 } text
            ? int.TryParse(text, out var value) && value > 0 ? value : throw new InvalidOperationException($"{name} must be a positive whole number, not '{text}'")
            : fallback;
}
