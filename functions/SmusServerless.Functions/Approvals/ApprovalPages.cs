using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The approval endpoint's HTML. Every value from a request or record is HTML-encoded; the only style is one
/// static stylesheet allowed by its hash in the Content-Security-Policy; there is no script at all, so nothing
/// submits a form except a person pressing a button.
/// </summary>
public static class ApprovalPages
{
    private const int MaxListedFiles = 200;

    private const string Stylesheet =
        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}"
        + "h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem}"
        + "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.25rem .6rem;text-align:left}"
        + "code{font-family:ui-monospace,monospace}.note{padding:.7rem 1rem;border-left:4px solid #888;background:#f4f5f7}"
        + ".ok{border-color:#1a7f37}.bad{border-color:#cf222e}"
        + "textarea{width:100%;min-height:4rem;box-sizing:border-box}"
        + "button{font-size:1rem;padding:.5rem 1.4rem;margin:.6rem .6rem 0 0;border-radius:6px;border:1px solid #888;cursor:pointer}"
        + "button.approve{background:#1a7f37;color:#fff;border-color:#1a7f37}button.reject{background:#cf222e;color:#fff;border-color:#cf222e}";

    private static readonly string StyleHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)));

    /// <summary>No scripts, no images, no frames; forms may only post back to this origin.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{StyleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static FunctionUrlResponse Respond(int statusCode, string html) => new()
    {
        StatusCode = statusCode,
        Body = html,
        Headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "text/html; charset=utf-8",
            ["Cache-Control"] = "no-store",
            ["Referrer-Policy"] = "no-referrer",
            ["Content-Security-Policy"] = ContentSecurityPolicy,
            ["X-Frame-Options"] = "DENY",
            ["X-Content-Type-Options"] = "nosniff",
            ["Cross-Origin-Opener-Policy"] = "same-origin",
            ["X-Robots-Tag"] = "noindex, nofollow",
        },
    };

    public static string Message(string title, string message) =>
        Layout(title, $"<h1>{H(title)}</h1><p class=\"note\">{H(message)}</p>");

    public static FunctionUrlResponse ForView(ApprovalView view)
    {
        var record = view.Record;
        var claims = view.Claims;
        return view.Status switch
        {
            ViewStatus.InvalidLink => Respond(403, Message("Invalid link",
                "This approval link is not valid: it may have been altered or cut short, or it was signed with a key that has since been rotated. Use the link from your e-mail exactly as sent.")),
            ViewStatus.NotFound => Respond(404, Message("Approval not found", "This approval no longer exists.")),
            ViewStatus.Expired => Respond(410, Layout("Approval expired",
                "<h1>This approval has expired</h1>"
                + $"<p class=\"note bad\">The link stopped working at {H(Time(claims!.ExpiresAt))}. Nothing can be approved or rejected with it any more.</p>"
                + (record is null ? "" : Details(record, view.Tally!)))),
            ViewStatus.NotAnApprover => Respond(403, Message("Not an approver",
                "This link's approver is not (or no longer) in the configured approver list for this pipeline, so it cannot be used to vote.")),
            ViewStatus.SelfApproval => Respond(403, Layout("You cannot approve your own deployment",
                "<h1>You cannot approve your own deployment</h1>"
                + $"<p class=\"note bad\">You ({H(claims!.Approver)}) are the author of this bundle. Someone else has to review and approve it.</p>"
                + Details(record!, view.Tally!))),
            ViewStatus.AlreadyVoted => Respond(200, Layout("You have voted",
                "<h1>You have already voted</h1>"
                + $"<p class=\"note\">{H(VoteSentence(record!.VoteOf(claims!.Approver)!))} Each approver has one vote; it cannot be changed.</p>"
                + Details(record, view.Tally!))),
            ViewStatus.AlreadyDecided => Respond(200, Layout("Already decided",
                $"<h1>This approval is {H(Outcome(record!.Status))}</h1>"
                + $"<p class=\"note {(record.Status == ApprovalStatus.Approved ? "ok" : "bad")}\">{H(record.Resolution!.Cause)}. No more votes are accepted.</p>"
                + Details(record, view.Tally!))),
            _ => Respond(200, Review(record!, claims!, view.FormNonce!, view.Tally!)),
        };
    }

    public static FunctionUrlResponse ForVote(VoteOutcome outcome)
    {
        var record = outcome.Record;
        return outcome.Status switch
        {
            VoteOutcomeStatus.Recorded => Respond(200, Layout("Vote recorded",
                "<h1>Your vote is recorded</h1>"
                + $"<p class=\"note ok\">{H(VoteSentence(outcome.Vote!))} {H(Progress(record!))}</p>"
                + Details(record!, ApprovalDecider.Tally(record!.Request, record.Votes)))),
            VoteOutcomeStatus.Approved => Respond(200, Layout("Approved",
                "<h1>Approved</h1>"
                + $"<p class=\"note ok\">The quorum is reached. The pipeline continues with the deployment to {H(record!.Request.Target)}.</p>"
                + Details(record, ApprovalDecider.Tally(record.Request, record.Votes)))),
            VoteOutcomeStatus.Rejected => Respond(200, Layout("Rejected",
                "<h1>Rejected</h1>"
                + $"<p class=\"note bad\">The deployment to {H(record!.Request.Target)} is stopped. {H(record.Resolution?.Cause ?? "")}.</p>"
                + Details(record, ApprovalDecider.Tally(record.Request, record.Votes)))),
            VoteOutcomeStatus.AlreadyVoted => Respond(200, Layout("Already voted",
                "<h1>Your vote was already recorded</h1>"
                + $"<p class=\"note\">{H(outcome.Vote is null ? "You have voted on this approval." : VoteSentence(outcome.Vote))} Submitting again changes nothing."
                + (record is { Resolution: { } done } ? $" The approval is {H(Outcome(done.Outcome))}." : "") + "</p>")),
            VoteOutcomeStatus.AlreadyDecided => Respond(409, Layout("Already decided",
                $"<h1>This approval is already {H(Outcome(record!.Status))}</h1>"
                + $"<p class=\"note\">{H(record.Resolution!.Cause)}. Your vote was not counted.</p>")),
            VoteOutcomeStatus.Expired => Respond(410, Message("Approval expired", "This approval has expired. Your vote was not counted.")),
            VoteOutcomeStatus.SelfApproval => Respond(403, Message("You cannot approve your own deployment",
                "You are the author of this bundle. Someone else has to review and approve it. Your vote was not counted.")),
            VoteOutcomeStatus.NotAnApprover => Respond(403, Message("Not an approver",
                "This link's approver is not (or no longer) in the configured approver list. Your vote was not counted.")),
            VoteOutcomeStatus.InvalidLink => Respond(403, Message("Invalid link",
                "This approval link is not valid: it may have been altered or cut short. Your vote was not counted.")),
            VoteOutcomeStatus.InvalidFormNonce => Respond(403, Message("Form expired or not from this page",
                "Votes must be sent from the approval page. Open your link again and use the buttons. Your vote was not counted.")),
            VoteOutcomeStatus.NotFound => Respond(404, Message("Approval not found", "This approval no longer exists.")),
            VoteOutcomeStatus.CallbackFailed => Respond(503, Message("Decision recorded, pipeline not yet notified",
                "The decision is stored, but the pipeline could not be told just now. Submit again in a moment to retry; nothing will be counted twice.")),
            _ => Respond(500, Message("Something went wrong", "The vote could not be handled.")),
        };
    }

    private static string Review(ApprovalRecord record, ApprovalLinkClaims claims, string nonce, ApprovalTally tally)
    {
        var request = record.Request;
        var body = new StringBuilder();
        body.Append($"<h1>Approve deployment to {H(request.Target)} ({H(request.Stage)})?</h1>");
        body.Append($"<p>You are reviewing as <strong>{H(claims.Approver)}</strong>. {H(Progress(record))} This link expires at {H(Time(request.ExpiresAt))}.</p>");
        body.Append(Details(record, tally));
        // No action attribute: the browser posts back to the exact link it opened, so the signature never appears in the page.
        body.Append("<h2>Your decision</h2><form method=\"post\">");
        body.Append($"<input type=\"hidden\" name=\"nonce\" value=\"{H(nonce)}\">");
        body.Append($"<label for=\"comment\">Comment (optional, at most {ApprovalVoting.MaxCommentLength} characters)</label>");
        body.Append($"<textarea id=\"comment\" name=\"comment\" maxlength=\"{ApprovalVoting.MaxCommentLength}\"></textarea>");
        body.Append("<button type=\"submit\" name=\"decision\" value=\"approve\" class=\"approve\">Approve</button>");
        body.Append("<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"reject\">Reject</button>");
        body.Append("</form>");
        return Layout($"Approve {request.BundleName} {request.BundleVersion} to {request.Target}?", body.ToString());
    }

    private static string Details(ApprovalRecord record, ApprovalTally tally)
    {
        var request = record.Request;
        var html = new StringBuilder();
        html.Append("<h2>What is being deployed</h2><dl>");
        Term(html, "Pipeline", request.Pipeline);
        Term(html, "Bundle", $"{request.BundleName} {request.BundleVersion}");
        Term(html, "Source commit", string.IsNullOrEmpty(request.SourceCommit) ? "(not recorded)" : request.SourceCommit);
        Term(html, "Author", request.Author);
        Term(html, "Target", request.Target);
        Term(html, "Stage", request.Stage);
        Term(html, "Requested", Time(request.RequestedAt));
        Term(html, "Expires", Time(request.ExpiresAt));
        html.Append("</dl>");

        html.Append("<h2>Files</h2>");
        FileList(html, "Added", request.Files.Added);
        FileList(html, "Changed", request.Files.Changed);
        FileList(html, "Removed", request.Files.Removed);

        html.Append("<h2>Tests of earlier targets</h2>");
        if (request.PreviousTestResults.Count == 0)
        {
            html.Append("<p>No earlier target was tested in this run.</p>");
        }
        else
        {
            html.Append("<table><tr><th>Target</th><th>Outcome</th><th>Passed</th><th>Failed</th><th>Summary</th></tr>");
            foreach (var result in request.PreviousTestResults)
                html.Append($"<tr><td>{H(result.Target)}</td><td>{H(result.Outcome)}</td><td>{result.Passed}</td><td>{result.Failed}</td><td>{H(result.Summary ?? "")}</td></tr>");
            html.Append("</table>");
        }

        html.Append($"<h2>Votes ({tally.Approvals.Count} of {request.Quorum} approvals needed)</h2>");
        if (record.Votes.Count == 0)
        {
            html.Append("<p>No votes yet.</p>");
        }
        else
        {
            html.Append("<ul>");
            foreach (var vote in record.Votes)
                html.Append($"<li>{H(VoteSentence(vote))}</li>");
            html.Append("</ul>");
        }
        html.Append($"<p>Approvers: {H(string.Join(", ", request.Approvers))}.</p>");
        return html.ToString();
    }

    private static void FileList(StringBuilder html, string label, IReadOnlyList<string> files)
    {
        html.Append($"<p><strong>{H(label)}</strong> ({files.Count})");
        if (files.Count == 0)
        {
            html.Append("</p>");
            return;
        }
        html.Append("</p><ul>");
        foreach (var file in files.Take(MaxListedFiles))
            html.Append($"<li><code>{H(file)}</code></li>");
        if (files.Count > MaxListedFiles)
            html.Append($"<li>and {files.Count - MaxListedFiles} more</li>");
        html.Append("</ul>");
    }

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append($"<dt>{H(term)}</dt><dd>{H(value)}</dd>");

    private static string VoteSentence(ApprovalVote vote) =>
        $"{vote.Approver} {(vote.Decision == ApprovalDecision.Approve ? "approved" : "rejected")} at {Time(vote.At)}"
        + (string.IsNullOrEmpty(vote.Comment) ? "." : $": \u201c{vote.Comment}\u201d");

    private static string Progress(ApprovalRecord record)
    {
        var tally = ApprovalDecider.Tally(record.Request, record.Votes);
        return $"{tally.Approvals.Count} of {record.Request.Quorum} required approvals so far.";
    }

    private static string Outcome(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => "approved",
        ApprovalStatus.Rejected => "rejected",
        ApprovalStatus.Expired => "expired",
        ApprovalStatus.Cancelled => "cancelled",
        _ => "pending",
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Layout(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex, nofollow\">"
        + $"<title>{H(title)}</title><style>{Stylesheet}</style></head><body>{body}</body></html>";

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
