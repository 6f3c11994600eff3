using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Intrinsics;

/// <summary>A syntax error in an intrinsic function invocation.</summary>
public sealed class IntrinsicSyntaxException(string expression, string message)
    : Exception($"Invalid intrinsic function '{expression}': {message}");

/// <summary>An intrinsic function failed at run time (<c>States.IntrinsicFailure</c>).</summary>
public sealed class IntrinsicFailureException(string message) : Exception(message);

/// <summary>A parsed intrinsic invocation such as <c>States.Format('{}', $.name)</c>.</summary>
public sealed class IntrinsicExpression
{
    /// <summary>Step Functions allows up to 10 nested intrinsic functions in one field.</summary>
    public const int MaxNesting = 10;

    private readonly Call _call;

    private IntrinsicExpression(string text, Call call)
    {
        Text = text;
        _call = call;
    }

    public string Text { get; }

    /// <summary>True when <paramref name="text"/> looks like an intrinsic invocation (starts with <c>States.</c>).</summary>
    public static bool IsIntrinsic(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public static IntrinsicExpression Parse(string text)
    {
        var parser = new Parser(text);
        var call = parser.ParseCall(depth: 1);
        parser.SkipSpaces();
        if (!parser.AtEnd)
        {
            throw new IntrinsicSyntaxException(text, $"unexpected text after the closing ')' at position {parser.Position}");
        }
        return new IntrinsicExpression(text, call);
    }

    public JsonNode? Evaluate(JsonNode? input, JsonNode? context, IntrinsicEnvironment environment)
        => Evaluate(_call, input, context, environment);

    private static JsonNode? Evaluate(Call call, JsonNode? input, JsonNode? context, IntrinsicEnvironment env)
    {
        var args = new List<JsonNode?>(call.Arguments.Count);
        foreach (var arg in call.Arguments)
        {
            args.Add(arg switch
            {
                LiteralArgument l => l.Value?.DeepClone(),
                PathArgument p => SelectPath(p.Path, input, context),
                CallArgument c => Evaluate(c.Call, input, context, env),
                _ => throw new InvalidOperationException(),
            });
        }
        return IntrinsicFunctions.Invoke(call.Name, args, env);
    }

    private static JsonNode? SelectPath(JsonPath path, JsonNode? input, JsonNode? context)
    {
        try
        {
            return path.Select(input, context);
        }
        catch (JsonPathNoMatchException)
        {
            throw new IntrinsicFailureException($"The JSONPath '{path.Text}' specified for an intrinsic function argument could not be found in the input");
        }
    }

    private abstract record Argument;

    private sealed record LiteralArgument(JsonNode? Value) : Argument;

    private sealed record PathArgument(JsonPath Path) : Argument;

    private sealed record CallArgument(Call Call) : Argument;

    private sealed record Call(string Name, IReadOnlyList<Argument> Arguments);

    private sealed class Parser(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public int Position => _pos;

        public Call ParseCall(int depth)
        {
            if (depth > MaxNesting)
            {
                throw Fail($"more than {MaxNesting} nested intrinsic functions");
            }
            SkipSpaces();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }
            var name = text[start.._pos];
            if (!IntrinsicFunctions.IsKnown(name))
            {
                throw Fail($"unknown intrinsic function '{name}'");
            }
            SkipSpaces();
            Expect('(');
            var args = new List<Argument>();
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == ')')
            {
                _pos++;
                CheckSignature(name, args);
                return new Call(name, args);
            }
            while (true)
            {
                args.Add(ParseArgument(depth));
                SkipSpaces();
                if (_pos >= text.Length)
                {
                    throw Fail("missing ')'");
                }
                if (text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }
                if (text[_pos] == ')')
                {
                    _pos++;
                    CheckSignature(name, args);
                    return new Call(name, args);
                }
                throw Fail($"unexpected character '{text[_pos]}' at position {_pos}");
            }
        }

