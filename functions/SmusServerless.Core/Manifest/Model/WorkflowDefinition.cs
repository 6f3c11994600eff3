namespace SmusServerless.Core.Manifest;

public enum WorkflowEngine
{
    /// <summary><c>MWAA</c> (the default).</summary>
    Mwaa,

    /// <summary><c>airflow-serverless</c>.</summary>
    AirflowServerless,
}

public enum WorkflowLogging
{
    Console,
    File,
    None,
}

public enum ManifestScalarKind
{
    String,
    Integer,
    Float,
    Boolean,
}

/// <summary>A string, number or boolean value as written (numbers and booleans keep their source text).</summary>
public sealed record ManifestScalar(string Text, ManifestScalarKind Kind)
{
    public override string ToString() => Text;
}

/// <summary>A top-level <c>workflows[]</c> item: a workflow to create or trigger after deployment.</summary>
public sealed record WorkflowDefinition(
    string WorkflowName,
    string? ConnectionName,
    WorkflowEngine Engine,
    IReadOnlyDictionary<string, ManifestScalar> Parameters,
    WorkflowLogging Logging);
