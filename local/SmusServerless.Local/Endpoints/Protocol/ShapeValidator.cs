using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>One constraint a value breaks; <see cref="Path"/> names the member the way AWS does (<c>a.b.1.c</c>, lists 1-based).</summary>
public sealed record ValidationIssue(string Path, string Constraint, string? ShownValue)
{
    public string Describe() => ShownValue is null
        ? $"Value at '{Path}' failed to satisfy constraint: {Constraint}"
        : $"Value {ShownValue} at '{Path}' failed to satisfy constraint: {Constraint}";
}

/// <summary>
/// Checks a JSON value against a model shape: required members, JSON types, enums, lengths, numeric ranges,
/// patterns and unions (exactly one member set). Sensitive values are never echoed back in messages.
/// </summary>
public sealed class ShapeValidator(ServiceModel model)
{
    private const int MaxDepth = 64;

    public IReadOnlyList<ValidationIssue> Validate(string shapeName, JsonNode? value)
    {
        var issues = new List<ValidationIssue>();
        if (value is not JsonObject obj)
        {
            issues.Add(new ValidationIssue("body", "Member must be a JSON object", null));
            return issues;
        }

        ValidateStructure(model.Shape(shapeName), obj, "", issues, 0);
        return issues;
    }

    /// <summary>The message AWS services return for constraint violations ("2 validation errors detected: ...").</summary>
    public static string FormatMessage(IReadOnlyList<ValidationIssue> issues) =>
        $"{issues.Count} validation error{(issues.Count == 1 ? "" : "s")} detected: {string.Join("; ", issues.Select(i => i.Describe()))}";

    private void ValidateStructure(ShapeModel shape, JsonObject obj, string path, List<ValidationIssue> issues, int depth)
    {
        if (depth > MaxDepth)
        {
            issues.Add(new ValidationIssue(PathOrRoot(path), "Member nesting is too deep", null));
            return;
        }

        foreach (var required in shape.Required)
        {
            if (!obj.TryGetPropertyValue(required, out var v) || v is null)
            {
                issues.Add(new ValidationIssue(Join(path, required), "Member must not be null", "null"));
            }
        }

        if (shape.IsUnion)
        {
            var set = shape.Members.Keys.Count(k => obj.TryGetPropertyValue(k, out var v) && v is not null);
            if (set != 1)
            {
                issues.Add(new ValidationIssue(PathOrRoot(path),
                    $"Member must have exactly one of [{string.Join(", ", shape.Members.Keys)}] set, but {set} are set", null));
            }
        }

        foreach (var (name, member) in shape.Members)
        {
            if (obj.TryGetPropertyValue(name, out var v) && v is not null)
            {
                ValidateValue(model.Shape(member.Shape), v, Join(path, name), issues, depth + 1);
            }
        }
    }

