using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.Logging;

/// <summary>
/// Writes arbitrary values into a JSON log document without reflection (Native AOT): primitives as JSON
/// numbers/booleans, key/value collections as objects, sequences as arrays, anything else as its redacted text.
/// </summary>
internal static class StructuredValueWriter
{
    private const int MaxDepth = 8;

    /// <summary>Relaxed escaping keeps lines readable (<c>+</c>, <c>&lt;</c>, non-ASCII); log lines are never HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteProperty(Utf8JsonWriter writer, string key, object? value, SecretRedactor redactor, int depth = 0)
    {
        writer.WritePropertyName(key);
        if (redactor.IsSensitiveKey(key) && value is not null)
        {
            writer.WriteStringValue(SecretRedactor.Mask);
            return;
        }

        WriteValue(writer, value, redactor, depth);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, SecretRedactor redactor, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(redactor.Redact(text));
                break;
            case LogIdentifier identifier:
                writer.WriteStringValue(LogIdentifier.IsReadable(identifier.Value) ? identifier.Value : redactor.Redact(identifier.Value));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong large:
                writer.WriteNumberValue(large);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case double or float:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTime moment:
                writer.WriteStringValue(moment.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Guid id:
                writer.WriteStringValue(id);
                break;
            case Enum named:
                writer.WriteStringValue(named.ToString());
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    WriteProperty(writer, key, item, redactor, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> pairs when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    WriteProperty(writer, key, item, redactor, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, redactor, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(redactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                break;
        }
    }
}
