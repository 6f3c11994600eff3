using Microsoft.Extensions.Time.Testing;
using SmusServerless.Functions.Hosting;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

public sealed class LambdaBootstrapTests
{
    [Fact]
    public async Task Without_a_runtime_api_address_writes_why_and_exits_1()
    {
        var output = new CapturedOutput();

        var exitCode = await LambdaBootstrap.RunAsync(FunctionCatalog.Register, new InMemoryEnvironmentVariables(),
            new JsonLineOutput(output), new FakeTimeProvider(), options: null, httpHandler: null, CancellationToken.None);

        Assert.Equal(LambdaRuntime.ExitCodes.InitFailed, exitCode);
        var line = output.Documents.Single();
        Assert.Equal("Critical", line.GetProperty("level").GetString());
        Assert.StartsWith("Init failed: Runtime.InvalidConfiguration: AWS_LAMBDA_RUNTIME_API is not set",
            line.GetProperty("message").GetString());
    }

    [Fact]
    public void Refuses_to_register_a_name_twice()
    {
        var registry = new HandlerRegistry().Add("greet", _ => new GreetingHandler());

        var error = Assert.Throws<ArgumentException>(() => registry.Add("greet", _ => new GreetingHandler()));

        Assert.StartsWith("A handler named 'greet' is already registered.", error.Message);
    }
}
