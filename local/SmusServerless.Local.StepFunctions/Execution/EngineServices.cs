using SmusServerless.Local.StepFunctions.Intrinsics;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>What the runner takes from the engine around it; the same for every execution.</summary>
/// <param name="LoadExecution">Reads another execution (a states:startExecution.sync child) by ARN.</param>
/// <param name="IndexToken">Records which execution a task token hash belongs to, so a callback finds it.</param>
internal sealed record EngineServices(
    TaskResourceRegistry Registry,
    TimeProvider Clock,
    IntrinsicEnvironment Intrinsics,
    ITaskHost Host,
    Func<string, ExecutionRecord?> LoadExecution,
    Action<string, string> IndexToken);
