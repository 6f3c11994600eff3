using System.Text.RegularExpressions;
using SmusServerless.Aws.Protocols;

namespace SmusServerless.Aws.Endpoints;

/// <summary>An AWS partition as partitions.json describes it (only what endpoint resolution needs).</summary>
public sealed record AwsPartition(string Name, string RegionRegex, string DnsSuffix, string DualStackDnsSuffix, bool SupportsDualStack)
{
    /// <summary>Copied from aws-models/partitions.json (a test keeps this table equal to the file).</summary>
    public static IReadOnlyList<AwsPartition> All { get; } =
    [
        new("aws", @"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", "amazonaws.com", "api.aws", true),
        new("aws-cn", @"^cn\-\w+\-\d+$", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true),
        new("aws-eusc", @"^eusc\-(de)\-\w+\-\d+$", "amazonaws.eu", "api.amazonwebservices.eu", true),
        new("aws-iso", @"^us\-iso\-\w+\-\d+$", "c2s.ic.gov", "api.aws.ic.gov", true),
        new("aws-iso-b", @"^us\-isob\-\w+\-\d+$", "sc2s.sgov.gov", "api.aws.scloud", true),
        new("aws-iso-e", @"^eu\-isoe\-\w+\-\d+$", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", true),
        new("aws-iso-f", @"^us\-isof\-\w+\-\d+$", "csp.hci.ic.gov", "api.aws.hci.ic.gov", true),
        new("aws-us-gov", @"^us\-gov\-\w+\-\d+$", "amazonaws.com", "api.aws", true),
    ];

    /// <summary>The partition whose regex matches; like the rules engine, an unknown region falls back to "aws".</summary>
    public static AwsPartition For(string region)
        => All.Skip(1).FirstOrDefault(p => Regex.IsMatch(region, p.RegionRegex)) ?? All[0];
}

/// <summary>Inputs of endpoint resolution (the rule sets' parameters).</summary>
public sealed record EndpointParameters(string? Region, bool UseFips = false, bool UseDualStack = false, Uri? Endpoint = null, string? EndpointId = null);

/// <summary>The configuration asks for something the rules refuse (e.g. FIPS with a custom endpoint).</summary>
public sealed class EndpointConfigurationException(string message) : Exception(message);

/// <summary>The rules would give an endpoint this client deliberately does not support (FIPS, dual-stack).</summary>
public sealed class EndpointNotSupportedException(string message) : Exception(message);

/// <summary>
/// Resolves the HTTPS endpoint of a service per region and partition, following the services'
/// endpoint-rule-set-1.json for standard endpoints and custom endpoint overrides. FIPS and dual-stack
/// variants are refused with a clear error: the pipeline does not use them (set a ServiceUrl instead).
/// </summary>
public static class AwsEndpointResolver
{
    public static Uri Resolve(AwsServiceMetadata service, EndpointParameters parameters)
    {
        if (parameters.EndpointId is { } endpointId)
        {
            if (parameters.UseFips)
                throw new EndpointConfigurationException("Invalid Configuration: FIPS is not supported with EventBridge multi-region endpoints.");
            if (!Regex.IsMatch(endpointId, @"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"))
                throw new EndpointConfigurationException("EndpointId must be a valid host label.");
            throw new EndpointNotSupportedException("EventBridge global endpoints (EndpointId) are signed with SigV4a, which this client does not implement.");
        }
        if (parameters.Endpoint is { } custom)
        {
            if (parameters.UseFips)
                throw new EndpointConfigurationException("Invalid Configuration: FIPS and custom endpoint are not supported");
            if (parameters.UseDualStack)
                throw new EndpointConfigurationException("Invalid Configuration: Dualstack and custom endpoint are not supported");
            return custom;
        }
        if (string.IsNullOrEmpty(parameters.Region))
            throw new EndpointConfigurationException("Invalid Configuration: Missing Region");
        if (parameters.UseFips)
            throw new EndpointNotSupportedException($"FIPS endpoints of {service.ServiceId} are not supported by this client; set an explicit service URL instead.");
        if (parameters.UseDualStack)
            throw new EndpointNotSupportedException($"Dual-stack endpoints of {service.ServiceId} are not supported by this client; set an explicit service URL instead.");
        if (!Regex.IsMatch(parameters.Region, @"^[a-z0-9][a-z0-9-]{0,62}$"))
            throw new EndpointConfigurationException($"Invalid Configuration: '{parameters.Region}' is not a valid region name.");
        var partition = AwsPartition.For(parameters.Region);
        // DataZone's standard endpoint already lives on the dual-stack domain (datazone.{region}.api.aws).
        var suffix = DualStackByDefault(service) && partition.SupportsDualStack ? partition.DualStackDnsSuffix : partition.DnsSuffix;
        return new Uri($"https://{service.EndpointPrefix}.{parameters.Region}.{suffix}");
    }

    private static bool DualStackByDefault(AwsServiceMetadata service) => service.EndpointPrefix == "datazone";
}
