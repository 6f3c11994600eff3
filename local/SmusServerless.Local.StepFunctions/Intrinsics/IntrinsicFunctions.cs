using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Intrinsics;

/// <summary>
/// The intrinsic functions of the JSONPath query language, with the input validation the Step Functions
/// developer guide states (integers rounded to the nearest integer, 1000-item ranges, 10,000-character
/// encode/hash inputs, MathAdd within Int32, shallow JsonMerge only).
/// </summary>
public static class IntrinsicFunctions
{
    private const int MaxStringLength = 10_000;
    private const int MaxRangeItems = 1000;

    private static readonly HashSet<string> Names =
    [
        "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
        "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
        "States.MathAdd", "States.StringSplit", "States.UUID",
    ];

    public static bool IsKnown(string name) => Names.Contains(name);

    public static JsonNode? Invoke(string name, IReadOnlyList<JsonNode?> args, IntrinsicEnvironment env) => name switch
    {
        "States.Format" => Format(args),
        "States.StringToJson" => StringToJson(args),
        "States.JsonToString" => JsonValue.Create(JsonValues.ToJson(Single(name, args))),
        "States.Array" => new JsonArray(args.Select(a => a?.DeepClone()).ToArray()),
        "States.ArrayPartition" => ArrayPartition(args),
        "States.ArrayContains" => ArrayContains(args),
        "States.ArrayRange" => ArrayRange(args),
        "States.ArrayGetItem" => ArrayGetItem(args),
        "States.ArrayLength" => JsonValue.Create(ArrayArg(name, Single(name, args), 1).Count),
        "States.ArrayUnique" => ArrayUnique(args),
        "States.Base64Encode" => Base64Encode(args),
        "States.Base64Decode" => Base64Decode(args),
        "States.Hash" => Hash(args),
        "States.JsonMerge" => JsonMerge(args),
        "States.MathRandom" => MathRandom(args, env),
        "States.MathAdd" => MathAdd(args),
        "States.StringSplit" => StringSplit(args),
        "States.UUID" => Uuid(args, env),
        _ => throw new IntrinsicFailureException($"Unknown intrinsic function {name}"),
    };

