namespace SmusServerless.Cli.Tests;

/// <summary>
/// A small pipeline project on disk: pipeline.yaml, source, tests and DAGs, plus the clutter a bundle must leave out
/// (<c>__pycache__</c>, <c>*.pyc</c>, <c>.ipynb_checkpoints</c>).
/// </summary>
internal static class SampleProject
{
    public const string Manifest = """
        pipelineName: Sample
        bundle:
          storage:
            - connectionName: default.s3_shared
              include: ['src', 'tests']
              exclude: ['__pycache__/', '*.pyc', '.ipynb_checkpoints/']
          workflow:
            - connectionName: default.s3_shared
              include: ['workflows']
              exclude: ['__pycache__/', '*.pyc']
        targets:
          dev:
            stage: DEV
            default: true
            domain:
              name: sample-domain
              region: '${SAMPLE_REGION:us-east-1}'
            project:
              name: dev-sample
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: src
              workflows:
                connectionName: default.s3_shared
                directory: workflows
            tests:
              folder: ./tests
          prod:
            stage: PROD
            domain:
              name: sample-domain
              region: eu-west-1
            project:
              name: prod-sample
              create: true
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: src
              workflows:
                connectionName: default.s3_shared
                directory: workflows

        """;

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["src/app/main.py"] = "print('hello')\n",
        ["src/app/__pycache__/main.cpython-312.pyc"] = "compiled",
        ["src/stray.pyc"] = "compiled",
        ["src/notebooks/analysis.ipynb"] = "{\"cells\": [], \"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}\n",
        ["src/notebooks/.ipynb_checkpoints/analysis-checkpoint.ipynb"] = "{}",
        ["tests/test_main.py"] = "def test_main():\n    assert True\n",
        ["workflows/dags/daily.py"] = "# a DAG\n",
        ["workflows/dags/__pycache__/daily.cpython-312.pyc"] = "compiled",
    };

    /// <summary>The entries a bundle of this project holds besides bundle.json.</summary>
    public static readonly IReadOnlyList<string> BundledFiles =
    [
        "pipeline.yaml",
        "storage/src/app/main.py",
        "storage/src/notebooks/analysis.ipynb",
        "storage/tests/test_main.py",
        "workflows/dags/daily.py",
    ];

    /// <summary>Writes the project into <paramref name="directory"/> (with <paramref name="manifest"/> as pipeline.yaml).</summary>
    public static string Write(string directory, string manifest = Manifest)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pipeline.yaml"), manifest);
        foreach (var (path, content) in Files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        return directory;
    }
}
