using System.Collections.Concurrent;

namespace SmusServerless.Local.Pipeline;

/// <summary>One in-process Lambda invocation: the handler, whether it failed, and how long it ran in real time.</summary>
/// <remarks>The duration is measured, not simulated: it is for benchmarks (GB-seconds per run), never for assertions.</remarks>
public sealed record FunctionInvocation(string Handler, bool Failed, TimeSpan Duration);

public sealed partial class LocalPipelineRun
{
    private readonly ConcurrentQueue<FunctionInvocation> _invocations = new();

    /// <summary>Every Lambda invocation this local stack made (the start handler included), in the order they ended.</summary>
    public IReadOnlyList<FunctionInvocation> Invocations => [.. _invocations];
}
