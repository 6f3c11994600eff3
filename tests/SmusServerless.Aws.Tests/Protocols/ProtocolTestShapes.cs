using System.Text.Json.Serialization;
using SmusServerless.Aws.Protocols;

namespace SmusServerless.Aws.Tests.Protocols;

// Records mirroring the protocol-test shapes (aws-models/protocol-tests), built with the same conventions as
// the generated clients: explicit JSON names, null members omitted, the same timestamp converters.

public sealed record EmptyShape;

public sealed record GreetingStruct
{
    [JsonPropertyName("hi")] public string? Hi { get; init; }
}

public sealed record RenamedGreeting
{
    [JsonPropertyName("salutation")] public string? Salutation { get; init; }
}

public sealed record MyUnion
{
    [JsonPropertyName("stringValue")] public string? StringValue { get; init; }
    [JsonPropertyName("booleanValue")] public bool? BooleanValue { get; init; }
    [JsonPropertyName("numberValue")] public int? NumberValue { get; init; }
    [JsonPropertyName("timestampValue")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? TimestampValue { get; init; }
    [JsonPropertyName("enumValue")] public string? EnumValue { get; init; }
    [JsonPropertyName("listValue")] public IReadOnlyList<string>? ListValue { get; init; }
    [JsonPropertyName("mapValue")] public IReadOnlyDictionary<string, string>? MapValue { get; init; }
    [JsonPropertyName("structureValue")] public GreetingStruct? StructureValue { get; init; }
    [JsonPropertyName("renamedStructureValue")] public RenamedGreeting? RenamedStructureValue { get; init; }
}

public sealed record UnionInputOutput
{
    [JsonPropertyName("contents")] public MyUnion? Contents { get; init; }
}

public sealed record SimpleStruct
{
    [JsonPropertyName("Value")] public string? Value { get; init; }
}

public sealed record KitchenSink
{
    [JsonPropertyName("String")] public string? String { get; init; }
    [JsonPropertyName("Integer")] public int? Integer { get; init; }
    [JsonPropertyName("Long")] public long? Long { get; init; }
    [JsonPropertyName("Boolean")] public bool? Boolean { get; init; }
    [JsonPropertyName("Timestamp")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? Timestamp { get; init; }
    [JsonPropertyName("Iso8601Timestamp")] [JsonConverter(typeof(Iso8601TimestampConverter))] public DateTimeOffset? Iso8601Timestamp { get; init; }
    [JsonPropertyName("UnixTimestamp")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? UnixTimestamp { get; init; }
    [JsonPropertyName("ListOfStrings")] public IReadOnlyList<string>? ListOfStrings { get; init; }
    [JsonPropertyName("ListOfMapsOfStrings")] public IReadOnlyList<IReadOnlyDictionary<string, string>>? ListOfMapsOfStrings { get; init; }
    [JsonPropertyName("ListOfLists")] public IReadOnlyList<IReadOnlyList<string>>? ListOfLists { get; init; }
    [JsonPropertyName("MapOfMaps")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? MapOfMaps { get; init; }
    [JsonPropertyName("ListOfStructs")] public IReadOnlyList<SimpleStruct>? ListOfStructs { get; init; }
    [JsonPropertyName("MapOfStrings")] public IReadOnlyDictionary<string, string>? MapOfStrings { get; init; }
    [JsonPropertyName("MapOfListsOfStrings")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MapOfListsOfStrings { get; init; }
    [JsonPropertyName("MapOfStructs")] public IReadOnlyDictionary<string, SimpleStruct>? MapOfStructs { get; init; }
    [JsonPropertyName("SimpleStruct")] public SimpleStruct? SimpleStruct { get; init; }
    [JsonPropertyName("StructWithJsonName")] public SimpleStruct? StructWithJsonName { get; init; }
    [JsonPropertyName("EmptyStruct")] public EmptyShape? EmptyStruct { get; init; }
    [JsonPropertyName("RecursiveList")] public IReadOnlyList<KitchenSink>? RecursiveList { get; init; }
    [JsonPropertyName("RecursiveMap")] public IReadOnlyDictionary<string, KitchenSink>? RecursiveMap { get; init; }
    [JsonPropertyName("RecursiveStruct")] public KitchenSink? RecursiveStruct { get; init; }
}

public sealed record NullOperationShape
{
    [JsonPropertyName("string")] public string? String { get; init; }
}

public sealed record SimpleScalarPropertiesShape
{
    [JsonIgnore] public string? Foo { get; init; }
    [JsonPropertyName("stringValue")] public string? StringValue { get; init; }
    [JsonPropertyName("trueBooleanValue")] public bool? TrueBooleanValue { get; init; }
    [JsonPropertyName("falseBooleanValue")] public bool? FalseBooleanValue { get; init; }
    [JsonPropertyName("integerValue")] public int? IntegerValue { get; init; }
    [JsonPropertyName("longValue")] public long? LongValue { get; init; }
}

public sealed record OptionalInputOutput
{
    [JsonPropertyName("Value")] public string? Value { get; init; }
}

public sealed record DatetimeShape
{
    [JsonPropertyName("datetime")] [JsonConverter(typeof(Iso8601TimestampConverter))] public DateTimeOffset? Datetime { get; init; }
}

public sealed record JsonTimestampsShape
{
    [JsonPropertyName("normal")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? Normal { get; init; }
    [JsonPropertyName("dateTime")] [JsonConverter(typeof(Iso8601TimestampConverter))] public DateTimeOffset? DateTime { get; init; }
    [JsonPropertyName("dateTimeOnTarget")] [JsonConverter(typeof(Iso8601TimestampConverter))] public DateTimeOffset? DateTimeOnTarget { get; init; }
    [JsonPropertyName("epochSeconds")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? EpochSeconds { get; init; }
    [JsonPropertyName("epochSecondsOnTarget")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? EpochSecondsOnTarget { get; init; }
}

public sealed record JsonMapsShape
{
    [JsonPropertyName("denseStructMap")] public IReadOnlyDictionary<string, GreetingStruct>? DenseStructMap { get; init; }
    [JsonPropertyName("denseNumberMap")] public IReadOnlyDictionary<string, int>? DenseNumberMap { get; init; }
    [JsonPropertyName("denseBooleanMap")] public IReadOnlyDictionary<string, bool>? DenseBooleanMap { get; init; }
    [JsonPropertyName("denseStringMap")] public IReadOnlyDictionary<string, string>? DenseStringMap { get; init; }
    [JsonPropertyName("denseSetMap")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? DenseSetMap { get; init; }
}

public sealed record JsonListsShape
{
    [JsonPropertyName("stringList")] public IReadOnlyList<string>? StringList { get; init; }
}

public sealed record ConstantAndVariableQueryStringInput
{
    [JsonIgnore] public string? Baz { get; init; }
    [JsonIgnore] public string? MaybeSet { get; init; }
}

public sealed record HttpRequestWithLabelsInput
{
    [JsonIgnore] public string? String { get; init; }
    [JsonIgnore] public int? Short { get; init; }
    [JsonIgnore] public int? Integer { get; init; }
    [JsonIgnore] public long? Long { get; init; }
    [JsonIgnore] public double? Float { get; init; }
    [JsonIgnore] public double? Double { get; init; }
    [JsonIgnore] public bool? Boolean { get; init; }
    [JsonIgnore] public DateTimeOffset? Timestamp { get; init; }
}

public sealed record OmitsNullSerializesEmptyStringInput
{
    [JsonIgnore] public string? NullValue { get; init; }
    [JsonIgnore] public string? EmptyString { get; init; }
}

public sealed record QueryIdempotencyTokenAutoFillInput
{
    [JsonIgnore] public string? Token { get; init; }
}

public sealed record TestConfig
{
    [JsonPropertyName("timeout")] public int? Timeout { get; init; }
}

public sealed record TestBodyStructureInput
{
    [JsonIgnore] public string? TestId { get; init; }
    [JsonPropertyName("testConfig")] public TestConfig? TestConfig { get; init; }
}

public sealed record TestNoPayloadInput
{
    [JsonIgnore] public string? TestId { get; init; }
}

public sealed record RecursiveShapesNested1
{
    [JsonPropertyName("foo")] public string? Foo { get; init; }
    [JsonPropertyName("nested")] public RecursiveShapesNested2? Nested { get; init; }
}

public sealed record RecursiveShapesNested2
{
    [JsonPropertyName("bar")] public string? Bar { get; init; }
    [JsonPropertyName("recursiveMember")] public RecursiveShapesNested1? RecursiveMember { get; init; }
}

public sealed record RecursiveShapesShape
{
    [JsonPropertyName("nested")] public RecursiveShapesNested1? Nested { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmptyShape))]
[JsonSerializable(typeof(UnionInputOutput))]
[JsonSerializable(typeof(KitchenSink))]
[JsonSerializable(typeof(NullOperationShape))]
[JsonSerializable(typeof(OptionalInputOutput))]
[JsonSerializable(typeof(SimpleScalarPropertiesShape))]
[JsonSerializable(typeof(DatetimeShape))]
[JsonSerializable(typeof(JsonTimestampsShape))]
[JsonSerializable(typeof(JsonMapsShape))]
[JsonSerializable(typeof(JsonListsShape))]
[JsonSerializable(typeof(ConstantAndVariableQueryStringInput))]
[JsonSerializable(typeof(HttpRequestWithLabelsInput))]
[JsonSerializable(typeof(OmitsNullSerializesEmptyStringInput))]
[JsonSerializable(typeof(QueryIdempotencyTokenAutoFillInput))]
[JsonSerializable(typeof(TestBodyStructureInput))]
[JsonSerializable(typeof(TestNoPayloadInput))]
[JsonSerializable(typeof(RecursiveShapesShape))]
public sealed partial class ProtocolTestJsonContext : JsonSerializerContext;
