using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Retry and Catch of Task, Parallel and Map states, with the specification's defaults (1 s, 3 attempts, rate 2.0).</summary>
internal static class RetryCatchParser
{
    public static List<Retrier> Retriers(JsonObject obj, string location, DefinitionFields f)
    {
        var result = new List<Retrier>();
        if (!obj.ContainsKey("Retry"))
        {
            return result;
        }
        if (obj["Retry"] is not JsonArray array)
        {
            f.Invalid($"{location}/Retry", "Retry must be an array of retriers");
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{location}/Retry/{i}";
            if (array[i] is not JsonObject r)
            {
                f.Invalid(at, "a retrier must be a JSON object");
                continue;
            }
            foreach (var key in r.Select(kv => kv.Key).Where(k => k is not ("ErrorEquals" or "IntervalSeconds" or "MaxAttempts" or "BackoffRate"
                         or "MaxDelaySeconds" or "JitterStrategy" or "Comment")))
            {
                f.Invalid($"{at}/{key}", $"'{key}' is not a field of a retrier");
            }
            var errors = ErrorEquals(r, at, isLast: i == array.Count - 1, f);
            var interval = r["IntervalSeconds"] is { } iv ? f.PositiveInt(iv, $"{at}/IntervalSeconds", allowZero: false) ?? 1 : 1;
            var attempts = r["MaxAttempts"] is { } ma ? f.PositiveInt(ma, $"{at}/MaxAttempts", allowZero: true) ?? 3 : 3;
            var backoff = 2.0;
            if (r["BackoffRate"] is { } br)
            {
                if (!JsonValues.TryGetDouble(br, out backoff) || backoff < 1.0)
                {
                    f.Invalid($"{at}/BackoffRate", "BackoffRate must be a number greater than or equal to 1.0");
                    backoff = 2.0;
                }
            }
            int? maxDelay = r["MaxDelaySeconds"] is { } md ? f.PositiveInt(md, $"{at}/MaxDelaySeconds", allowZero: false) : null;
            var jitter = "NONE";
            if (r["JitterStrategy"] is { } js)
            {
                if (!JsonValues.TryGetString(js, out jitter) || jitter is not ("FULL" or "NONE"))
                {
                    f.Invalid($"{at}/JitterStrategy", "JitterStrategy must be FULL or NONE");
                    jitter = "NONE";
                }
            }
            result.Add(new Retrier(errors, interval, attempts, backoff, maxDelay, jitter));
        }
        return result;
    }

    public static List<Catcher> Catchers(JsonObject obj, string location, DefinitionFields f)
    {
        var result = new List<Catcher>();
        if (!obj.ContainsKey("Catch"))
        {
            return result;
        }
        if (obj["Catch"] is not JsonArray array)
        {
            f.Invalid($"{location}/Catch", "Catch must be an array of catchers");
            return result;
        }
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{location}/Catch/{i}";
            if (array[i] is not JsonObject c)
            {
                f.Invalid(at, "a catcher must be a JSON object");
                continue;
            }
            foreach (var key in c.Select(kv => kv.Key).Where(k => k is not ("ErrorEquals" or "Next" or "ResultPath" or "Comment")))
            {
                f.Invalid($"{at}/{key}", $"'{key}' is not a field of a catcher");
            }
            var errors = ErrorEquals(c, at, isLast: i == array.Count - 1, f);
            if (!JsonValues.TryGetString(c["Next"], out var next))
            {
                f.Invalid($"{at}/Next", "a catcher needs Next");
                continue;
            }
            result.Add(new Catcher(errors, next, f.PathOrNull(c, "ResultPath", at, reference: true)));
        }
        return result;
    }

    /// <summary>A non-empty list of names; States.ALL only alone and only in the last retrier or catcher.</summary>
    private static List<string> ErrorEquals(JsonObject obj, string location, bool isLast, DefinitionFields f)
    {
        var result = new List<string>();
        if (obj["ErrorEquals"] is not JsonArray array || array.Count == 0)
        {
            f.Invalid($"{location}/ErrorEquals", "ErrorEquals must be a non-empty array of error names");
            return result;
        }
        foreach (var item in array)
        {
            if (!JsonValues.TryGetString(item, out var name))
            {
                f.Invalid($"{location}/ErrorEquals", "every ErrorEquals entry must be a string");
                continue;
            }
            result.Add(name);
        }
        if (result.Contains(ErrorNames.All) && (result.Count > 1 || !isLast))
        {
            f.Invalid($"{location}/ErrorEquals", "States.ALL must appear alone in ErrorEquals, in the last retrier or catcher");
        }
        return result;
    }
}
