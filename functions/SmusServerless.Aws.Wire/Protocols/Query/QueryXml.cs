using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace SmusServerless.Aws.Protocols.Query;

/// <summary>
/// The awsQuery response body: <c>&lt;OpResponse&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;&lt;ResponseMetadata/&gt;&lt;/OpResponse&gt;</c>,
/// elements named by the model (list items <c>member</c>, map entries <c>entry</c>/<c>key</c>/<c>value</c>, unless
/// renamed or flattened). Read into JSON the generated records deserialise (AOT-safe); namespaces are ignored, as the
/// SDKs ignore them. Written the same way by the local endpoints.
/// </summary>
public static class QueryXml
{
    public const string ContentType = "text/xml";

    private static readonly XmlReaderSettings Safe = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>The result of <paramref name="operation"/> as a JSON object of its output shape (empty when it has none).</summary>
    public static JsonObject ReadResponse(string operation, QueryShape? shape, ReadOnlySpan<byte> body)
    {
        if (shape is null || body.IsEmpty || body.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            return [];
        var root = Load(body).Root ?? throw new FormatException("the response has no XML root element");
        var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result") ?? root;
        return ReadStructure(result, shape);
    }

    internal static XDocument Load(ReadOnlySpan<byte> body)
    {
        using var reader = XmlReader.Create(new MemoryStream(body.ToArray()), Safe);
        return XDocument.Load(reader);
    }

    private static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    private static JsonObject ReadStructure(XElement element, QueryShape shape)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            var flattened = member.Shape.Kind is QueryShapeKind.List or QueryShapeKind.Map && QueryShape.IsFlattened(member);
            if (flattened)
            {
                var elements = Children(element, member.WireName).ToList();
                if (elements.Count > 0)
                    result[member.Name] = member.Shape.Kind == QueryShapeKind.List ? ReadItems(elements, member.Shape) : ReadEntries(elements, member.Shape);
                continue;
            }
            if (Children(element, member.WireName).FirstOrDefault() is { } child)
                result[member.Name] = ReadValue(child, member);
        }
        return result;
    }

    private static JsonNode? ReadValue(XElement element, QueryMember member) => member.Shape.Kind switch
    {
        QueryShapeKind.Structure => ReadStructure(element, member.Shape),
        QueryShapeKind.List => ReadItems(element.Elements(), member.Shape),
        QueryShapeKind.Map => ReadEntries(Children(element, "entry"), member.Shape),
        _ => QueryScalars.ToJson(member, element.Value),
    };

    private static JsonArray ReadItems(IEnumerable<XElement> items, QueryShape list) => [.. items.Select(item => ReadValue(item, list.Item))];

    private static JsonObject ReadEntries(IEnumerable<XElement> entries, QueryShape map)
    {
        var result = new JsonObject();
        foreach (var entry in entries)
        {
            var key = Children(entry, map.Key.WireName).FirstOrDefault()?.Value;
            if (key is null)
                continue;
            result[key] = Children(entry, map.Item.WireName).FirstOrDefault() is { } value ? ReadValue(value, map.Item) : null;
        }
        return result;
    }

    /// <summary>Server side: the response document of <paramref name="operation"/> for <paramref name="output"/> (a JSON object of its output shape).</summary>
    public static byte[] WriteResponse(string operation, string? xmlNamespace, QueryShape? shape, JsonObject? output, string requestId)
    {
        XNamespace ns = xmlNamespace ?? "";
        var response = new XElement(ns + (operation + "Response"));
        if (shape is not null)
        {
            var result = new XElement(ns + (operation + "Result"));
            if (output is not null)
                WriteStructure(result, ns, shape, output);
            response.Add(result);
        }
        response.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
        return Serialize(response);
    }

    /// <summary>Server side: an awsQuery error (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;</c>).</summary>
    public static byte[] WriteError(string code, string message, string requestId, bool senderFault)
        => Serialize(new XElement("ErrorResponse",
            new XElement("Error", new XElement("Type", senderFault ? "Sender" : "Receiver"), new XElement("Code", code), new XElement("Message", message)),
            new XElement("RequestId", requestId)));

    private static byte[] Serialize(XElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
            root.Save(writer);
        return buffer.ToArray();
    }

    private static void WriteStructure(XElement parent, XNamespace ns, QueryShape shape, JsonObject value)
    {
        foreach (var member in shape.Members)
        {
            if (value[member.Name] is not { } node)
                continue;
            if (member.Shape.Kind is QueryShapeKind.List && QueryShape.IsFlattened(member))
            {
                foreach (var item in node.AsArray())
                    if (item is not null) parent.Add(WriteValue(ns, member.WireName, member.Shape.Item, item));
                continue;
            }
            if (member.Shape.Kind is QueryShapeKind.Map && QueryShape.IsFlattened(member))
            {
                foreach (var (key, entry) in node.AsObject())
                    parent.Add(WriteEntry(ns, member.WireName, member.Shape, key, entry));
                continue;
            }
            parent.Add(WriteValue(ns, member.WireName, member, node));
        }
    }

    private static XElement WriteValue(XNamespace ns, string name, QueryMember member, JsonNode value)
    {
        var element = new XElement(ns + name);
        switch (member.Shape.Kind)
        {
            case QueryShapeKind.Structure:
                WriteStructure(element, ns, member.Shape, value.AsObject());
                break;
            case QueryShapeKind.List:
                foreach (var item in value.AsArray())
                    if (item is not null) element.Add(WriteValue(ns, member.Shape.Item.WireName, member.Shape.Item, item));
                break;
            case QueryShapeKind.Map:
                foreach (var (key, entry) in value.AsObject())
                    element.Add(WriteEntry(ns, "entry", member.Shape, key, entry));
                break;
            default:
                var scalar = QueryScalars.Element(value);
                element.Value = member.Shape.Kind switch
                {
                    QueryShapeKind.Timestamp => QueryTimestamps.Format(QueryTimestamps.FromJson(scalar), QueryShape.FormatOf(member)),
                    QueryShapeKind.Boolean => scalar.GetBoolean() ? "true" : "false",
                    _ => scalar.ValueKind == JsonValueKind.String ? scalar.GetString()! : scalar.GetRawText(),
                };
                break;
        }
        return element;
    }

    private static XElement WriteEntry(XNamespace ns, string name, QueryShape map, string key, JsonNode? value)
    {
        var entry = new XElement(ns + name, new XElement(ns + map.Key.WireName, key));
        if (value is not null)
            entry.Add(WriteValue(ns, map.Item.WireName, map.Item, value));
        return entry;
    }
}
