using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;
using SmusServerless.Runtime.Redaction;
using SmusServerless.Runtime.RuntimeApi;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

public sealed class PowertoolsJsonLoggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 2, 3, 456, TimeSpan.Zero);
    private readonly CapturedOutput _output = new();
    private readonly LambdaLogContext _context = new();

    private ILogger Logger(LogLevel minimum = LogLevel.Information) =>
        new PowertoolsJsonLoggerProvider(
            new PowertoolsLogSettings("smus-pipeline", minimum, "smus-resolve", "7", 512),
            _context, new JsonLineOutput(_output), new FakeTimeProvider(Now), SecretRedactor.Default).CreateLogger("Resolve");

    private static ILambdaContext Invocation(string requestId = "req-1") => new LambdaContext(
        new Invocation(requestId, Now.AddSeconds(30), "arn:aws:lambda:eu-west-1:123456789012:function:smus-resolve",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", null, null, []),
        new LambdaFunctionSettings("127.0.0.1:9001", "resolve", "smus-resolve", "7", 512, "g", "s", "smus-pipeline", LogLevel.Information, null),
        new FakeTimeProvider(Now));

    [Fact]
    public void Writes_one_json_line_with_the_powertools_keys_in_order()
    {
        _context.BeginInvocation(Invocation());
        _context.SetCorrelationId("exec-42");

        Logger().LogInformation("Resolved {Targets} targets", 3);

        var line = Assert.Single(_output.Lines);
        Assert.Equal(
            """{"level":"Information","message":"Resolved 3 targets","timestamp":"2026-11-27T01:02:03.4560000Z","service":"smus-pipeline","cold_start":true,"function_name":"smus-resolve","function_memory_size":512,"function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:smus-resolve","function_request_id":"req-1","function_version":"7","xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793","correlation_id":"exec-42","name":"Resolve","Targets":3}""",
            line);
    }

    [Fact]
    public void Marks_only_the_first_invocation_as_a_cold_start()
    {
        var logger = Logger();
        _context.BeginInvocation(Invocation("req-1"));
        logger.LogInformation("first");
        _context.EndInvocation();
        _context.BeginInvocation(Invocation("req-2"));
        logger.LogInformation("second");

        Assert.Equal([true, false], _output.Documents.Select(line => line.GetProperty("cold_start").GetBoolean()));
    }

    [Fact]
    public void Drops_entries_below_the_configured_level()
    {
        var logger = Logger(LogLevel.Warning);

        logger.LogInformation("quiet");
        logger.LogWarning("loud");

        Assert.Equal(["loud"], _output.Documents.Select(line => line.GetProperty("message").GetString()));
    }

    [Fact]
    public void Appended_keys_appear_until_removed()
    {
        var logger = Logger();
        _context.BeginInvocation(Invocation());
        _context.AppendKey("target", "prod");
        logger.LogInformation("with");
        _context.RemoveKey("target");
        logger.LogInformation("without");

        var lines = _output.Documents;
        Assert.Equal("prod", lines[0].GetProperty("target").GetString());
        Assert.False(lines[1].TryGetProperty("target", out _));
    }

    [Fact]
    public void Appended_keys_last_one_invocation()
    {
        var logger = Logger();
        _context.BeginInvocation(Invocation("req-1"));
        _context.AppendKey("target", "prod");
        _context.EndInvocation();
        _context.BeginInvocation(Invocation("req-2"));
        logger.LogInformation("next invocation");

        Assert.False(_output.Documents.Single().TryGetProperty("target", out _));
    }

    [Fact]
    public void Refuses_to_append_a_standard_key()
    {
        var error = Assert.Throws<ArgumentException>(() => _context.AppendKey("level", "x"));

        Assert.Contains("'level' is a standard log key", error.Message);
    }

    [Fact]
    public void Writes_structured_values_as_json()
    {
        _context.AppendKey("files", new[] { "a.py", "b.py" });
        _context.AppendKey("plan", new Dictionary<string, object?> { ["stage"] = "PROD", ["gated"] = true });

        Logger().LogInformation("planned");

        var line = _output.Documents.Single();
        Assert.Equal("""["a.py","b.py"]""", line.GetProperty("files").GetRawText());
        Assert.Equal("""{"stage":"PROD","gated":true}""", line.GetProperty("plan").GetRawText());
    }

    [Fact]
    public void Writes_the_exception_as_an_object()
    {
        Exception error;
        try
        {
            throw new InvalidOperationException("Domain dzd_1 not found");
        }
        catch (InvalidOperationException thrown)
        {
            error = thrown;
        }

        Logger().LogError(error, "Resolve failed");

        var exception = _output.Documents.Single().GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.Equal("Domain dzd_1 not found", exception.GetProperty("message").GetString());
        Assert.Contains(nameof(Writes_the_exception_as_an_object), exception.GetProperty("stack_trace").GetString());
    }

    [Fact]
    public void Omits_request_keys_outside_an_invocation()
    {
        Logger().LogInformation("init");

        var line = _output.Documents.Single();
        Assert.False(line.TryGetProperty("function_request_id", out _));
        Assert.False(line.TryGetProperty("xray_trace_id", out _));
        Assert.True(line.GetProperty("cold_start").GetBoolean());
    }

    [Fact]
    public void Masks_template_arguments_named_like_secrets()
    {
        Logger().LogInformation("Callback with {TaskToken} for {Approver}", "short-token", "ann");

        var line = _output.Documents.Single();
        Assert.Equal(SecretRedactor.Mask, line.GetProperty("TaskToken").GetString());
        Assert.Equal("ann", line.GetProperty("Approver").GetString());
        Assert.Equal("Callback with *** for ann", line.GetProperty("message").GetString());
        Assert.DoesNotContain("short-token", _output.Text);
    }

    [Fact]
    public void Keeps_format_specifiers_of_ordinary_arguments_when_masking()
    {
        Logger().LogInformation("{Count,3:D2} approvals, {{literal}}, token {Token}", 7, "abc");

        Assert.Equal(" 07 approvals, {literal}, token ***", _output.Documents.Single().GetProperty("message").GetString());
    }

    [Fact]
    public void Keeps_the_line_readable_without_html_escaping()
    {
        Logger().LogInformation("a+b <c> é");

        Assert.Contains("\"message\":\"a+b <c> é\"", _output.Text);
    }

    [Theory]
    [InlineData("Debug", null, LogLevel.Debug)]
    [InlineData(null, "WARN", LogLevel.Warning)]
    [InlineData("Error", "DEBUG", LogLevel.Error)]
    [InlineData(null, null, LogLevel.Information)]
    public void Takes_the_level_from_powertools_then_lambda_settings(string? powertools, string? lambda, LogLevel expected)
    {
        var variables = new Dictionary<string, string> { ["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:9001" };
        if (powertools is not null)
        {
            variables["POWERTOOLS_LOG_LEVEL"] = powertools;
        }

        if (lambda is not null)
        {
            variables["AWS_LAMBDA_LOG_LEVEL"] = lambda;
        }

        var settings = LambdaFunctionSettings.FromEnvironment(new InMemoryEnvironmentVariables(variables));

        Assert.Equal(expected, settings.MinimumLogLevel);
    }

    [Fact]
    public void Defaults_the_service_name_as_powertools_does()
    {
        var settings = LambdaFunctionSettings.FromEnvironment(
            new InMemoryEnvironmentVariables([new("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")]));

        Assert.Equal("service_undefined", settings.ServiceName);
    }

    [Fact]
    public void Rejects_a_memory_size_that_is_not_a_number()
    {
        var environment = new InMemoryEnvironmentVariables(
            [new("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"), new("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots")]);

        var error = Assert.Throws<RuntimeConfigurationException>(() => LambdaFunctionSettings.FromEnvironment(environment));

        Assert.Equal("AWS_LAMBDA_FUNCTION_MEMORY_SIZE is 'lots', expected a whole number of megabytes.", error.Message);
    }

    [Fact]
    public void Lines_are_valid_json_documents()
    {
        Logger().LogInformation("quote \" and newline \n inside");

        var line = Assert.Single(_output.Lines);
        Assert.Equal("quote \" and newline \n inside", JsonDocument.Parse(line).RootElement.GetProperty("message").GetString());
    }
}
