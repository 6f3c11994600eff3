namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>
/// Finds the shared AWS service models (<c>aws-models/</c>), which sit beside the repository as <c>../shared/aws-models</c>.
/// An explicit directory, or the <c>SMUS_AWS_MODELS_DIR</c> environment variable, wins over the search.
/// </summary>
public static class ServiceModelLocator
{
    public const string EnvironmentVariable = "SMUS_AWS_MODELS_DIR";

    public static string FindModelsDirectory(string? overrideDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            return Directory.Exists(overrideDirectory)
                ? Path.GetFullPath(overrideDirectory)
                : throw new DirectoryNotFoundException($"AWS models directory not found: {overrideDirectory}");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} points to a missing directory: {fromEnvironment}");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "aws-models");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Could not find 'shared/aws-models' above {AppContext.BaseDirectory}; set {EnvironmentVariable} or pass the directory explicitly.");
    }

    public static string ModelPath(string service, string? overrideDirectory = null) =>
        Path.Combine(FindModelsDirectory(overrideDirectory), service, "service-2.json");
}