        /// <summary>Argument counts, and literal arguments of the wrong type, are errors before anything runs.</summary>
        private void CheckSignature(string name, List<Argument> args)
        {
            var (min, max, numbers, strings) = name switch
            {
                "States.Format" => (1, int.MaxValue, Array.Empty<int>(), new[] { 0 }),
                "States.StringToJson" => (1, 1, [], [0]),
                "States.JsonToString" => (1, 1, [], []),
                "States.Array" => (0, int.MaxValue, [], []),
                "States.ArrayPartition" => (2, 2, [1], []),
                "States.ArrayContains" => (2, 2, [], []),
                "States.ArrayRange" => (3, 3, [0, 1, 2], []),
                "States.ArrayGetItem" => (2, 2, [1], []),
                "States.ArrayLength" => (1, 1, [], []),
                "States.ArrayUnique" => (1, 1, [], []),
                "States.Base64Encode" => (1, 1, [], [0]),
                "States.Base64Decode" => (1, 1, [], [0]),
                "States.Hash" => (2, 2, [], [1]),
                "States.JsonMerge" => (3, 3, [], []),
                "States.MathRandom" => (2, 3, [0, 1, 2], []),
                "States.MathAdd" => (2, 2, [0, 1], []),
                "States.StringSplit" => (2, 2, [], [0, 1]),
                "States.UUID" => (0, 0, [], []),
                _ => (0, int.MaxValue, [], []),
            };
            if (args.Count < min || args.Count > max)
            {
                throw Fail(min == max ? $"{name} takes {min} argument(s), not {args.Count}" : $"{name} takes at least {min} argument(s)");
            }
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] is not LiteralArgument { Value: var value })
                {
                    continue;
                }
                var kind = value?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
                if (numbers.Contains(i) && kind != System.Text.Json.JsonValueKind.Number)
                {
                    throw Fail($"argument {i + 1} of {name} must be a number");
                }
                if (strings.Contains(i) && kind != System.Text.Json.JsonValueKind.String)
                {
                    throw Fail($"argument {i + 1} of {name} must be a string");
                }
            }
        }

        private Argument ParseArgument(int depth)
        {
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw Fail("an argument is missing");
            }
            var c = text[_pos];
            if (c == '\'')
            {
                return new LiteralArgument(JsonValue.Create(ParseString()));
            }
            if (c == '$')
            {
                return new PathArgument(ParsePath());
            }
            if (text.AsSpan(_pos).StartsWith("States."))
            {
                return new CallArgument(ParseCall(depth + 1));
            }
            var start = _pos;
            while (_pos < text.Length && text[_pos] is not (',' or ')' or ' '))
            {
                _pos++;
            }
            var token = text[start.._pos];
            return token switch
            {
                "true" => new LiteralArgument(JsonValue.Create(true)),
                "false" => new LiteralArgument(JsonValue.Create(false)),
                "null" => new LiteralArgument(null),
                _ when decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    => new LiteralArgument(JsonNode.Parse(token)),
                _ => throw Fail($"'{token}' is not a string, number, boolean, null, path or intrinsic function"),
            };
        }

        private JsonPath ParsePath()
        {
            var start = _pos;
            var bracket = 0;
            char? quote = null;
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (quote is not null)
                {
                    if (c == quote)
                    {
                        quote = null;
                    }
                }
                else if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '[')
                {
                    bracket++;
                }
                else if (c == ']')
                {
                    bracket--;
                }
                else if (bracket == 0 && c is ',' or ')' or ' ')
                {
                    break;
                }
                _pos++;
            }
            var pathText = text[start.._pos];
            try
            {
                return JsonPath.Parse(pathText);
            }
            catch (JsonPathSyntaxException ex)
            {
                throw Fail(ex.Message);
            }
        }

        /// <summary>A single-quoted string; <c>\'</c>, <c>\{</c>, <c>\}</c> and <c>\\</c> are the escapes.</summary>
        private string ParseString()
        {
            _pos++;
            var sb = new StringBuilder();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '\\')
                {
                    if (_pos + 1 >= text.Length)
                    {
                        throw Fail("an open escape '\\' at the end of the text");
                    }
                    var next = text[_pos + 1];
                    if (next is not ('\'' or '{' or '}' or '\\'))
                    {
                        throw Fail($"'\\{next}' is not an escape sequence (only \\' \\{{ \\}} \\\\ are)");
                    }
                    // Keep '\{' and '\}' escaped so States.Format can tell them from placeholders.
                    if (next is '{' or '}')
                    {
                        sb.Append('\\');
                    }
                    sb.Append(next);
                    _pos += 2;
                    continue;
                }
                if (c == '\'')
                {
                    _pos++;
                    return sb.ToString();
                }
                sb.Append(c);
                _pos++;
            }
            throw Fail("unterminated string literal");
        }

        public void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private void Expect(char c)
        {
            if (_pos >= text.Length || text[_pos] != c)
            {
                throw Fail($"expected '{c}' at position {_pos}");
            }
            _pos++;
        }

        private IntrinsicSyntaxException Fail(string message) => new(text, message);
    }
}

/// <summary>What the non-deterministic intrinsics draw from (so tests can fix them).</summary>
public sealed class IntrinsicEnvironment
{
    public static IntrinsicEnvironment Default { get; } = new();

    public Func<Guid> NewUuid { get; init; } = Guid.NewGuid;

    public Func<int?, Random> RandomFor { get; init; } = seed => seed is { } s ? new Random(s) : Random.Shared;
}
