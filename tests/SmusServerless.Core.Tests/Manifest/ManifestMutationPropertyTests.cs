using System.Text;
using CsCheck;
using SmusServerless.Core.Manifest;
using YamlDotNet.RepresentationModel;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>
/// Property: whatever is done to a valid manifest — keys deleted, types changed, unknown or duplicate keys inserted,
/// random scalars, deep nesting, aliases (also exponential ones), corrupted text — loading it never throws and every
/// finding names a file position and a manifest path. Inputs come from CsCheck generators over fixed PCG streams,
/// so every run checks the same 2,000 cases and a failure names the case and shows its YAML.
/// </summary>
public class ManifestMutationPropertyTests
{
    private const int Cases = 2000;

    private static readonly string[] Samples =
        [ManifestSamples.DemoMarketing, ManifestSamples.ServerlessMarketing, ManifestSamples.TopLevelDomain, ManifestSamples.Minimal];

    private static readonly Tree.Map[] ParsedSamples = [.. Samples.Select(Tree.From)];

    private static readonly string[] KeyPool =
    [
        "bundle_target_config", "stag", "x", "pipelineName", "bundleName", "targets", "domain", "default", "project", "name",
        "region", "<<", "a.b", "${X}", "connectionName", "profileName", "profile_name", "create", "tests", "folder",
    ];

    private static readonly string[] ScalarPool =
    [
        "", " ", "true", "False", "yes", "null", "~", "123", "-7", "0x1F", "1e3", ".inf", "${X}", "${X:us-east-1}", "${", "$${X}",
        "${1}", "us-east-1", "../../etc", "/abs", "a\\b", "MWAA", "airflow-serverless", "READ", "WRITE", "console", "*", "&x",
        "!!python/object", "a, b", "]", "}", "#", "ünïcødé", "line\nbreak", "tab\there", new string('a', 300), "default.s3_shared",
    ];

    private const string SyntaxCharacters = "{}[]:,&*!#|>'\"-? \n\t%@`";

    private static readonly ManifestLoadOptions Options = new()
    {
        MaxExpandedNodes = 20_000,
        BundleContents = new BundleFileSet(["pipeline.yaml", "bundle.json", "tests/test_a.py", "workflows/dags/marketing_dag2.yaml"]),
    };

    private static readonly IVariableSource Variables =
        new DictionaryVariableSource(new Dictionary<string, string> { ["X"] = "eu-west-1" });

