using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints.Signing;
using SmusServerless.Local.Endpoints.StepFunctions;
using SmusServerless.Local.Events;

namespace SmusServerless.Local.Endpoints;

/// <summary>How to start the local AWS endpoints.</summary>
public sealed record LocalAwsHostOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where DataZone state (<c>datazone.json</c>) and the event log (<c>events.jsonl</c>) live; null keeps them in memory.</summary>
    public string? StateDirectory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A directory holding <c>&lt;service&gt;/service-2.json</c> models to use instead of the embedded ones; null (the default) uses the embedded ones.</summary>
    public string? ModelsDirectory { get; init; }

    public LocalAwsCredentials Credentials { get; init; } = LocalAwsCredentials.Default;

    /// <summary>DataZone behaviour (timings, owner and grant policies, faults); its StateDirectory/TimeProvider/ModelsDirectory are taken from here.</summary>
    public DataZoneSimulatorOptions DataZone { get; init; } = new();

    /// <summary>Applied at start; domains already in the state are kept as they are.</summary>
    public DataZoneSeed? Seed { get; init; }

    /// <summary>The engine behind the Step Functions endpoint; without one its calls answer ServiceUnavailable.</summary>
    public IStepFunctionsBackend? StepFunctions { get; init; }

    /// <summary>Rules of the local EventBridge (more can be added later through <see cref="LocalAwsHost.Events"/>).</summary>
    public IReadOnlyList<EventRule> EventRules { get; init; } = [];

    /// <summary>
    /// How far a request's X-Amz-Date may be from the wall clock (AWS: 5 minutes); null, the default, does not check it.
    /// Signatures are always verified against <see cref="Credentials"/> (<see cref="RequestSignatures"/>).
    /// </summary>
    public TimeSpan? AllowedClockSkew { get; init; }

    /// <summary>What CloudFormation DescribeStacks answers (the local pipeline's stack outputs); null: no stack exists.</summary>
    public CloudFormation.LocalStackDescription? Stack { get; init; }
}
