using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Json;

/// <summary>The segments of a path and the filter expressions of <c>[?(...)]</c>: each applies itself to matched nodes.</summary>
public sealed partial class JsonPath
{
    internal abstract record Segment
    {
        public abstract void Apply(JsonNode? node, List<JsonNode?> output);
    }

    internal sealed record NameSegment(string Name) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value))
            {
                output.Add(value);
            }
        }
    }

    internal sealed record IndexSegment(int Index) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            if (node is JsonArray array)
            {
                var i = Index < 0 ? array.Count + Index : Index;
                if (i >= 0 && i < array.Count)
                {
                    output.Add(array[i]);
                }
            }
        }
    }

    internal sealed record UnionSegment(IReadOnlyList<Segment> Members) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            foreach (var m in Members)
            {
                m.Apply(node, output);
            }
        }
    }

    internal sealed record WildcardSegment : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            switch (node)
            {
                case JsonArray array:
                    output.AddRange(array);
                    break;
                case JsonObject obj:
                    foreach (var kv in obj)
                    {
                        output.Add(kv.Value);
                    }
                    break;
            }
        }
    }

    internal sealed record SliceSegment(int? Start, int? End, int Step) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            if (node is not JsonArray array)
            {
                return;
            }
            var n = array.Count;
            int Norm(int v) => v < 0 ? Math.Max(0, n + v) : Math.Min(n, v);
            if (Step > 0)
            {
                var start = Start is { } s ? Norm(s) : 0;
                var end = End is { } e ? Norm(e) : n;
                for (var i = start; i < end; i += Step)
                {
                    output.Add(array[i]);
                }
            }
            else
            {
                var start = Start is { } s ? Math.Min(n - 1, s < 0 ? n + s : s) : n - 1;
                var end = End is { } e ? (e < 0 ? n + e : e) : -1;
                for (var i = start; i > end && i >= 0; i += Step)
                {
                    output.Add(array[i]);
                }
            }
        }
    }

    internal sealed record DeepScanSegment(Segment Inner) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            Inner.Apply(node, output);
            switch (node)
            {
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Apply(child, output);
                    }
                    break;
                case JsonObject obj:
                    foreach (var kv in obj)
                    {
                        Apply(kv.Value, output);
                    }
                    break;
            }
        }
    }

    internal sealed record FilterSegment(FilterExpression Filter) : Segment
    {
        public override void Apply(JsonNode? node, List<JsonNode?> output)
        {
            IEnumerable<JsonNode?> candidates = node switch
            {
                JsonArray array => array,
                JsonObject obj => obj.Select(kv => kv.Value),
                _ => [],
            };
            foreach (var c in candidates)
            {
                if (Filter.IsTrue(c))
                {
                    output.Add(c);
                }
            }
        }
    }

    internal abstract record FilterExpression
    {
        public abstract bool IsTrue(JsonNode? current);
    }

    internal sealed record FilterAnd(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current) => Left.IsTrue(current) && Right.IsTrue(current);
    }

    internal sealed record FilterOr(FilterExpression Left, FilterExpression Right) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current) => Left.IsTrue(current) || Right.IsTrue(current);
    }

    internal sealed record FilterNot(FilterExpression Inner) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current) => !Inner.IsTrue(current);
    }

    /// <summary>An operand: a relative path (<c>@...</c>) or a literal.</summary>
    internal sealed record FilterOperand(JsonPath? RelativePath, JsonNode? Literal)
    {
        public bool TryGet(JsonNode? current, out JsonNode? value)
        {
            if (RelativePath is null)
            {
                value = Literal;
                return true;
            }
            var matches = RelativePath.Evaluate(current);
            value = matches.Count > 0 ? matches[0] : null;
            return matches.Count > 0;
        }
    }

    internal sealed record FilterExists(FilterOperand Operand) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current)
            => Operand.TryGet(current, out var v) && (Operand.RelativePath is not null || JsonValues.IsTruthy(v));
    }

    internal sealed record FilterComparison(FilterOperand Left, string Operator, FilterOperand Right) : FilterExpression
    {
        public override bool IsTrue(JsonNode? current)
        {
            if (!Left.TryGet(current, out var l) || !Right.TryGet(current, out var r))
            {
                return false;
            }
            if (Operator is "==" or "!=")
            {
                var eq = JsonValues.DeepEquals(l, r);
                return Operator == "==" ? eq : !eq;
            }
            if (JsonValues.TryGetNumber(l, out var ln) && JsonValues.TryGetNumber(r, out var rn))
            {
                return Compare(ln.CompareTo(rn));
            }
            if (JsonValues.TryGetString(l, out var ls) && JsonValues.TryGetString(r, out var rs))
            {
                return Compare(string.CompareOrdinal(ls, rs));
            }
            return false;
        }

        private bool Compare(int c) => Operator switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            _ => false,
        };
    }
}