    private static readonly Gen<(int Sample, (int Kind, int Pick, int Arg)[] Mutations)> Inputs =
        Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Select(Gen.Int[0, 10], Gen.Int[0, 10_000], Gen.Int[0, 10_000]).Array[1, 6]);

    [Fact]
    public void Mutated_manifests_only_ever_produce_positioned_diagnostics_with_a_manifest_path()
    {
        for (uint stream = 0; stream < Cases; stream++)
        {
            var (sample, mutations) = Inputs.Generate(new PCG(stream, 20261127), null, out _);
            var text = Mutate(sample, mutations);
            try
            {
                CheckDiagnostics(ManifestLoader.Load(text, "pipeline.yaml", Variables, Options));
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"case {stream} failed: {ex.Message}\n--- manifest ---\n{text}\n---\n{ex}");
            }
        }
    }

    private static void CheckDiagnostics(ManifestLoadResult result)
    {
        Assert.Equal(result.IsValid, !result.Errors.Any());
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Path), diagnostic.ToString());
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message), diagnostic.ToString());
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Code), diagnostic.ToString());
            Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1, diagnostic.ToString());
            Assert.StartsWith($"pipeline.yaml:{diagnostic.Line}:{diagnostic.Column}: {diagnostic.Path}: ", diagnostic.ToString());
        }
        if (result.Manifest is { } manifest)
        {
            Assert.NotEmpty(manifest.Name);
            Assert.NotEmpty(manifest.Targets);
            Assert.All(manifest.Targets, t => Assert.NotEmpty(t.Domain.Region));
        }
    }

    private static string Mutate(int sample, (int Kind, int Pick, int Arg)[] mutations)
    {
        var tree = (Tree.Map)Tree.Copy(ParsedSamples[sample]);
        var textEdits = new List<(int Pick, int Arg)>();
        var anchors = 0;
        foreach (var (kind, pick, arg) in mutations)
        {
            var slots = Tree.Slots(tree);
            var (container, index) = slots[pick % slots.Count];
            switch (kind)
            {
                case 0:
                    container.RemoveAt(index);
                    break;
                case 1:
                    container.Set(index, container.Get(index) switch
                    {
                        Tree.Scalar => new Tree.Map([]),
                        Tree.Map => new Tree.Seq([new Tree.Scalar("x", true)]),
                        _ => new Tree.Scalar("x", true),
                    });
                    break;
                case 2:
                    var map = container.Get(index) as Tree.Map ?? tree;
                    map.Entries.Insert(arg % (map.Entries.Count + 1), (KeyPool[arg % KeyPool.Length], new Tree.Scalar(ScalarPool[pick % ScalarPool.Length], arg % 2 == 0)));
                    break;
                case 3:
                    container.Set(index, new Tree.Scalar(ScalarPool[arg % ScalarPool.Length], arg % 3 != 0));
                    break;
                case 4:
                    Tree.Node nested = container.Get(index);
                    for (var depth = arg % 90; depth > 0; depth--)
                        nested = depth % 2 == 0 ? new Tree.Seq([nested]) : new Tree.Map([("k", nested)]);
                    container.Set(index, nested);
                    break;
                case 5:
                    var name = $"a{anchors++}";
                    var (other, otherIndex) = slots[arg % slots.Count];
                    container.Set(index, new Tree.Anchored(name, container.Get(index)));
                    other.Set(otherIndex, new Tree.Alias(name));
                    break;
                case 6:
                    tree.Entries.Insert(0, ("lol", Tree.Laughs(2 + arg % 8, 2 + pick % 9)));
                    break;
                case 7:
                    if (container is Tree.MapSlots { Map: var duplicated }) duplicated.Entries.Insert(index, duplicated.Entries[index]);
                    break;
                case 8:
                    var (source, sourceIndex) = slots[arg % slots.Count];
                    container.Set(index, Tree.Copy(source.Get(sourceIndex)));
                    break;
                default:
                    textEdits.Add((pick, arg));
                    break;
            }
        }

        var text = Tree.Emit(tree);
        foreach (var (pick, arg) in textEdits)
        {
            var at = pick % (text.Length + 1);
            if (arg % 2 == 0) text = text.Insert(at, SyntaxCharacters[arg % SyntaxCharacters.Length].ToString());
            else if (text.Length > 0) text = text.Remove(Math.Min(at, text.Length - 1), 1);
        }
        return text;
    }

    /// <summary>A tiny editable YAML tree, emitted in flow style, so mutations stay structural.</summary>
    private static class Tree
    {
        public abstract record Node;

        public sealed record Scalar(string Text, bool Plain) : Node;

        public sealed record Seq(List<Node> Items) : Node;

        public sealed record Map(List<(string Key, Node Value)> Entries) : Node;

        public sealed record Anchored(string Name, Node Node) : Node;

        public sealed record Alias(string Name) : Node;

        public interface IContainer
        {
            Node Get(int index);
            void Set(int index, Node node);
            void RemoveAt(int index);
        }

        public sealed record MapSlots(Map Map) : IContainer
        {
            public Node Get(int index) => Map.Entries[index].Value;
            public void Set(int index, Node node) => Map.Entries[index] = (Map.Entries[index].Key, node);
            public void RemoveAt(int index) => Map.Entries.RemoveAt(index);
        }

        public sealed record SeqSlots(Seq Seq) : IContainer
        {
            public Node Get(int index) => Seq.Items[index];
            public void Set(int index, Node node) => Seq.Items[index] = node;
            public void RemoveAt(int index) => Seq.Items.RemoveAt(index);
        }

        public static Map From(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return (Map)Convert(stream.Documents[0].RootNode);
        }

        private static Node Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new Map([.. map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, Convert(c.Value)))]),
            YamlSequenceNode seq => new Seq([.. seq.Children.Select(Convert)]),
            YamlScalarNode scalar => new Scalar(scalar.Value ?? "", scalar.Style == YamlDotNet.Core.ScalarStyle.Plain),
            _ => throw new InvalidOperationException(),
        };

        /// <summary>Every (container, index) place a value sits, root included, for mutations to pick from.</summary>
        public static List<(IContainer Container, int Index)> Slots(Map root)
        {
            var slots = new List<(IContainer, int)>();
            var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
            void Walk(Node node)
            {
                if (!seen.Add(node)) return;
                switch (node)
                {
                    case Map map:
                        var mapSlots = new MapSlots(map);
                        for (var i = 0; i < map.Entries.Count; i++)
                        {
                            slots.Add((mapSlots, i));
                            Walk(map.Entries[i].Value);
                        }
                        break;
                    case Seq seq:
                        var seqSlots = new SeqSlots(seq);
                        for (var i = 0; i < seq.Items.Count; i++)
                        {
                            slots.Add((seqSlots, i));
                            Walk(seq.Items[i]);
                        }
                        break;
                    case Anchored anchored:
                        Walk(anchored.Node);
                        break;
                }
            }
            Walk(root);
            if (slots.Count == 0)
            {
                root.Entries.Add(("x", new Scalar("x", true)));
                slots.Add((new MapSlots(root), 0));
            }
            return slots;
        }

        /// <summary>A deep copy, so moving a value into its own subtree cannot make the tree cyclic.</summary>
        public static Node Copy(Node node) => node switch
        {
            Map map => new Map([.. map.Entries.Select(e => (e.Key, Copy(e.Value)))]),
            Seq seq => new Seq([.. seq.Items.Select(Copy)]),
            Anchored anchored => new Anchored(anchored.Name, Copy(anchored.Node)),
            _ => node,
        };

        /// <summary>Nested lists where each level repeats the previous level's anchor: exponential when expanded.</summary>
        public static Node Laughs(int levels, int width)
        {
            var items = new List<Node>();
            Node level = new Anchored("lol0", new Seq([.. Enumerable.Repeat<Node>(new Scalar("lol", true), width)]));
            items.Add(level);
            for (var i = 1; i < levels; i++)
                items.Add(new Anchored($"lol{i}", new Seq([.. Enumerable.Repeat<Node>(new Alias($"lol{i - 1}"), width)])));
            return new Seq(items);
        }

        public static string Emit(Node node)
        {
            var text = new StringBuilder();
            Write(node, text);
            return text.ToString();
        }

        private static void Write(Node node, StringBuilder text)
        {
            switch (node)
            {
                case Scalar { Plain: true } scalar when IsPlainSafe(scalar.Text):
                    text.Append(scalar.Text);
                    break;
                case Scalar scalar:
                    Quote(scalar.Text, text);
                    break;
                case Alias alias:
                    text.Append('*').Append(alias.Name);
                    break;
                case Anchored anchored:
                    text.Append('&').Append(anchored.Name).Append(' ');
                    Write(anchored.Node, text);
                    break;
                case Seq seq:
                    text.Append('[');
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (i > 0) text.Append(", ");
                        Write(seq.Items[i], text);
                    }
                    text.Append(']');
                    break;
                case Map map:
                    text.Append('{');
                    for (var i = 0; i < map.Entries.Count; i++)
                    {
                        if (i > 0) text.Append(", ");
                        var key = map.Entries[i].Key;
                        if (key == "<<" || IsPlainSafe(key)) text.Append(key);
                        else Quote(key, text);
                        text.Append(": ");
                        Write(map.Entries[i].Value, text);
                    }
                    text.Append('}');
                    break;
            }
        }

        private static bool IsPlainSafe(string text) =>
            text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '$' or '{' or '}' or ':')
            && !text.Contains(": ", StringComparison.Ordinal) && !text.EndsWith(':') && text[0] is not ('{' or '}' or '-' or ':')
            && !text.Contains('{') && !text.Contains('}');

        private static void Quote(string value, StringBuilder text)
        {
            text.Append('"');
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }
            text.Append('"');
        }
    }
}
