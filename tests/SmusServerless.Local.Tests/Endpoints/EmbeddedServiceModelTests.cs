using SmusServerless.Local.Endpoints.Protocol;
using SmusServerless.Testing;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>The local stack carries the official models it is driven by: no path, no environment variable, no search.</summary>
public sealed class EmbeddedServiceModelTests
{
    [Theory]
    [InlineData(ServiceModels.DataZone, "rest-json", null, "datazone", "CreateProject")]
    [InlineData(ServiceModels.StepFunctions, "json", "1.0", "states", "StartExecution")]
    [InlineData(ServiceModels.EventBridge, "json", "1.1", "events", "PutEvents")]
    public void Each_model_is_loaded_from_the_assembly(string service, string protocol, string? jsonVersion, string signingName, string operation)
    {
        var model = ServiceModels.Get(service);

        Assert.Equal(protocol, model.Metadata.Protocol);
        Assert.Equal(jsonVersion, model.Metadata.JsonVersion);
        Assert.Equal(signingName, model.Metadata.SigningName);
        Assert.Contains(operation, model.Operations.Keys);
    }

    [Fact]
    public void The_embedded_model_is_the_vendored_file()
    {
        var fromFile = ServiceModel.Load(TestRepository.AwsModels("datazone", "service-2.json"));

        Assert.Equal(fromFile.Operations.Keys.Order(StringComparer.Ordinal), ServiceModels.Get(ServiceModels.DataZone).Operations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_model_is_parsed_once()
    {
        Assert.Same(ServiceModels.Get(ServiceModels.EventBridge), ServiceModels.Get(ServiceModels.EventBridge));
    }

    [Fact]
    public void An_override_directory_without_the_model_is_named_in_the_error()
    {
        var directory = Directory.CreateTempSubdirectory("smus-models-").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => ServiceModels.Get(ServiceModels.DataZone, directory));
            Assert.Contains(directory, error.Message, StringComparison.Ordinal);
            Assert.Contains("datazone/service-2.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_override_directory_with_the_model_is_used()
    {
        var model = ServiceModels.Get(ServiceModels.StepFunctions, TestRepository.AwsModels());

        Assert.Contains("SendTaskSuccess", model.Operations.Keys);
    }
}
