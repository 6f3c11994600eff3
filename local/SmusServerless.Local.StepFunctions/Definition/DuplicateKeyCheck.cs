using System.Text.Json;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>JsonNode keeps the last duplicate silently; the States Language forbids duplicates, so the raw text is read once.</summary>
internal static class DuplicateKeyCheck
{
    public static void Check(string json, DefinitionFields fields)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        var stack = new Stack<(HashSet<string>? Keys, string Path)>();
        var pendingName = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    stack.Push((new HashSet<string>(StringComparer.Ordinal), stack.Count == 0 ? "" : $"{stack.Peek().Path}/{pendingName}"));
                    break;
                case JsonTokenType.StartArray:
                    stack.Push((null, stack.Count == 0 ? "" : $"{stack.Peek().Path}/{pendingName}"));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    pendingName = reader.GetString()!;
                    var (keys, path) = stack.Peek();
                    if (keys is not null && !keys.Add(pendingName))
                    {
                        fields.Invalid($"{path}/{pendingName}", $"the field '{pendingName}' appears twice in the same object");
                    }
                    break;
            }
        }
    }
}
