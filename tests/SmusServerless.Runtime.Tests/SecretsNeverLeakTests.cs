using System.Text.Json;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

/// <summary>
/// A task token and a link signature go through a careless handler (in its input, appended log keys,
/// messages, template arguments, metrics metadata and its exception message); none may reach stdout or Lambda.
/// </summary>
public sealed class SecretsNeverLeakTests
{
    [Fact]
    public async Task No_log_line_emf_document_or_error_report_carries_the_token_or_signature()
    {
        await using var harness = await RuntimeHarness.StartAsync("approve",
            registry => registry.Add("approve", services => new CarelessApprovalHandler(services)),
            [new("POWERTOOLS_LOG_LEVEL", "Debug")]);
        var input = JsonSerializer.Serialize(new ApprovalRequest(Secrets.TaskToken, Secrets.LinkSignature, "ann"), TestJsonContext.Default.ApprovalRequest);
        harness.Api.Enqueue(harness.Invocation("req-1", input));

        var report = await harness.Api.ResultFor("req-1");
        await harness.StopAsync();

        Assert.Equal("InvalidOperationException", report.ErrorTypeHeader);
        Assert.True(harness.Output.Lines.Count >= 6, "the handler's log lines, the error line and the EMF line were written");
        var everything = harness.Output.Text + "\n" + string.Join("\n", harness.Api.AllPosts.Select(post => post.Body + post.ErrorTypeHeader));
        foreach (var secret in new[] { Secrets.TaskToken, Secrets.LinkSignature })
        {
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain(secret[..24], everything);
        }

        var message = JsonDocument.Parse(report.Body).RootElement.GetProperty("errorMessage").GetString();
        Assert.Equal("SendTaskSuccess failed for token ***; the link signature *** was rejected", message);
    }
}
