using SmusServerless.Core.Bundle;

namespace SmusServerless.Testing;

/// <summary>The sample pipeline the step and use-case tests deploy: dev, then a gated prod, storage and workflows.</summary>
public static class SampleManifests
{
    /// <summary>What the sample bundles: its storage and workflow folders.</summary>
    public static readonly IReadOnlyList<BundleContentRule> Rules =
    [
        new(BundleArea.Storage, ["src"], []),
        new(BundleArea.Workflows, ["workflows"], []),
    ];

    public static string Demo(bool createProd = false, string profile = "All capabilities") => $$"""
        pipelineName: demo
        bundle:
          storage:
            - connectionName: default.s3_shared
              include: ['src']
          workflow:
            - connectionName: default.s3_shared
              include: ['workflows']
        targets:
          dev:
            stage: DEV
            domain: {name: corp, region: us-east-1}
            project: {name: dev-demo, create: false}
            bundle_target_configuration:
              storage: {connectionName: default.s3_shared, directory: src}
              workflows: {connectionName: default.s3_shared, directory: workflows}
          prod:
            stage: PROD
            domain: {name: corp, region: us-east-1}
            project: {name: prod-demo, create: {{(createProd ? "true" : "false")}}}
            initialization:
              project:
                create: {{(createProd ? "true" : "false")}}
                profileName: '{{profile}}'
            bundle_target_configuration:
              storage: {connectionName: default.s3_shared, directory: src}
              workflows: {connectionName: default.s3_shared, directory: workflows}
        """;
}
