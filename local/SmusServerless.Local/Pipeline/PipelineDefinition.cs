namespace SmusServerless.Local.Pipeline;

/// <summary>
/// The SAM app's state machine definition (statemachines/deployment-pipeline.asl.json), embedded in this assembly at
/// build time: an offline run executes exactly the file the template deploys, wherever the tool is installed.
/// </summary>
public static class PipelineDefinition
{
    public const string ResourceName = "statemachines/deployment-pipeline.asl.json";

    private static readonly Lazy<string> Text = new(ReadEmbedded);

    /// <summary>The definition, with its <c>${...}</c> DefinitionSubstitutions placeholders still in it.</summary>
    public static string Embedded => Text.Value;

    private static string ReadEmbedded()
    {
        using var stream = typeof(PipelineDefinition).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"No embedded '{ResourceName}' in {typeof(PipelineDefinition).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
