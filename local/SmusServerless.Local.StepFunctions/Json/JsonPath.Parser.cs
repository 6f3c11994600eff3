using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>The recursive-descent parser of the JSONPath subset.</summary>
public sealed partial class JsonPath
{
    private sealed class Parser(string text)
    {
        private int _pos;

        public JsonPath ParsePath()
        {
            if (string.IsNullOrEmpty(text) || text[0] != '$')
            {
                throw Error("a path must start with '$'");
            }
            _pos = 1;
            if (text.Length > 1 && (char.IsAsciiLetter(text[1]) || text[1] == '_'))
            {
                throw Error($"'{text}' refers to a variable; {VariablesNotSupported}");
            }
            var isContext = false;
            if (_pos < text.Length && text[_pos] == '$')
            {
                isContext = true;
                _pos++;
            }
            var segments = ParseSegments(stopAtFilterEnd: false);
            if (_pos != text.Length)
            {
                throw Error($"unexpected character '{text[_pos]}'");
            }
            return new JsonPath(text, isContext, segments);
        }

        private List<Segment> ParseSegments(bool stopAtFilterEnd)
        {
            var segments = new List<Segment>();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '.')
                {
                    _pos++;
                    if (_pos < text.Length && text[_pos] == '.')
                    {
                        _pos++;
                        var inner = _pos < text.Length && text[_pos] == '['
                            ? ParseBracket()
                            : ParseDotMember();
                        segments.Add(new DeepScanSegment(inner));
                        continue;
                    }
                    if (_pos < text.Length && text[_pos] == '[')
                    {
                        // '$.abc.['def ghi']' is accepted by Step Functions (see the intrinsic functions guide).
                        segments.Add(ParseBracket());
                        continue;
                    }
                    segments.Add(ParseDotMember());
                }
                else if (c == '[')
                {
                    segments.Add(ParseBracket());
                }
                else if (stopAtFilterEnd)
                {
                    break;
                }
                else
                {
                    throw Error($"unexpected character '{c}'");
                }
            }
            return segments;
        }

        private Segment ParseDotMember()
        {
            if (_pos >= text.Length)
            {
                throw Error("a member name is missing after '.'");
            }
            if (text[_pos] == '*')
            {
                _pos++;
                return new WildcardSegment();
            }
            var start = _pos;
            while (_pos < text.Length && IsNameChar(text[_pos]))
            {
                _pos++;
            }
            if (_pos == start)
            {
                throw Error($"a member name is missing after '.' (found '{text[_pos]}')");
            }
            return new NameSegment(text[start.._pos]);
        }

        private static bool IsNameChar(char c)
            => c is not ('.' or '[' or ']' or ' ' or '\t' or '\n' or '\r' or '(' or ')' or ',' or '=' or '!' or '<' or '>' or '&' or '|' or '\'' or '"');

        private Segment ParseBracket()
        {
            _pos++; // '['
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw Error("unterminated '['");
            }
            Segment result;
            var c = text[_pos];
            if (c == '*')
            {
                _pos++;
                result = new WildcardSegment();
            }
            else if (c == '?')
            {
                _pos++;
                SkipSpaces();
                Expect('(');
                var filter = ParseOr();
                SkipSpaces();
                Expect(')');
                result = new FilterSegment(filter);
            }
            else if (c == '(')
            {
                result = ParseLengthIndex();
            }
            else if (c is '\'' or '"')
            {
                var names = new List<Segment> { new NameSegment(ParseQuoted()) };
                SkipSpaces();
                while (_pos < text.Length && text[_pos] == ',')
                {
                    _pos++;
                    SkipSpaces();
                    names.Add(new NameSegment(ParseQuoted()));
                    SkipSpaces();
                }
                result = names.Count == 1 ? names[0] : new UnionSegment(names);
            }
            else
            {
                result = ParseIndexOrSlice();
            }
            SkipSpaces();
            Expect(']');
            return result;
        }

        /// <summary>The script index <c>[(@.length-N)]</c> (N-th element from the end), accepted by Step Functions' JSONPath.</summary>
        private Segment ParseLengthIndex()
        {
            const string prefix = "(@.length-";
            if (!Peek(prefix))
            {
                throw Error("the only script expression supported in '[]' is (@.length-N)");
            }
            _pos += prefix.Length;
            var n = TryParseInt();
            if (n is null or <= 0)
            {
                throw Error("expected a positive number in (@.length-N)");
            }
            Expect(')');
            return new IndexSegment(-n.Value);
        }

        private Segment ParseIndexOrSlice()
        {
            int? first = TryParseInt();
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == ':')
            {
                _pos++;
                SkipSpaces();
                var end = TryParseInt();
                SkipSpaces();
                var step = 1;
                if (_pos < text.Length && text[_pos] == ':')
                {
                    _pos++;
                    SkipSpaces();
                    step = TryParseInt() ?? 1;
                    if (step == 0)
                    {
                        throw Error("a slice step cannot be 0");
                    }
                }
                return new SliceSegment(first, end, step);
            }
            if (first is null)
            {
                throw Error("expected an index, a slice, '*', a quoted name or a filter inside '[]'");
            }
            var indexes = new List<Segment> { new IndexSegment(first.Value) };
            while (_pos < text.Length && text[_pos] == ',')
            {
                _pos++;
                SkipSpaces();
                indexes.Add(new IndexSegment(TryParseInt() ?? throw Error("expected an index after ','")));
                SkipSpaces();
            }
            return indexes.Count == 1 ? indexes[0] : new UnionSegment(indexes);
        }

        private int? TryParseInt()
        {
            var start = _pos;
            if (_pos < text.Length && text[_pos] == '-')
            {
                _pos++;
            }
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }
            if (_pos == start || (_pos == start + 1 && text[start] == '-'))
            {
                _pos = start;
                return null;
            }
            return int.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
        }

        private string ParseQuoted()
        {
            var quote = text[_pos];
            if (quote is not ('\'' or '"'))
            {
                throw Error("expected a quoted name");
            }
            _pos++;
            var sb = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }
                sb.Append(text[_pos]);
                _pos++;
            }
            if (_pos >= text.Length)
            {
                throw Error("unterminated quoted name");
            }
            _pos++;
            return sb.ToString();
        }

        private FilterExpression ParseOr()
        {
            var left = ParseAnd();
            SkipSpaces();
            while (Peek("||"))
            {
                _pos += 2;
                left = new FilterOr(left, ParseAnd());
                SkipSpaces();
            }
            return left;
        }

        private FilterExpression ParseAnd()
        {
            var left = ParseUnary();
            SkipSpaces();
            while (Peek("&&"))
            {
                _pos += 2;
                left = new FilterAnd(left, ParseUnary());
                SkipSpaces();
            }
            return left;
        }

        private FilterExpression ParseUnary()
        {
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == '!' && !Peek("!="))
            {
                _pos++;
                return new FilterNot(ParseUnary());
            }
            if (_pos < text.Length && text[_pos] == '(')
            {
                _pos++;
                var inner = ParseOr();
                SkipSpaces();
                Expect(')');
                return inner;
            }
            var left = ParseOperand();
            SkipSpaces();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (Peek(op))
                {
                    _pos += op.Length;
                    SkipSpaces();
                    return new FilterComparison(left, op, ParseOperand());
                }
            }
            return new FilterExists(left);
        }

        private FilterOperand ParseOperand()
        {
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw Error("a filter operand is missing");
            }
            var c = text[_pos];
            if (c == '@')
            {
                var start = _pos;
                _pos++;
                var segments = ParseSegments(stopAtFilterEnd: true);
                return new FilterOperand(new JsonPath(text[start.._pos], false, segments), null);
            }
            if (c is '\'' or '"')
            {
                return new FilterOperand(null, JsonValue.Create(ParseQuoted()));
            }
            var begin = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '-' or '+' or '.' or '_'))
            {
                _pos++;
            }
            var token = text[begin.._pos];
            return token switch
            {
                "true" => new FilterOperand(null, JsonValue.Create(true)),
                "false" => new FilterOperand(null, JsonValue.Create(false)),
                "null" => new FilterOperand(null, null),
                _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    => new FilterOperand(null, JsonNode.Parse(token)),
                "" => throw Error("a filter operand is missing"),
                // Step Functions' JSONPath accepts an unquoted word as a string literal ([?(@.Key == Name)]).
                _ => new FilterOperand(null, JsonValue.Create(token)),
            };
        }

        private bool Peek(string s) => string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0;

        private void SkipSpaces()
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
                throw Error($"expected '{c}'");
            }
            _pos++;
        }

        private JsonPathSyntaxException Error(string message) => new(text, _pos, message);
    }
}
