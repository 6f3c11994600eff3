using System.Net;
using System.Text.RegularExpressions;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Local.Approvals;

/// <summary>What the endpoint answered: the HTTP status and the page's heading and message, as a person would read them.</summary>
public sealed record ApprovalLinkResult(int StatusCode, string Title, string Message)
{
    /// <summary>The vote counted (recorded, or it decided the approval).</summary>
    public bool Counted => StatusCode == 200 && Title is "Your vote is recorded" or "Approved" or "Rejected";
}

/// <summary>
/// Votes through the approval endpoint exactly as a browser does: GET the link's page, take the form nonce from
/// it, POST the decision back to the same link. This is how the CLI's approve / reject act as a named approver,
/// through the same HTTP endpoint and rules, with no side door.
/// </summary>
public sealed partial class ApprovalLinkClient(HttpClient http)
{
    public async Task<ApprovalLinkResult> VoteAsync(string link, ApprovalDecision decision, string? comment, CancellationToken cancellationToken)
    {
        using var page = await http.GetAsync(link, cancellationToken).ConfigureAwait(false);
        var html = await page.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var nonce = NonceField().Match(html);
        if (page.StatusCode != HttpStatusCode.OK || !nonce.Success)
            return Read((int)page.StatusCode, html);

        var form = new Dictionary<string, string>
        {
            ["nonce"] = WebUtility.HtmlDecode(nonce.Groups[1].Value),
            ["decision"] = decision == ApprovalDecision.Approve ? "approve" : "reject",
        };
        if (!string.IsNullOrWhiteSpace(comment))
            form["comment"] = comment;
        using var response = await http.PostAsync(link, new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
        return Read((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private static ApprovalLinkResult Read(int status, string html) =>
        new(status, Text(Heading().Match(html)), Text(Note().Match(html)));

    private static string Text(Match match) =>
        match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[1].Value, "")).Trim() : "";

    [GeneratedRegex("name=\"nonce\" value=\"([^\"]+)\"")]
    private static partial Regex NonceField();

    [GeneratedRegex("<h1>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("<p class=\"note[^\"]*\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Note();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

/// <summary>
/// Issues an approver's link again from the local state (the local key signs it), for `approve --as NAME` in
/// another process than the one that printed the links. Only approvers of the stored request get one.
/// </summary>
public static class LocalApproverLinks
{
    public static async Task<string> ForApproverAsync(string stateDirectory, Uri baseUrl, string approvalId, string approver, CancellationToken cancellationToken)
    {
        var store = new FileApprovalStore(Path.Combine(stateDirectory, LocalApprovalGate.ApprovalsDirectoryName));
        var record = await store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false)
                     ?? throw new InvalidOperationException($"no approval '{approvalId}' in {stateDirectory}");
        var named = record.Request.Approvers.FirstOrDefault(a => ApproverIdentity.Same(a, approver))
                    ?? throw new InvalidOperationException($"'{approver}' is not an approver of {approvalId} (approvers: {string.Join(", ", record.Request.Approvers)})");
        var signer = new ApprovalLinkSigner(LocalMacService.FromStateDirectory(stateDirectory));
        var link = await signer.CreateLinkAsync(baseUrl, new ApprovalLinkClaims(approvalId, named, record.Request.ExpiresAt), cancellationToken).ConfigureAwait(false);
        return link.Url;
    }
}
