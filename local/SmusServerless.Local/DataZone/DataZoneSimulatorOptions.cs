namespace SmusServerless.Local.DataZone;

/// <summary>How the simulated DataZone behaves. Durations are virtual-clock time (see <see cref="TimeProvider"/>).</summary>
public sealed record DataZoneSimulatorOptions
{
    /// <summary>Directory holding <c>datazone.json</c>; null keeps the state in memory.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>A directory holding <c>datazone/service-2.json</c> to use instead of the embedded model; null (the default) uses the embedded one.</summary>
    public string? ModelsDirectory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string AccountId { get; init; } = Pipeline.LocalSession.AccountId;

    public string Region { get; init; } = "us-east-1";

    /// <summary>The user profile id every call is made as (the <c>createdBy</c> of what it creates).</summary>
    public string CallerUserId { get; init; } = "0a1b2c3d4e-11111111-2222-4333-8444-555555555555";

    public DataZoneTimings Timings { get; init; } = new();

    /// <summary>What the simulated owner of a listing does with subscription requests, unless the listing says otherwise.</summary>
    public SubscriptionOwnerPolicy OwnerPolicy { get; init; } = new(OwnerDecisionMode.AutoAccept, TimeSpan.FromSeconds(10), null);

    /// <summary>How grants end, unless the listing says otherwise.</summary>
    public GrantPolicy GrantPolicy { get; init; } = new(GrantOutcome.Complete, null);

    /// <summary>Names of environments (or environment configurations) whose deployment fails.</summary>
    public IReadOnlySet<string> FailingEnvironmentNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public FaultInjectionOptions Faults { get; init; } = new();

    /// <summary>Check every response against the output shape and fail loudly when the simulator breaks it.</summary>
    public bool ValidateResponses { get; init; } = true;

    /// <summary>Template of the S3 URI of a project's <c>default.s3_shared</c> connection.</summary>
    public string ProjectS3UriTemplate { get; init; } = "s3://amazon-sagemaker-{account}-{region}-{domainSuffix}/{domainId}/{projectId}/shared/";
}

/// <summary>How long the service's asynchronous work takes.</summary>
public sealed record DataZoneTimings
{
    public TimeSpan DomainCreation { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan EnvironmentDeployment { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan GrantStart { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan GrantDuration { get; init; } = TimeSpan.FromSeconds(20);
}

public enum OwnerDecisionMode
{
    /// <summary>The owner accepts after <see cref="SubscriptionOwnerPolicy.DecisionDelay"/>.</summary>
    AutoAccept,

    /// <summary>The owner rejects after <see cref="SubscriptionOwnerPolicy.DecisionDelay"/> with the reason given.</summary>
    AutoReject,

    /// <summary>The request stays PENDING until <see cref="DataZoneSimulator.DecideSubscriptionRequestAsync"/> or an Accept/Reject call.</summary>
    Manual,
}

public sealed record SubscriptionOwnerPolicy(OwnerDecisionMode Mode, TimeSpan DecisionDelay, string? RejectReason);

public enum GrantOutcome
{
    Complete,
    Fail,
}

public sealed record GrantPolicy(GrantOutcome Outcome, string? FailureMessage);

/// <summary>Faults injected before a request is handled; ratios are drawn from a random sequence fixed by <see cref="Seed"/>.</summary>
public sealed record FaultInjectionOptions
{
    public double ThrottlingRatio { get; init; }

    public double ServerErrorRatio { get; init; }

    /// <summary>Added to every call, on the simulator's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Latency { get; init; }

    public int Seed { get; init; } = 1;
}
