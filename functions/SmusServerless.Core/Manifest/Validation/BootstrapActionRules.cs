namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// The stage bootstrap action types smus-cli runs (its handler registry at 2d78b86) and the parameters each needs.
/// smus-cli finds a handler by the exact type first (only <c>workflow.create</c> is registered so), then by the service
/// before the first '.': <c>project</c>/<c>datazone</c>, <c>workflow</c>/<c>mwaaserverless</c>, <c>cli</c>/<c>custom</c>,
/// <c>quicksight</c>. So the old service names are aliases, except that <c>mwaaserverless.create</c> reaches the
/// run/logs/monitor handler, which refuses it.
/// </summary>
internal static class BootstrapActionRules
{
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["workflow.create"] = [],
        ["workflow.run"] = ["workflowName"],
        ["workflow.logs"] = ["workflowName"],
        ["workflow.monitor"] = ["workflowName"],
        ["project.create_environment"] = [],
        ["project.create_connection"] = ["name", "connection_type"],
        ["quicksight.refresh_dataset"] = [],
        ["cli.print"] = [],
        ["cli.wait"] = [],
        ["cli.validate_deployment"] = [],
        ["cli.notify"] = [],
    };

    private static readonly Dictionary<string, string> ServiceAliases = new(StringComparer.Ordinal)
    {
        ["custom"] = "cli",
        ["mwaaserverless"] = "workflow",
        ["datazone"] = "project",
    };

    private static readonly StringRule RefreshScope = new(Allowed: ["IMPORTED", "ALL", "SPECIFIC"]);
    private static readonly StringRule IngestionType = new(Allowed: ["FULL_REFRESH", "INCREMENTAL_REFRESH"]);

    public static IReadOnlyCollection<string> KnownTypes => Required.Keys;

    /// <summary><c>custom.print</c> → <c>cli.print</c>; a type without a known alias is returned as written.</summary>
    public static string Canonical(string type)
    {
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return type;
        return ServiceAliases.TryGetValue(type[..dot], out var service) ? service + type[dot..] : type;
    }

    /// <summary>Checks the action's type and parameters; returns its canonical type when smus-cli would run it.</summary>
    public static string? Check(MappingReader action, string type)
    {
        var typePath = action.ChildPath("type");
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == type.Length - 1)
        {
            Report(action, typePath, DiagnosticCodes.Pattern, $"'{type}' must be '<service>.<action>', e.g. 'workflow.run'");
            return null;
        }
        var service = type[..dot];
        if (service == "eventbridge")
        {
            Report(action, typePath, DiagnosticCodes.UnknownAction,
                $"smus-cli has no handler for '{type}' (no 'eventbridge' actions are registered at 2d78b86, though its docs mention eventbridge.put_events); deployment events come from 'monitoring.eventbridge'");
            return null;
        }
        var canonical = Canonical(type);
        if (canonical == "workflow.create" && type != "workflow.create")
        {
            Report(action, typePath, DiagnosticCodes.UnknownAction,
                $"'{type}' does not reach smus-cli's workflow.create handler (only the exact type does); write 'workflow.create'");
            return null;
        }
        if (!Required.TryGetValue(canonical, out var required))
        {
            var suggestion = KeySuggestion.Closest(canonical, Required.Keys);
            Report(action, typePath, DiagnosticCodes.UnknownAction,
                $"unknown bootstrap action '{type}'" + (suggestion is null ? "" : $"; the nearest known one is '{suggestion}'")
                + $" (known: {string.Join(", ", Required.Keys)}; old service names custom.*, mwaaserverless.*, datazone.* stand for cli.*, workflow.*, project.*)");
            return null;
        }

        foreach (var parameter in required)
        {
            if (action.Has(parameter)) action.String(parameter, rule: StringRule.NonEmpty);
            else Report(action, action.ChildPath(parameter), DiagnosticCodes.Required, $"required by {type}");
        }
        switch (canonical)
        {
            case "workflow.create" when action.Has("workflowName"):
                action.String("workflowName", rule: StringRule.NonEmpty);
                break;
            case "project.create_environment":
                action.ReportAtKey(typePath, DiagnosticCodes.NotImplementedUpstream,
                    $"smus-cli does nothing for {type} at 2d78b86 (its handler returns 'not_implemented')", DiagnosticSeverity.Warning);
                break;
            case "quicksight.refresh_dataset":
                var scope = action.Has("refreshScope") ? action.String("refreshScope", rule: RefreshScope) : "IMPORTED";
                if (action.Has("ingestionType")) action.String("ingestionType", rule: IngestionType);
                if (scope == "SPECIFIC" && !action.Has("datasetIds"))
                    Report(action, action.ChildPath("datasetIds"), DiagnosticCodes.Required, "required when refreshScope is SPECIFIC");
                break;
        }
        return canonical;
    }

    private static void Report(MappingReader action, string path, string code, string message) =>
        action.ReportAtKey(path, code, message);
}
