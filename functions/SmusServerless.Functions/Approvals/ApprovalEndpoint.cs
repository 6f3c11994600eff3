using System.Text;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>Request limits of the approval endpoint.</summary>
public sealed record ApprovalEndpointLimits(int MaxBodyBytes = 8 * 1024, int MaxQueryLength = 2048, int MaxUserAgentLength = 512)
{
    public static ApprovalEndpointLimits Default { get; } = new();
}

/// <summary>
/// The approval endpoint, a Lambda Function URL handler (payload format 2.0) whose only authentication is the
/// link's signature. <c>GET /approvals/{id}?approver=&amp;exp=&amp;sig=</c> renders the review page and changes nothing;
/// <c>POST</c> to the same URL (the form has no action, so the browser posts back to the link it was opened from,
/// and the page never contains the signature) casts the vote. Every response is HTML with strict security
/// headers; errors never show a stack trace or any secret.
/// </summary>
public sealed class ApprovalEndpoint(ApprovalVoting voting, IApprovalLog log, ApprovalEndpointLimits limits)
{
    private const string PathPrefix = "/approvals/";

    public async Task<FunctionUrlResponse> HandleAsync(FunctionUrlRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await RouteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            log.Write(new ApprovalLogEntry(ApprovalLogLevel.Error, "approval.endpoint.failed", Reason: ex.GetType().Name));
            return ApprovalPages.Respond(500, ApprovalPages.Message("Something went wrong",
                "The approval service could not handle this request. Nothing was changed by the failed part; try again in a moment."));
        }
    }

    private async Task<FunctionUrlResponse> RouteAsync(FunctionUrlRequest request, CancellationToken cancellationToken)
    {
        var path = request.RawPath ?? "";
        var approvalId = path.StartsWith(PathPrefix, StringComparison.Ordinal) ? path[PathPrefix.Length..] : null;
        if (approvalId is null || !ApprovalIdentifier.IsValid(approvalId))
            return ApprovalPages.Respond(404, ApprovalPages.Message("Page not found", "There is no approval page at this address."));

        var method = request.RequestContext.Http.Method?.ToUpperInvariant() ?? "";
        if (method is not ("GET" or "POST"))
        {
            var response = ApprovalPages.Respond(405, ApprovalPages.Message("Method not allowed", "Approval pages accept GET (to review) and POST (to vote) only."));
            return response with { Headers = new Dictionary<string, string>(response.Headers) { ["Allow"] = "GET, POST" } };
        }

        var query = request.RawQueryString ?? "";
        if (query.Length > limits.MaxQueryLength)
            return BadRequest("The link is too long.");
        if (!UrlEncodedForm.TryParse(query, out var fields, out var queryError))
            return BadRequest($"The link is malformed ({queryError}).");
        if (!fields.TryGetValue("approver", out var approver) || !fields.TryGetValue("exp", out var exp) || !fields.TryGetValue("sig", out var sig))
            return BadRequest("The link is incomplete: it needs approver, exp and sig. Open the link exactly as you received it.");
        var credentials = new ApprovalLinkCredentials(approvalId, approver, exp, sig);

        return method == "GET"
            ? ApprovalPages.ForView(await voting.ViewAsync(credentials, cancellationToken).ConfigureAwait(false))
            : await VoteAsync(request, credentials, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FunctionUrlResponse> VoteAsync(FunctionUrlRequest request, ApprovalLinkCredentials credentials, CancellationToken cancellationToken)
    {
        var contentType = request.Header("content-type") ?? "";
        if (!contentType.Split(';')[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return ApprovalPages.Respond(415, ApprovalPages.Message("Unsupported form", "Votes are sent by the page's form (application/x-www-form-urlencoded)."));

        var body = request.Body ?? "";
        // A cheap bound before decoding, then the exact one after.
        if (body.Length > limits.MaxBodyBytes * 2)
            return TooLarge();
        string text;
        if (request.IsBase64Encoded)
        {
            var bytes = new byte[body.Length];
            if (!Convert.TryFromBase64String(body, bytes, out var written))
                return BadRequest("The form could not be read (invalid base64 body).");
            if (written > limits.MaxBodyBytes)
                return TooLarge();
            if (!TryDecodeUtf8(bytes.AsSpan(0, written), out text))
                return BadRequest("The form is not valid UTF-8.");
        }
        else
        {
            if (Encoding.UTF8.GetByteCount(body) > limits.MaxBodyBytes)
                return TooLarge();
            text = body;
        }

        if (!UrlEncodedForm.TryParse(text, out var form, out var formError))
            return BadRequest($"The form is malformed ({formError}).");
        if (!form.TryGetValue("decision", out var decisionText) || decisionText is not ("approve" or "reject"))
            return BadRequest("The form has no valid decision: it must be 'approve' or 'reject'.");
        form.TryGetValue("comment", out var comment);
        if (comment is not null && comment.Length > ApprovalVoting.MaxCommentLength)
            return BadRequest($"The comment is longer than {ApprovalVoting.MaxCommentLength} characters.");
        form.TryGetValue("nonce", out var nonce);

        var http = request.RequestContext.Http;
        var userAgent = http.UserAgent ?? "";
        var submission = new VoteSubmission(
            credentials,
            nonce,
            decisionText == "approve" ? ApprovalDecision.Approve : ApprovalDecision.Reject,
            comment,
            http.SourceIp ?? "",
            userAgent.Length > limits.MaxUserAgentLength ? userAgent[..limits.MaxUserAgentLength] : userAgent);
        return ApprovalPages.ForVote(await voting.SubmitAsync(submission, cancellationToken).ConfigureAwait(false));
    }

    private static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static FunctionUrlResponse BadRequest(string message) =>
        ApprovalPages.Respond(400, ApprovalPages.Message("Bad request", message));

    private FunctionUrlResponse TooLarge() =>
        ApprovalPages.Respond(413, ApprovalPages.Message("Request too large", $"The form may be at most {limits.MaxBodyBytes} bytes."));
}
