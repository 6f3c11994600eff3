using System.CommandLine;
using SmusServerless.Core.Approvals;
using SmusServerless.Local.Approvals;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>approve|reject &lt;approval-id&gt; --as APPROVER [--comment TEXT] [--state-dir DIR]</c>: votes on a pending
/// approval of a local run as a named approver, through the same HTTP endpoint a browser uses (the link is signed
/// with the run's local key; nothing is written to the approval record directly).
/// </summary>
public static class VoteCommand
{
    public static Command Create(CliContext context, ApprovalDecision decision)
    {
        var name = decision == ApprovalDecision.Approve ? "approve" : "reject";
        var approval = new Argument<string>("approval-id") { Description = "The approval (the path segment after /approvals/ in the printed links)." };
        var approver = new Option<string>("--as") { Description = "The approver voting.", Required = true, HelpName = "approver" };
        var comment = new Option<string?>("--comment") { Description = "A comment kept with the vote (and, for a rejection, in the run's cause)." };
        var stateDir = new Option<string>("--state-dir") { Description = "The state directory of the local run.", DefaultValueFactory = _ => ".smus-local" };
        var command = new Command(name, $"{char.ToUpperInvariant(name[0])}{name[1..]} a pending approval of a local run as a named approver.") { approval, approver, comment, stateDir };
        command.SetAction((parsed, cancellationToken) =>
            context.RunAsync(name, json: false, console => RunAsync(console, decision, parsed.GetValue(approval)!, parsed.GetValue(approver)!,
                parsed.GetValue(comment), context.ResolvePath(parsed.GetValue(stateDir)!), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, ApprovalDecision decision, string approvalId, string approver, string? comment, string stateDirectory, CancellationToken cancellationToken)
    {
        var endpointFile = Path.Combine(stateDirectory, LocalPipelineRun.ApprovalEndpointFile);
        if (!File.Exists(endpointFile))
            throw new CommandFailedException(new Output.CliError(Output.CliErrorKinds.FileNotFound, $"{stateDirectory}: no local run is serving approvals here (start one with 'run')", File: endpointFile));
        var baseUrl = new Uri((await File.ReadAllTextAsync(endpointFile, cancellationToken).ConfigureAwait(false)).Trim());

        string link;
        try
        {
            link = await LocalApproverLinks.ForApproverAsync(Path.Combine(stateDirectory, LocalPipelineRun.ApprovalsDirectory), baseUrl, approvalId, approver, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new CommandFailedException(new Output.CliError(Output.CliErrorKinds.InvalidContent, e.Message));
        }

        using var http = new HttpClient();
        ApprovalLinkResult result;
        try
        {
            result = await new ApprovalLinkClient(http).VoteAsync(link, decision, comment, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException(new Output.CliError(Output.CliErrorKinds.Storage, $"the approval endpoint {baseUrl} did not answer ({e.Message}); is the run still going?"));
        }
        console.Line($"{result.Title}: {result.Message}");
        return result.Counted ? ExitCodes.Success : ExitCodes.Failure;
    }
}