    private void ValidateValue(ShapeModel shape, JsonNode value, string path, List<ValidationIssue> issues, int depth)
    {
        switch (shape.Type)
        {
            case "structure":
                if (value is JsonObject o)
                {
                    ValidateStructure(shape, o, path, issues, depth);
                }
                else
                {
                    issues.Add(TypeIssue(path, "a structure (JSON object)"));
                }

                break;
            case "list":
                if (value is not JsonArray array)
                {
                    issues.Add(TypeIssue(path, "a list (JSON array)"));
                    break;
                }

                CheckLength(shape, array.Count, path, issues, null);
                var memberShape = model.Shape(shape.MemberShape!);
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = $"{path}.{i + 1}.member";
                    if (array[i] is null)
                    {
                        issues.Add(new ValidationIssue(itemPath, "Member must not be null", "null"));
                    }
                    else
                    {
                        ValidateValue(memberShape, array[i]!, itemPath, issues, depth + 1);
                    }
                }

                break;
            case "map":
                if (value is not JsonObject map)
                {
                    issues.Add(TypeIssue(path, "a map (JSON object)"));
                    break;
                }

                CheckLength(shape, map.Count, path, issues, null);
                var keyShape = model.Shape(shape.KeyShape!);
                var valueShape = model.Shape(shape.ValueShape!);
                foreach (var (key, entry) in map)
                {
                    ValidateString(keyShape, key, $"{path}.key", issues);
                    if (entry is null)
                    {
                        issues.Add(new ValidationIssue($"{path}.{key}", "Member must not be null", "null"));
                    }
                    else
                    {
                        ValidateValue(valueShape, entry, $"{path}.{key}", issues, depth + 1);
                    }
                }

                break;
            case "string":
                if (value is JsonValue sv && sv.GetValueKind() == JsonValueKind.String)
                {
                    ValidateString(shape, sv.GetValue<string>(), path, issues);
                }
                else
                {
                    issues.Add(TypeIssue(path, "a string"));
                }

                break;
            case "integer" or "long" or "short" or "byte":
                if (value is JsonValue iv && iv.GetValueKind() == JsonValueKind.Number
                    && decimal.TryParse(iv.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var whole) && whole == decimal.Truncate(whole))
                {
                    CheckRange(shape, whole, path, issues);
                }
                else
                {
                    issues.Add(TypeIssue(path, "an integer"));
                }

                break;
            case "float" or "double":
                if (value is JsonValue dv && dv.GetValueKind() == JsonValueKind.Number)
                {
                    CheckRange(shape, decimal.Parse(dv.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture), path, issues);
                }
                else
                {
                    issues.Add(TypeIssue(path, "a number"));
                }

                break;
            case "boolean":
                if (value is not JsonValue bv || bv.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    issues.Add(TypeIssue(path, "a boolean"));
                }

                break;
            case "timestamp":
                if (!IsTimestamp(value))
                {
                    issues.Add(TypeIssue(path, "a timestamp (epoch seconds or an ISO 8601 date-time)"));
                }

                break;
            case "blob":
                if (value is not JsonValue bl || bl.GetValueKind() != JsonValueKind.String || !IsBase64(bl.GetValue<string>()))
                {
                    issues.Add(TypeIssue(path, "a base64-encoded blob"));
                }

                break;
        }
    }

    private static void ValidateString(ShapeModel shape, string s, string path, List<ValidationIssue> issues)
    {
        var shown = shape.IsSensitive ? null : $"'{s}'";
        if (shape.Enum is { Count: > 0 } values && !values.Contains(s, StringComparer.Ordinal))
        {
            issues.Add(new ValidationIssue(path, $"Member must satisfy enum value set: [{string.Join(", ", values)}]", shown));
        }

        CheckLength(shape, s.Length, path, issues, shown);
        if (shape.Pattern is { } pattern && !ModelPattern.IsMatch(pattern, s))
        {
            issues.Add(new ValidationIssue(path, $"Member must satisfy regular expression pattern: {pattern}", shown));
        }
    }

    private static void CheckLength(ShapeModel shape, int length, string path, List<ValidationIssue> issues, string? shown)
    {
        if (shape.Min is { } min && length < min)
        {
            issues.Add(new ValidationIssue(path, $"Member must have length greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}", shown));
        }

        if (shape.Max is { } max && length > max)
        {
            issues.Add(new ValidationIssue(path, $"Member must have length less than or equal to {max.ToString(CultureInfo.InvariantCulture)}", shown));
        }
    }

    private static void CheckRange(ShapeModel shape, decimal value, string path, List<ValidationIssue> issues)
    {
        var shown = value.ToString(CultureInfo.InvariantCulture);
        if (shape.Min is { } min && value < min)
        {
            issues.Add(new ValidationIssue(path, $"Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}", $"'{shown}'"));
        }

        if (shape.Max is { } max && value > max)
        {
            issues.Add(new ValidationIssue(path, $"Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}", $"'{shown}'"));
        }
    }

    private static bool IsTimestamp(JsonNode value) => value is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.Number => true,
        JsonValueKind.String => DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ => false,
    };

    private static bool IsBase64(string s)
    {
        var buffer = new byte[(s.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(s, buffer, out _);
    }

    private static ValidationIssue TypeIssue(string path, string expected) => new(path, $"Member must be {expected}", null);

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    private static string PathOrRoot(string path) => path.Length == 0 ? "input" : path;
}
