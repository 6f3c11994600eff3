namespace SmusServerless.Core.Tests.Manifest;

/// <summary>Application-format manifests (smus-cli's <c>applicationName</c>/<c>content</c>/<c>stages</c>) for the tests.</summary>
internal static class ApplicationSamples
{
    /// <summary>Every key of smus-cli's application-manifest-schema.yaml, each with a value the schema accepts.</summary>
    public const string EveryKey = """
        applicationName: EveryKeyApp
        content:
          storage:
            - name: code
              include: ['src/', 'workflows/']
              exclude: ['*.pyc']
              append: false
            - name: models
              connectionName: default.s3_shared
              include: ['models/']
              append: true
          git:
            - repository: shared-utils
              url: https://github.com/example/shared-utils.git
              branch: release
              include: ['lib/']
              exclude: ['tests/']
          catalog:
            connectionName: default.domain
            assets:
              - selector:
                  search:
                    assetType: GlueTable
                    identifier: sales_db.orders
                permission: READ
                requestReason: Reports read the orders
              - selector:
                  assetId: asset-123
                permission: WRITE
          quicksight:
            - name: Sales Dashboard
              type: dashboard
              assetBundle: quicksight/sales.qs
              recursive: true
          workflows:
            - workflowName: etl_pipeline
              connectionName: default.workflow_serverless
              parameters:
                retries: 3
                mode: full
                nested: {a: 1}
        bootstrap:
          actions:
            - type: workflow
              workflowName: etl_pipeline
              connectionName: default.workflow_mwaa
              engine: MWAA
              triggerPostDeployment: true
              parameters: {mode: full}
              logging: console
            - type: event
              eventSource: com.example.app
              eventDetailType: Deployed
              eventBusName: default
              detail: {app: every-key}
              resources: ['arn:aws:s3:::bucket']
            - type: cloudformation
              stackName: app-stack
              templatePath: infra/stack.yaml
        tests:
          folder: app_tests/
        monitoring:
          eventbridge:
            enabled: true
            eventBusName: app-events
            includeMetadata: false
        stages:
          dev:
            stage: DEV
            branch: main
            default: true
            domain:
              name: studio-domain
              region: us-east-1
            project:
              name: dev-project
          test:
            stage: TEST
            branch: release_test
            domain:
              tags:
                purpose: smus-cicd
                STAGE: TEST
              region: us-west-2
            project:
              name: test-project
              create: true
              profileName: All capabilities
              owners: ['alice', 'arn:aws:iam::123456789012:role/Admin']
              contributors: ['bob']
              role:
                arn: arn:aws:iam::123456789012:role/ProjectRole
                policies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']
              userParameters:
                - EnvironmentConfigurationName: Lakehouse Database
                  parameters:
                    - name: glueDbName
                      value: test_db
            bootstrap:
              actions:
                - type: workflow.create
                  workflowName: etl_pipeline
                - type: workflow.run
                  workflowName: etl_pipeline
                  trailLogs: true
            deployment_configuration:
              storage:
                - name: code
                  connectionName: default.s3_shared
                  targetDirectory: app/code
                  compression: tar.gz
                - name: models
                  connectionName: default.s3_shared
                  targetDirectory: app/models
              workflows:
                connectionName: default.workflow_serverless
                directory: workflows
              git:
                - name: shared-utils
                  connectionName: default.s3_shared
                  targetDirectory: repositories/shared-utils
              catalog:
                disable: true
              quicksight:
                assets:
                  - name: Sales Dashboard
                    owners: ['arn:aws:quicksight:us-east-1:123456789012:user/default/alice']
                    viewers: ['arn:aws:quicksight:us-east-1:123456789012:user/default/bob']
                overrideParameters:
                  ResourceIdOverrideConfiguration:
                    PrefixForAllResources: test-
            environment_variables:
              S3_PREFIX: test
              DEBUG_MODE: 'false'
        """;

    /// <summary>The smallest manifest smus-cli's schema accepts, plus one storage item.</summary>
    public const string Minimal = """
        applicationName: MinimalApp
        content:
          storage:
            - name: code
              include: ['src/']
        stages:
          dev:
            stage: DEV
            domain: {name: studio-domain, region: us-east-1}
            project: {name: dev-project}
        """;

    /// <summary>A 2025 pipeline manifest with two targets (storage, catalog, tests, project creation, user parameters) ...</summary>
    public const string PipelineEra = """
        pipelineName: Marketing
        bundle:
          storage:
            - connectionName: default.s3_shared
              include: ['src']
              exclude: ['*.pyc']
          catalog:
            assets:
              - selector: {assetId: asset-1}
        targets:
          dev:
            stage: DEV
            default: true
            domain: {name: studio, region: us-east-1}
            project: {name: dev-marketing}
            bundle_target_configuration:
              storage: {connectionName: default.s3_shared, directory: app}
            tests: {folder: tests}
            environment_variables: {S3_PREFIX: dev}
          prod:
            stage: PROD
            domain: {name: studio, region: us-east-1}
            project:
              name: prod-marketing
              create: true
              profileName: All capabilities
              owners: [alice]
              contributors: [bob]
            initialization:
              project:
                userParameters:
                  - EnvironmentConfigurationName: Lakehouse Database
                    parameters: [{name: glueDbName, value: prod_db}]
            bundle_target_configuration:
              storage: {connectionName: default.s3_shared, directory: app}
              catalog: {disable: true}
            tests: {folder: tests}
            environment_variables: {S3_PREFIX: prod}
        """;

    /// <summary>... and the same pipeline written in the current application format.</summary>
    public const string CurrentRewrite = """
        applicationName: Marketing
        content:
          storage:
            - name: src
              include: ['src']
              exclude: ['*.pyc']
          catalog:
            assets:
              - selector: {assetId: asset-1}
        tests:
          folder: tests
        stages:
          dev:
            stage: DEV
            default: true
            domain: {name: studio, region: us-east-1}
            project: {name: dev-marketing}
            deployment_configuration:
              storage:
                - {name: src, connectionName: default.s3_shared, targetDirectory: app/src}
            environment_variables: {S3_PREFIX: dev}
          prod:
            stage: PROD
            domain: {name: studio, region: us-east-1}
            project:
              name: prod-marketing
              create: true
              profileName: All capabilities
              owners: [alice]
              contributors: [bob]
              userParameters:
                - EnvironmentConfigurationName: Lakehouse Database
                  parameters: [{name: glueDbName, value: prod_db}]
            deployment_configuration:
              storage:
                - {name: src, connectionName: default.s3_shared, targetDirectory: app/src}
              catalog: {disable: true}
            environment_variables: {S3_PREFIX: prod}
        """;
}
