namespace SmusServerless.Core.Tests.Manifest;

/// <summary>The example manifests quoted in smus-cli-behaviour.md §2, written out in full.</summary>
internal static class ManifestSamples
{
    /// <summary>Example 1: examples/DemoMarketingPipeline.yaml (MWAA + catalog, per-target domain).</summary>
    public const string DemoMarketing = """
        pipelineName: DemoMarketingPipeline
        bundle:
          bundlesDirectory: ./bundles
          workflow:
            - connectionName: default.s3_shared
              include: ['workflows']
              exclude: ['.ipynb_checkpoints/', '__pycache__/', '*.pyc', '.libs.json']
          storage:
            - connectionName: default.s3_shared
              include: ['*']
              exclude: ['.ipynb_checkpoints/', '__pycache__/', '*.pyc', '.libs.json']
          catalog:
            assets:
            - selector:
                search:
                  assetType: GlueTable
                  identifier: covid19_db.countries_aggregated
              permission: READ
              requestReason: Required access for DemoMarketingPipeline analytics
        targets:
          dev:
            domain:
              name: cicd-test-domain
              region: '${DEV_DOMAIN_REGION:us-east-1}'
            stage: DEV
            project:
              name: dev-marketing
              create: false
            default: true
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: 'src'
              workflows:
                connectionName: default.s3_shared
                directory: 'workflows'
            tests:
              folder: ./tests
          test:
            domain:
              name: cicd-test-domain
              region: '${DEV_DOMAIN_REGION:us-east-1}'
            stage: TEST
            project:
              name: dev-marketing-test
              create: true
            initialization:
              project:
                create: true
                profileName: 'All capabilities'
                owners:
                  - arn:aws:iam::123456789012:role/GitHubActionsRole-SMUS-CLI-Tests
                  - Eng1
                contributors: []
              environments:
                - EnvironmentConfigurationName: 'OnDemand Workflows'
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: 'src'
              workflows:
                connectionName: default.s3_shared
                directory: 'workflows'
            tests:
              folder: ./tests
          prod:
            domain:
              name: cicd-test-domain
              region: '${PROD_DOMAIN_REGION:us-east-1}'
            stage: PROD
            project:
              name: prod-marketing
              create: true
            initialization:
              project:
                create: true
                profileName: 'All capabilities'
                owners:
                  - arn:aws:iam::123456789012:role/GitHubActionsRole-SMUS-CLI-Tests
                  - Eng1
                contributors: []
              environments:
                - EnvironmentConfigurationName: 'OnDemand Workflows'
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: 'src'
              workflows:
                connectionName: default.s3_shared
                directory: 'workflows'
              catalog:
                disable: True
            tests:
              folder: ./tests
        workflows:
          - workflowName: sample_dag
            connectionName: project.workflow_mwaa
            engine: MWAA
            logging: console
        """;

    /// <summary>Example 2: examples/serverless-example/DemoMarketingPipeline-Serverless.yaml.</summary>
    public const string ServerlessMarketing = """
        pipelineName: DemoMarketingPipeline-Serverless
        bundle:
          bundlesDirectory: ./bundles
          workflow:
            - connectionName: default.s3_shared
              append: true
              include: ['workflows']
              exclude: ['.ipynb_checkpoints/', '__pycache__/', '*.pyc', '.libs.json']
              airflow-serverless: true
          storage:
            - connectionName: default.s3_shared
              append: false
              include: ['src']
              exclude: ['.ipynb_checkpoints/', '__pycache__/', '*.pyc', '.libs.json']
        targets:
          dev:
            stage: DEV
            default: true
            domain:
              name: cicd-test-domain
              region: '${DEV_DOMAIN_REGION:us-east-1}'
            project:
              name: dev-marketing
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: 'src'
              workflows:
                connectionName: default.s3_shared
                directory: 'workflows'
            environment_variables:
              ENV_NAME: dev
              S3_PREFIX: dev-data
              LOG_LEVEL: INFO
          test:
            stage: TEST
            domain:
              name: cicd-test-domain
              region: '${DEV_DOMAIN_REGION:us-east-1}'
            project:
              name: test-marketing-demo
            initialization:
              project:
                create: true
                profileName: 'All capabilities'
                owners:
                  - arn:aws:iam::123456789012:role/GitHubActionsRole-SMUS-CLI-Tests
                  - Eng1
                userParameters:
                  - EnvironmentConfigurationName: 'Lakehouse Database'
                    parameters:
                      - name: glueDbName
                        value: demo-serverless-db
              environments: []
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: 'src'
              workflows:
                connectionName: default.s3_shared
                directory: 'workflows'
            tests:
              folder: ./tests
            environment_variables:
              ENV_NAME: test
              S3_PREFIX: test-data
              LOG_LEVEL: INFO
          prod:
            stage: PROD
            domain:
              name: cicd-test-domain
              region: '${PROD_DOMAIN_REGION:us-east-1}'
            project:
              name: prod-marketing-demo
            initialization:
              project:
                create: true
                profileName: 'All capabilities'
                owners:
                  - arn:aws:iam::123456789012:role/GitHubActionsRole-SMUS-CLI-Tests
                  - Eng1
                userParameters:
                  - EnvironmentConfigurationName: 'Lakehouse Database'
                    parameters:
                      - name: glueDbName
                        value: prod-serverless-db
              environments: []
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: 'src'
              workflows:
                connectionName: default.s3_shared
                directory: 'workflows'
            tests:
              folder: ./tests
            environment_variables:
              ENV_NAME: prod
              S3_PREFIX: prod-data
              LOG_LEVEL: WARN
        workflows:
          - workflowName: marketing_dag2
            logging: console
            engine: airflow-serverless
        """;

    /// <summary>Example 3: examples/demo-pipeline.yaml, the format before 2025-09-17 with a top-level domain.</summary>
    public const string TopLevelDomain = """
        pipelineName: DemoPipeline
        domain:
          name: your-domain-name
          region: us-east-1
        bundle:
          bundlesDirectory: ./bundles
          workflow:
            - connectionName: project.workflow_mwaa
              include: ['workflows']
          storage:
            - connectionName: default.s3_shared
              include: ['src']
        targets:
          dev:
            stage: DEV
            project:
              name: dev-project-name
              create: false
            default: true
          test:
            stage: TEST
            project:
              name: test-project-name
              create: true
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: src
              workflows:
                connectionName: project.workflow_mwaa
                directory: workflows
          prod:
            stage: PROD
            project:
              name: prod-project-name
              create: true
            bundle_target_configuration:
              storage:
                connectionName: default.s3_shared
                directory: src
              workflows:
                connectionName: project.workflow_mwaa
                directory: workflows
        workflows:
          - workflowName: sample_dag
            connectionName: project.workflow_mwaa
            engine: MWAA
        """;

    /// <summary>The smallest valid manifest, for tests that change one thing.</summary>
    public const string Minimal = """
        pipelineName: Minimal
        bundle:
          storage:
            - connectionName: default.s3_shared
              include: ['src']
        targets:
          dev:
            domain: {name: d, region: us-east-1}
            project: {name: dev-project}
          prod:
            domain: {name: d, region: us-east-1}
            project: {name: prod-project, create: true}
            bundle_target_configuration:
              storage: {connectionName: default.s3_shared, directory: src}
        """;
}
