using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>
/// Builds an operation's input object from a restJson1 request as the model places each member: <c>uri</c> members
/// from path labels, <c>querystring</c> members from the query, <c>header</c> members from headers, everything else
/// from the JSON body. Values that cannot be read as the member's type become validation issues.
/// </summary>
public sealed class RestJsonRequestBinder(ServiceModel model)
{
    public (JsonObject Input, IReadOnlyList<ValidationIssue> Issues) Bind(RouteMatch route, AwsHttpRequest request)
    {
        var issues = new List<ValidationIssue>();
        var input = ParseBody(request.Body, issues);
        if (route.Operation.InputShape is null)
        {
            return (new JsonObject(), issues);
        }

        var shape = model.Shape(route.Operation.InputShape);
        foreach (var (name, member) in shape.Members)
        {
            if (member.Location is null)
            {
                continue;
            }

            // A member bound elsewhere must not be taken from the body.
            input.Remove(name);
            var memberShape = model.Shape(member.Shape);
            switch (member.Location)
            {
                case "uri" when route.Labels.TryGetValue(member.LocationName, out var label):
                    input[name] = Convert(memberShape, label, name, issues);
                    break;
                case "querystring":
                    BindQuery(shape, name, member, memberShape, request, input, issues);
                    break;
                case "header" when request.Header(member.LocationName) is { } header && memberShape.Type == "list":
                    // A list header is one comma-separated value.
                    var itemShape = model.Shape(memberShape.MemberShape!);
                    input[name] = new JsonArray(header.Split(',', StringSplitOptions.TrimEntries).Select(v => Convert(itemShape, v, name, issues)).ToArray());
                    break;
                case "header" when request.Header(member.LocationName) is { } header:
                    input[name] = Convert(memberShape, header, name, issues);
                    break;
            }
        }

        return (input, issues);
    }

    private void BindQuery(ShapeModel inputShape, string name, MemberModel member, ShapeModel memberShape, AwsHttpRequest request, JsonObject input, List<ValidationIssue> issues)
    {
        if (memberShape.Type == "map")
        {
            var bound = new JsonObject();
            var modelled = inputShape.Members.Values.Where(m => m.Location == "querystring").Select(m => m.LocationName).ToHashSet();
            foreach (var (key, value) in request.Query.Where(q => !modelled.Contains(q.Key)))
            {
                bound[key] = value;
            }

            if (bound.Count > 0)
            {
                input[name] = bound;
            }

            return;
        }

        var values = request.Query.Where(q => q.Key == member.LocationName).Select(q => q.Value).ToArray();
        if (values.Length == 0)
        {
            return;
        }

        if (memberShape.Type == "list")
        {
            var itemShape = model.Shape(memberShape.MemberShape!);
            input[name] = new JsonArray(values.Select(v => Convert(itemShape, v, name, issues)).ToArray());
        }
        else
        {
            input[name] = Convert(memberShape, values[^1], name, issues);
        }
    }

    private static JsonObject ParseBody(ReadOnlyMemory<byte> body, List<ValidationIssue> issues)
    {
        if (body.IsEmpty || body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new JsonObject();
        }

        try
        {
            if (JsonNode.Parse(body.Span) is JsonObject obj)
            {
                return obj;
            }

            issues.Add(new ValidationIssue("body", "Member must be a JSON object", null));
        }
        catch (JsonException e)
        {
            issues.Add(new ValidationIssue("body", $"Member must be valid JSON ({e.Message.Split('.')[0]})", null));
        }

        return new JsonObject();
    }

    private static JsonNode? Convert(ShapeModel shape, string raw, string member, List<ValidationIssue> issues)
    {
        switch (shape.Type)
        {
            case "integer" or "long" or "short" or "byte":
                if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return JsonValue.Create(l);
                }

                break;
            case "float" or "double":
                if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    return JsonValue.Create(d);
                }

                break;
            case "boolean":
                if (raw is "true" or "false")
                {
                    return JsonValue.Create(raw == "true");
                }

                break;
            default:
                return JsonValue.Create(raw);
        }

        issues.Add(new ValidationIssue(member, $"Member must be {(shape.Type == "boolean" ? "'true' or 'false'" : "a number")}", shape.IsSensitive ? null : $"'{raw}'"));
        return null;
    }
}
