using System.Text.Json;

namespace SmusServerless.Cli.Tests.SmusCli;

/// <summary>A folder laid out as smus-cli's examples are: manifest.yaml (application format), src/, workflows/, app_tests/.</summary>
internal static class AppProject
{
    public const string Manifest = """
        applicationName: SalesApp
        content:
          storage:
            - name: code
              include: ['src']
              exclude: ['*.pyc']
          catalog:
            assets:
              - selector:
                  search:
                    assetType: GlueTable
                    identifier: sales_db.orders
                permission: READ
          workflows:
            - workflowName: etl
              connectionName: default.workflow_serverless
              parameters:
                retries: 3
        tests:
          folder: app_tests
        stages:
          dev:
            stage: DEV
            domain:
              name: sales-domain
              region: us-east-1
            project:
              name: dev-sales
            deployment_configuration:
              storage:
                - name: code
                  connectionName: default.s3_shared
                  targetDirectory: src
          test:
            stage: TEST
            domain:
              name: sales-domain
              region: us-east-1
            project:
              name: test-sales
              create: true
            bootstrap:
              actions:
                - type: workflow.run
                  workflowName: etl
                  wait: true

        """;

    public static string Write(string directory, string manifest = Manifest)
    {
        Directory.CreateDirectory(Path.Combine(directory, "src"));
        Directory.CreateDirectory(Path.Combine(directory, "app_tests"));
        File.WriteAllText(Path.Combine(directory, "manifest.yaml"), manifest);
        File.WriteAllText(Path.Combine(directory, "src", "main.py"), "print('sales')\n");
        File.WriteAllText(Path.Combine(directory, "app_tests", "test_sales.py"), "def test_sales():\n    assert True\n");
        return directory;
    }

    /// <summary>The one document <c>-o JSON</c> printed (indented, so stdout as a whole).</summary>
    public static JsonElement SingleDocument(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();
}
