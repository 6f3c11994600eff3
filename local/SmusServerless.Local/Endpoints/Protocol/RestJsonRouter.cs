namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>Matches <c>METHOD /path</c> to an operation of a restJson1 model by its <c>http.requestUri</c> template.</summary>
public sealed class RestJsonRouter
{
    private readonly IReadOnlyList<RouteTemplate> _routes;

    public RestJsonRouter(ServiceModel model)
    {
        // Routes with more literal segments win, so /listings/search beats /listings/{identifier}.
        _routes = model.Operations.Values
            .Select(RouteTemplate.Parse)
            .OrderByDescending(r => r.LiteralCount)
            .ThenByDescending(r => r.Segments.Count)
            .ToArray();
    }

    public RouteMatch? Match(string method, string rawPath)
    {
        var segments = SplitPath(rawPath);
        foreach (var route in _routes)
        {
            if (!string.Equals(route.Operation.HttpMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var labels = route.TryMatch(segments);
            if (labels is not null)
            {
                return new RouteMatch(route.Operation, labels);
            }
        }

        return null;
    }

    /// <summary>True when some operation has this path but a different method (the service answers 405 then).</summary>
    public bool PathExists(string rawPath)
    {
        var segments = SplitPath(rawPath);
        return _routes.Any(r => r.TryMatch(segments) is not null);
    }

    private static string[] SplitPath(string rawPath) =>
        rawPath.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);

    private sealed record RouteTemplate(OperationModel Operation, IReadOnlyList<string> Segments, int LiteralCount)
    {
        public static RouteTemplate Parse(OperationModel op)
        {
            var segments = op.RequestUri.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
            return new RouteTemplate(op, segments, segments.Count(s => !s.StartsWith('{')));
        }

        public Dictionary<string, string>? TryMatch(string[] actual)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Segments.Count; i++)
            {
                var template = Segments[i];
                if (template.StartsWith('{') && template.EndsWith("+}", StringComparison.Ordinal))
                {
                    // Greedy label: takes the rest of the path, slashes included.
                    if (i >= actual.Length)
                    {
                        return null;
                    }

                    labels[template[1..^2]] = string.Join('/', actual[i..].Select(Uri.UnescapeDataString));
                    return labels;
                }

                if (i >= actual.Length)
                {
                    return null;
                }

                if (template.StartsWith('{'))
                {
                    var value = Uri.UnescapeDataString(actual[i]);
                    if (value.Length == 0)
                    {
                        return null;
                    }

                    labels[template[1..^1]] = value;
                }
                else if (!string.Equals(template, actual[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }

            return actual.Length == Segments.Count ? labels : null;
        }
    }
}

public sealed record RouteMatch(OperationModel Operation, IReadOnlyDictionary<string, string> Labels);
