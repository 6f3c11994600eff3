namespace SmusServerless.Core.Pipeline;

/// <summary>
/// What a polling step (provision, subscribe, deploy) tells the state machine: READY to go on, or WAIT so many
/// seconds in a Wait state and call again. Waiting happens in the state machine, never inside a Lambda.
/// </summary>
public sealed record StepProgress(string Status, int Attempt, int WaitSeconds)
{
    public const string ReadyStatus = "READY";
    public const string WaitStatus = "WAIT";

    public bool IsReady => Status == ReadyStatus;

    public static StepProgress Ready(int attempt) => new(ReadyStatus, attempt, 0);
}

/// <summary>
/// Bounded exponential backoff for a polling step: how long the next Wait lasts, and when to give up with a named
/// error. Bounding keeps an execution far below the 25,000-event history limit.
/// </summary>
public sealed record WaitPolicy(int InitialSeconds, int MaxSeconds, int MaxAttempts)
{
    public static WaitPolicy Provisioning { get; } = new(10, 120, 120);
    public static WaitPolicy Subscription { get; } = new(15, 300, 100);
    public static WaitPolicy TargetLock { get; } = new(15, 120, 120);

    /// <summary>The progress after attempt <paramref name="attempt"/> found the work not done yet.</summary>
    public StepProgress Wait(int attempt, string errorWhenExhausted, string whatIsPending)
    {
        var next = attempt + 1;
        if (next > MaxAttempts)
            throw new PipelineFailure(errorWhenExhausted,
                $"{whatIsPending} was still pending after {MaxAttempts} checks; giving up.");
        var seconds = (long)InitialSeconds << Math.Min(attempt, 20);
        return new StepProgress(StepProgress.WaitStatus, next, (int)Math.Min(seconds, MaxSeconds));
    }
}
