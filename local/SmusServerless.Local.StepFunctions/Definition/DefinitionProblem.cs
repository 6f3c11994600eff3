namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Invalid: the definition breaks the States Language. Unsupported: valid ASL that this engine does not run.</summary>
public enum DefinitionProblemKind
{
    Invalid,
    Unsupported,
}

/// <summary>One problem, located by a JSON pointer into the definition (e.g. <c>/States/Approve/Next</c>).</summary>
public sealed record DefinitionProblem(DefinitionProblemKind Kind, string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}{(Kind == DefinitionProblemKind.Unsupported ? " (not supported by the local engine)" : "")}";
}

/// <summary>The definition cannot run; <see cref="Problems"/> lists every problem found.</summary>
public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : Exception("Invalid state machine definition:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}