    private static JsonNode? Format(IReadOnlyList<JsonNode?> args)
    {
        if (args.Count == 0 || !JsonValues.TryGetString(args[0], out var template))
        {
            throw new IntrinsicFailureException("States.Format needs a string template as its first argument");
        }
        var sb = new StringBuilder();
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && template[i + 1] is '{' or '}' or '\\')
            {
                sb.Append(template[i + 1]);
                i++;
                continue;
            }
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Count)
                {
                    throw new IntrinsicFailureException(
                        $"States.Format: the template has more '{{}}' placeholders than the {args.Count - 1} values given");
                }
                var value = args[next++];
                sb.Append(JsonValues.TryGetString(value, out var s) ? s : JsonValues.ToJson(value));
                i++;
                continue;
            }
            sb.Append(c);
        }
        if (next != args.Count)
        {
            throw new IntrinsicFailureException(
                $"States.Format: {args.Count - 1} values were given for {next - 1} '{{}}' placeholders");
        }
        return JsonValue.Create(sb.ToString());
    }

    private static JsonNode? StringToJson(IReadOnlyList<JsonNode?> args)
    {
        var text = StringArg("States.StringToJson", Single("States.StringToJson", args), 1);
        try
        {
            return JsonValues.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new IntrinsicFailureException($"States.StringToJson: the argument is not valid JSON ({ex.Message})");
        }
    }

    private static JsonNode ArrayPartition(IReadOnlyList<JsonNode?> args)
    {
        Count("States.ArrayPartition", args, 2);
        var array = ArrayArg("States.ArrayPartition", args[0], 1);
        var size = IntegerArg("States.ArrayPartition", args[1], 2);
        if (size <= 0)
        {
            throw new IntrinsicFailureException("States.ArrayPartition: the chunk size must be a positive integer");
        }
        var result = new JsonArray();
        for (var i = 0; i < array.Count; i += (int)size)
        {
            var chunk = new JsonArray();
            for (var j = i; j < Math.Min(array.Count, i + (int)size); j++)
            {
                chunk.Add(array[j]?.DeepClone());
            }
            result.Add(chunk);
        }
        return result;
    }

    private static JsonNode ArrayContains(IReadOnlyList<JsonNode?> args)
    {
        Count("States.ArrayContains", args, 2);
        var array = ArrayArg("States.ArrayContains", args[0], 1);
        return JsonValue.Create(array.Any(item => JsonValues.DeepEquals(item, args[1])));
    }

    private static JsonNode ArrayRange(IReadOnlyList<JsonNode?> args)
    {
        Count("States.ArrayRange", args, 3);
        var start = IntegerArg("States.ArrayRange", args[0], 1);
        var end = IntegerArg("States.ArrayRange", args[1], 2);
        var step = IntegerArg("States.ArrayRange", args[2], 3);
        if (step == 0)
        {
            throw new IntrinsicFailureException("States.ArrayRange: the step (third argument) must not be 0");
        }
        var result = new JsonArray();
        for (var v = start; step > 0 ? v <= end : v >= end; v += step)
        {
            if (result.Count == MaxRangeItems)
            {
                throw new IntrinsicFailureException($"States.ArrayRange: the range would have more than {MaxRangeItems} items");
            }
            result.Add(v);
        }
        return result;
    }

    private static JsonNode? ArrayGetItem(IReadOnlyList<JsonNode?> args)
    {
        Count("States.ArrayGetItem", args, 2);
        var array = ArrayArg("States.ArrayGetItem", args[0], 1);
        var index = IntegerArg("States.ArrayGetItem", args[1], 2);
        if (index < 0 || index >= array.Count)
        {
            throw new IntrinsicFailureException(
                $"States.ArrayGetItem: index {index} is outside the array of {array.Count} items");
        }
        return array[(int)index]?.DeepClone();
    }

    private static JsonNode ArrayUnique(IReadOnlyList<JsonNode?> args)
    {
        var array = ArrayArg("States.ArrayUnique", Single("States.ArrayUnique", args), 1);
        var result = new JsonArray();
        foreach (var item in array)
        {
            if (!result.Any(existing => JsonValues.DeepEquals(existing, item)))
            {
                result.Add(item?.DeepClone());
            }
        }
        return result;
    }

    private static JsonNode Base64Encode(IReadOnlyList<JsonNode?> args)
    {
        var text = StringArg("States.Base64Encode", Single("States.Base64Encode", args), 1);
        LimitLength("States.Base64Encode", text);
        return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    private static JsonNode Base64Decode(IReadOnlyList<JsonNode?> args)
    {
        var text = StringArg("States.Base64Decode", Single("States.Base64Decode", args), 1);
        LimitLength("States.Base64Decode", text);
        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw new IntrinsicFailureException("States.Base64Decode: the argument is not valid Base64");
        }
    }

    private static JsonNode Hash(IReadOnlyList<JsonNode?> args)
    {
        Count("States.Hash", args, 2);
        var data = JsonValues.TryGetString(args[0], out var s) ? s : JsonValues.ToJson(args[0]);
        LimitLength("States.Hash", data);
        var algorithm = StringArg("States.Hash", args[1], 2);
        var bytes = Encoding.UTF8.GetBytes(data);
        var digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw new IntrinsicFailureException(
                $"States.Hash: '{algorithm}' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(digest));
    }

    private static JsonNode JsonMerge(IReadOnlyList<JsonNode?> args)
    {
        Count("States.JsonMerge", args, 3);
        if (args[0] is not JsonObject first || args[1] is not JsonObject second)
        {
            throw new IntrinsicFailureException("States.JsonMerge: the first two arguments must be JSON objects");
        }
        if (!JsonValues.TryGetBoolean(args[2], out var deep) || deep)
        {
            throw new IntrinsicFailureException("States.JsonMerge: only shallow merging is supported; the third argument must be false");
        }
        var merged = (JsonObject)first.DeepClone();
        foreach (var kv in second)
        {
            merged[kv.Key] = kv.Value?.DeepClone();
        }
        return merged;
    }

    private static JsonNode MathRandom(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment env)
    {
        if (args.Count is not (2 or 3))
        {
            throw new IntrinsicFailureException($"States.MathRandom takes 2 or 3 arguments, not {args.Count}");
        }
        var start = IntegerArg("States.MathRandom", args[0], 1);
        var end = IntegerArg("States.MathRandom", args[1], 2);
        if (start >= end)
        {
            throw new IntrinsicFailureException("States.MathRandom: the start must be less than the end");
        }
        int? seed = args.Count == 3 ? (int)IntegerArg("States.MathRandom", args[2], 3) : null;
        return JsonValue.Create(env.RandomFor(seed).NextInt64(start, end));
    }

    private static JsonNode MathAdd(IReadOnlyList<JsonNode?> args)
    {
        Count("States.MathAdd", args, 2);
        var a = IntegerArg("States.MathAdd", args[0], 1);
        var b = IntegerArg("States.MathAdd", args[1], 2);
        foreach (var v in new[] { a, b })
        {
            if (v is < int.MinValue or > int.MaxValue)
            {
                throw new IntrinsicFailureException($"States.MathAdd: {v} is outside the range -2147483648..2147483647");
            }
        }
        return JsonValue.Create(a + b);
    }

    private static JsonNode StringSplit(IReadOnlyList<JsonNode?> args)
    {
        Count("States.StringSplit", args, 2);
        var text = StringArg("States.StringSplit", args[0], 1);
        var delimiters = StringArg("States.StringSplit", args[1], 2);
        // Each character of the second argument is a delimiter (the guide's "This.is+a,test=string" example).
        var parts = delimiters.Length == 0
            ? [text]
            : text.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        return new JsonArray(parts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
    }

    private static JsonNode Uuid(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment env)
    {
        Count("States.UUID", args, 0);
        return JsonValue.Create(env.NewUuid().ToString("D"));
    }

    private static JsonNode? Single(string name, IReadOnlyList<JsonNode?> args)
    {
        Count(name, args, 1);
        return args[0];
    }

    private static void Count(string name, IReadOnlyList<JsonNode?> args, int expected)
    {
        if (args.Count != expected)
        {
            throw new IntrinsicFailureException($"{name} takes {expected} argument(s), not {args.Count}");
        }
    }

    private static JsonArray ArrayArg(string name, JsonNode? node, int position)
        => node as JsonArray ?? throw new IntrinsicFailureException($"{name}: argument {position} must be an array");

    private static string StringArg(string name, JsonNode? node, int position)
        => JsonValues.TryGetString(node, out var s) ? s : throw new IntrinsicFailureException($"{name}: argument {position} must be a string");

    private static long IntegerArg(string name, JsonNode? node, int position)
    {
        if (!JsonValues.TryGetNumber(node, out var d))
        {
            throw new IntrinsicFailureException($"{name}: argument {position} must be an integer");
        }
        var rounded = Math.Round(d, MidpointRounding.AwayFromZero);
        if (rounded is < long.MinValue or > long.MaxValue)
        {
            throw new IntrinsicFailureException($"{name}: argument {position} is out of range");
        }
        return (long)rounded;
    }

    private static void LimitLength(string name, string text)
    {
        if (text.Length > MaxStringLength)
        {
            throw new IntrinsicFailureException($"{name}: the input has {text.Length} characters; at most {MaxStringLength} are allowed");
        }
    }
}
