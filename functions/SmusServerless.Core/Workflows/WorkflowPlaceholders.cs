using System.Text.RegularExpressions;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Manifest.Yaml;

namespace SmusServerless.Core.Workflows;

/// <summary>One connection of the target project: its name and its properties as the DataZone model names them (<c>s3Uri</c>, <c>workgroupName</c>, ...).</summary>
public sealed record PlaceholderConnection(string Name, IReadOnlyDictionary<string, string> Properties);

/// <summary>
/// What a workflow file's deploy-time placeholders name, for one target: the stage, its <c>environment_variables</c>
/// (and nothing else: no process environment, so no credential can leak into a deployed file), the project, its domain
/// and its connections. <see cref="IamRoleArn"/> is the project's user role (null when it has none); a null
/// <see cref="KmsKeyArn"/> gives "" (the domain uses an AWS-owned key).
/// </summary>
public sealed record PlaceholderValues(
    string StageName,
    IReadOnlyDictionary<string, string> Environment,
    string ProjectId,
    string ProjectName,
    string DomainId,
    string DomainName,
    string Region,
    string? IamRoleArn,
    string? KmsKeyArn,
    IReadOnlyList<PlaceholderConnection> Connections);

/// <summary>A placeholder that cannot be filled, at its place in the file.</summary>
public sealed record PlaceholderProblem(string File, int Line, int Column, string Placeholder, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>The resolved text, or every problem found (then <see cref="Text"/> is null).</summary>
public sealed record PlaceholderResult(string? Text, IReadOnlyList<PlaceholderProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// smus-cli's deploy-time placeholders in workflow files (its <c>ContextResolver</c>): <c>{env.X}</c>,
/// <c>{stage.name}</c>, <c>{proj.id|name|domain_id|iam_role|iam_role_arn|iam_role_name|kms_key_arn}</c>,
/// <c>{domain.id|name|region}</c>, <c>{proj.connection.CONNECTION.PROPERTY}</c>. A placeholder is <c>{</c>, one of the
/// four namespaces, a dot, and anything up to <c>}</c>; other braces (Airflow's <c>{{ ds }}</c>, JSON) are left as
/// written. Pure: <see cref="Resolve"/> fills one file's text; <see cref="Locate"/> finds the files to fill.
/// </summary>
/// <remarks>
/// Differences from smus-cli, each a refusal where smus-cli writes something unusable: <c>{env.X}</c> never falls back
/// to the process environment (smus-cli does when the stage has no variables); a whole connection
/// (<c>{proj.connection.NAME}</c>) is not a value; <c>trackingServerName</c> is taken from the tracking server's ARN
/// (smus-cli writes "None"). Connection properties: every one the catalog gives, plus <c>bucket</c> and
/// <c>bucket_name</c> (from <c>s3Uri</c>) and <c>trackingServerName</c>.
/// </remarks>
public static partial class WorkflowPlaceholders
{
    public static IReadOnlyList<string> ProjectProperties { get; } = ["id", "name", "domain_id", "iam_role", "iam_role_arn", "iam_role_name", "kms_key_arn"];

    public static IReadOnlyList<string> DomainProperties { get; } = ["id", "name", "region"];

    /// <summary>Fills every placeholder of <paramref name="text"/> (the file <paramref name="file"/>), or reports each one that cannot be filled with its line and column.</summary>
    public static PlaceholderResult Resolve(string file, string text, PlaceholderValues values)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        List<PlaceholderProblem>? problems = null;
        var resolved = Placeholder().Replace(text, match =>
        {
            var value = Value(match.Groups["ns"].Value, match.Groups["path"].Value, values, out var why);
            if (value is not null) return value;
            var (line, column) = LineAndColumn(text, match.Index);
            (problems ??= []).Add(new PlaceholderProblem(file, line, column, match.Value, $"{match.Value}: {why}"));
            return match.Value;
        });
        return problems is null ? new PlaceholderResult(resolved, []) : new PlaceholderResult(null, problems);
    }

    /// <summary>True when <paramref name="text"/> has anything <see cref="Resolve"/> would fill or refuse.</summary>
    public static bool HasPlaceholders(string text) => Placeholder().IsMatch(text);

    /// <summary>
    /// The workflow files of <paramref name="workflowNames"/> (<c>content.workflows[].workflowName</c>) among the
    /// <paramref name="yamlFiles"/> (path and text), as smus-cli finds them in the deployed files: for each workflow,
    /// the first YAML file (in ordinal path order) with a top-level key of that name, or a top-level mapping whose
    /// <c>dag_id</c> is that name. A file that is not YAML, or is a manifest, is no workflow's file.
    /// </summary>
    public static IReadOnlyList<string> Locate(IReadOnlyCollection<string> workflowNames, IEnumerable<(string Path, string Text)> yamlFiles)
    {
        ArgumentNullException.ThrowIfNull(workflowNames);
        ArgumentNullException.ThrowIfNull(yamlFiles);
        var found = new List<string>();
        if (workflowNames.Count == 0) return found;
        var remaining = new HashSet<string>(workflowNames, StringComparer.Ordinal);
        foreach (var (path, text) in yamlFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (remaining.Count == 0) break;
            var names = WorkflowNamesIn(path, text);
            var matched = names.Where(remaining.Contains).ToList();
            if (matched.Count == 0) continue;
            found.Add(path);
            foreach (var name in matched) remaining.Remove(name);
        }
        return found;
    }

    /// <summary>True for the file names <see cref="Locate"/> reads (<c>.yaml</c>, <c>.yml</c>).</summary>
    public static bool IsYamlPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> WorkflowNamesIn(string path, string text)
    {
        var parsed = SafeYamlParser.Parse(text, path, ManifestLoadOptions.Default);
        if (parsed.Root is not YamlMappingNode root || parsed.Diagnostics.Any(d => d.IsError)) yield break;
        if (root.Find("applicationName") is not null || root.Find("content") is not null) yield break;
        foreach (var (key, value) in root.Entries)
        {
            yield return key.Value;
            if (value is YamlMappingNode mapping && mapping.Find("dag_id") is YamlScalarNode dagId) yield return dagId.Value;
        }
    }

    private static string? Value(string ns, string path, PlaceholderValues values, out string why)
    {
        why = "";
        switch (ns)
        {
            case "env":
                if (values.Environment.TryGetValue(path, out var variable)) return variable;
                why = values.Environment.Count == 0
                    ? $"stage '{values.StageName}' has no environment_variables (placeholders never read the process environment)"
                    : $"stage '{values.StageName}' has no environment variable '{path}' (it has: {string.Join(", ", values.Environment.Keys.Order(StringComparer.Ordinal))})";
                return null;
            case "stage":
                if (path == "name") return values.StageName;
                why = "unknown placeholder: the stage has only 'name'";
                return null;
            case "domain":
                switch (path)
                {
                    case "id": return values.DomainId;
                    case "name": return values.DomainName;
                    case "region": return values.Region;
                }
                why = $"unknown placeholder: the domain has {string.Join(", ", DomainProperties)}";
                return null;
            default:
                return ProjectValue(path, values, out why);
        }
    }

    private static string? ProjectValue(string path, PlaceholderValues values, out string why)
    {
        why = "";
        const string connectionPrefix = "connection.";
        if (path.StartsWith(connectionPrefix, StringComparison.Ordinal))
            return ConnectionValue(path[connectionPrefix.Length..], values, out why);
        switch (path)
        {
            case "id": return values.ProjectId;
            case "name": return values.ProjectName;
            case "domain_id": return values.DomainId;
            case "kms_key_arn": return values.KmsKeyArn ?? "";
            case "iam_role" or "iam_role_arn" or "iam_role_name":
                if (values.IamRoleArn is not { } role)
                {
                    why = $"project '{values.ProjectName}' has no user role (its tooling environment's userRoleArn)";
                    return null;
                }
                return path == "iam_role_name" ? role[(role.LastIndexOf('/') + 1)..] : role;
        }
        why = $"unknown placeholder: the project has {string.Join(", ", ProjectProperties)}, connection.<name>.<property>";
        return null;
    }

    private static string? ConnectionValue(string rest, PlaceholderValues values, out string why)
    {
        // Connection names may hold dots (default.s3_shared): the longest name that prefixes the rest wins.
        var connection = values.Connections
            .Where(c => rest.StartsWith(c.Name + ".", StringComparison.Ordinal))
            .OrderByDescending(c => c.Name.Length)
            .FirstOrDefault();
        if (connection is null)
        {
            var whole = values.Connections.Any(c => c.Name == rest);
            why = whole
                ? $"'{rest}' is a connection, not a value: name one of its properties ({string.Join(", ", Properties(values.Connections.First(c => c.Name == rest)).Keys.Order(StringComparer.Ordinal))})"
                : $"project '{values.ProjectName}' has no connection that '{rest}' names (it has: {string.Join(", ", values.Connections.Select(c => c.Name).Order(StringComparer.Ordinal))})";
            return null;
        }
        var property = rest[(connection.Name.Length + 1)..];
        var properties = Properties(connection);
        if (properties.TryGetValue(property, out var value)) { why = ""; return value; }
        why = $"connection '{connection.Name}' has no property '{property}' (it has: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))})";
        return null;
    }

    /// <summary>The connection's properties with the derived ones smus-cli offers.</summary>
    private static Dictionary<string, string> Properties(PlaceholderConnection connection)
    {
        var properties = new Dictionary<string, string>(connection.Properties, StringComparer.Ordinal);
        if (properties.TryGetValue("s3Uri", out var uri) && uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            var bucket = uri["s3://".Length..].TrimEnd('/').Split('/')[0];
            properties.TryAdd("bucket", bucket);
            properties.TryAdd("bucket_name", bucket);
        }
        if (properties.TryGetValue("trackingServerArn", out var arn) && arn.LastIndexOf('/') is var slash and >= 0)
            properties.TryAdd("trackingServerName", arn[(slash + 1)..]);
        return properties;
    }

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var line = 1;
        var start = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] != '\n') continue;
            line++;
            start = i + 1;
        }
        return (line, index - start + 1);
    }

    [GeneratedRegex(@"\{(?<ns>env|proj|domain|stage)\.(?<path>[^}]+)\}")]
    private static partial Regex Placeholder();
}
