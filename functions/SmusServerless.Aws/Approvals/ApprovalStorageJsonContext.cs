using System.Text.Json.Serialization;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Aws.Approvals;

/// <summary>
/// Source-generated JSON (Native AOT) of what the gate stores in S3. Computed members (<c>ApprovalId</c>,
/// <c>Status</c>) are left out; the encrypted task token is written as base64 ciphertext, the only form it is kept in.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(ApprovalRecord))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class ApprovalStorageJsonContext : JsonSerializerContext;
