using System.Text.RegularExpressions;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline;

/// <summary>
/// Checks what a target's manifest asks for its project's privileges against what the stack allows
/// (<see cref="ProjectPrivilegeAllowList"/>): <c>project.role.arn</c>, <c>project.role.policies</c>, owners, and IAM
/// roles named as contributors. Resolve runs it for every target before anything changes.
/// </summary>
public static partial class ProjectPrivileges
{
    /// <summary>The stack parameters an operator sets to allow them (template.yaml), named in every refusal.</summary>
    public const string RolesParameter = "AllowedProjectRoleArns";
    public const string PoliciesParameter = "AllowedProjectPolicyArns";
    public const string OwnersParameter = "AllowProjectOwners";

    /// <summary>True for an IAM role ARN (<c>arn:aws:iam::&lt;account&gt;:role/...</c>, any partition).</summary>
    public static bool IsIamRoleArn(string member) => RoleArn().IsMatch(member);

    /// <summary>Fails with <see cref="PipelineErrors.PrivilegeNotAllowed"/> naming every manifest key the stack does not allow.</summary>
    public static void Check(PipelineManifest manifest, IEnumerable<TargetDefinition> targets, ProjectPrivilegeAllowList allowed)
    {
        var refusals = targets.SelectMany(t => Refusals(manifest, t, allowed)).ToList();
        if (refusals.Count > 0)
            throw new PipelineFailure(PipelineErrors.PrivilegeNotAllowed,
                $"The bundle asks for project privileges this stack does not allow: {string.Join(" ", refusals)} " +
                "A bundle cannot choose its own privileges: remove them from the manifest, or have the stack's owner allow them " +
                $"(template parameters {RolesParameter}, {PoliciesParameter}, {OwnersParameter}). Nothing was changed.");
    }

    /// <summary>One sentence per manifest key the stack does not allow, naming the key and what the stack allows.</summary>
    public static IReadOnlyList<string> Refusals(PipelineManifest manifest, TargetDefinition target, ProjectPrivilegeAllowList allowed)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(allowed);
        if (allowed.Unrestricted) return [];

        var root = $"{(manifest.Format == ManifestFormat.Application ? "stages" : "targets")}.{target.Name}";
        var project = target.Initialization?.Project is { } initialization ? $"{root}.initialization.project" : $"{root}.project";
        var refusals = new List<string>();
        if (target.Project.Role?.Arn is { Length: > 0 } roleArn && !allowed.AllowsRole(roleArn))
            refusals.Add($"{root}.project.role.arn is {roleArn}; the stack allows as project roles {List(allowed.RoleArns)} ({RolesParameter}).");
        foreach (var policy in target.Project.Role?.Policies ?? [])
        {
            if (!allowed.AllowsPolicy(policy))
                refusals.Add($"{root}.project.role.policies names {policy}; the stack allows the managed policies {List(allowed.PolicyArns)} ({PoliciesParameter}).");
        }

        var ownersPath = target.Initialization?.Project?.Owners is not null ? $"{root}.initialization.project.owners" : $"{root}.project.owners";
        if (target.Owners.Count > 0 && !allowed.AllowsOwners)
            refusals.Add($"{ownersPath} names {string.Join(", ", target.Owners)}; the stack lets no bundle name project owners ({OwnersParameter}=false).");
        else
            refusals.AddRange(RoleMembers(target.Owners, ownersPath, allowed));
        var contributorsPath = target.Initialization?.Project?.Contributors is not null ? $"{project}.contributors" : $"{root}.project.contributors";
        refusals.AddRange(RoleMembers(target.Contributors, contributorsPath, allowed));
        return refusals;
    }

    private static IEnumerable<string> RoleMembers(IReadOnlyList<string> members, string path, ProjectPrivilegeAllowList allowed) =>
        members.Where(m => IsIamRoleArn(m) && !allowed.AllowsRole(m))
            .Select(m => $"{path} names the IAM role {m}; the stack allows as members the roles {List(allowed.RoleArns)} ({RolesParameter}).");

    private static string List(IReadOnlySet<string> allowed) => allowed.Count == 0 ? "none" : string.Join(", ", allowed.Order(StringComparer.Ordinal));

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::\d{12}:role/\S+$")]
    private static partial Regex RoleArn();
}
