using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;

namespace SmusServerless.Local.DataZone;

/// <summary>Subscription requests, the owner's decision, subscriptions and their grants.</summary>
internal static class SubscriptionOperations
{
    public const string SimulatedOwnerId = "simulated-listing-owner";

    public static JsonObject CreateRequest(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        if (ctx.PriorCreate(domainId) is { } prior && ctx.State.SubscriptionRequests.FirstOrDefault(r => r.Str("id") == prior) is { } existing)
        {
            return existing;
        }

        var principalInput = ctx.Input.Arr("subscribedPrincipals").Objects().Single();
        var principal = ResolvePrincipal(ctx, domainId, principalInput);
        var listingId = ctx.Input.Arr("subscribedListings").Objects().Single().Str("identifier")!;
        var listing = ctx.Find(ctx.State.Listings, domainId, listingId, "Listing");
        var principalKey = principal.ToJsonString();
        if (ctx.State.SubscriptionRequests.FirstOrDefault(r => r.Str("domainId") == domainId && r.Str("status") == "PENDING"
                && r.Arr("subscribedListings").Objects().Single().Str("id") == listingId
                && r.Arr("subscribedPrincipals")[0]!.ToJsonString() == principalKey) is { } pending)
        {
            throw DataZoneServiceException.Conflict($"Subscription request {pending.Str("id")} for listing {listingId} by this principal is already PENDING.");
        }

        var approved = ctx.State.Subscriptions.FirstOrDefault(s => s.Str("domainId") == domainId && s.Str("status") == "APPROVED"
            && s.Obj("subscribedListing")!.Str("id") == listingId && s["subscribedPrincipal"]!.ToJsonString() == principalKey);
        var id = OperationContext.NewId();
        var request = new JsonObject
        {
            ["id"] = id,
            ["domainId"] = domainId,
            ["createdBy"] = ctx.Options.CallerUserId,
            ["createdAt"] = ctx.NowIso,
            ["updatedAt"] = ctx.NowIso,
            ["status"] = "PENDING",
            ["requestReason"] = ctx.RequiredStr("requestReason"),
            ["subscribedPrincipals"] = new JsonArray(principal),
            ["subscribedListings"] = new JsonArray(SubscribedListing(ctx, listing)),
            ["existingSubscriptionId"] = approved?.Str("id"),
        };
        if (ctx.Input["metadataForms"] is JsonArray forms)
        {
            request["metadataForms"] = new JsonArray(forms.Objects().Select(f => (JsonNode)new JsonObject
            {
                ["formName"] = f.Str("formName"), ["typeName"] = f.Str("typeIdentifier"), ["typeRevision"] = f.Str("typeRevision"), ["content"] = f.Str("content"),
            }).ToArray());
        }

        ctx.State.SubscriptionRequests.Add(request);
        var policy = OwnerPolicy(ctx.Options, listing);
        if (policy.Mode != OwnerDecisionMode.Manual)
        {
            ctx.Schedule(policy.DecisionDelay, TransitionKind.SubscriptionOwnerDecision, domainId, id);
        }

        ctx.RememberCreate(domainId, id);
        return request;
    }

    public static JsonObject GetRequest(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Find(ctx.State.SubscriptionRequests, domainId, ctx.RequiredStr("identifier"), "Subscription request");
    }

    public static JsonObject ListRequests(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.SubscriptionRequests.WhereEq("domainId", domainId).WhereEq("status", ctx.Str("status"));
        items = FilterByPrincipalAndListing(ctx, items, r => r.Arr("subscribedPrincipals").Objects().Single(), r => r.Arr("subscribedListings").Objects().Single());
        if (ctx.Str("approverProjectId") is { } approver)
        {
            items = items.Where(r => r.Arr("subscribedListings").Objects().Single().Str("ownerProjectId") == approver);
        }

        return ctx.Page(items.Sorted(ctx.Str("sortBy"), ctx.Str("sortOrder")));
    }

    public static JsonObject Accept(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var request = PendingRequest(ctx, domainId);
        AcceptRequest(ctx.State, ctx.Options, request, ctx.Now, ctx.Options.CallerUserId, ctx.Str("decisionComment"));
        return request;
    }

    public static JsonObject Reject(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var request = PendingRequest(ctx, domainId);
        RejectRequest(request, ctx.Now, ctx.Options.CallerUserId, ctx.Str("decisionComment"));
        return request;
    }

    public static JsonObject ListSubscriptions(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.Subscriptions.WhereEq("domainId", domainId).WhereEq("status", ctx.Str("status"))
            .WhereEq("subscriptionRequestId", ctx.Str("subscriptionRequestIdentifier"));
        items = FilterByPrincipalAndListing(ctx, items, s => s.Obj("subscribedPrincipal")!, s => s.Obj("subscribedListing")!);
        if (ctx.Str("approverProjectId") is { } approver)
        {
            items = items.Where(s => s.Obj("subscribedListing")!.Str("ownerProjectId") == approver);
        }

        return ctx.Page(items.Sorted(ctx.Str("sortBy"), ctx.Str("sortOrder")));
    }

    public static JsonObject GetSubscription(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Find(ctx.State.Subscriptions, domainId, ctx.RequiredStr("identifier"), "Subscription");
    }

    public static JsonObject ListGrants(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        var items = ctx.State.Grants.WhereEq("domainId", domainId)
            .WhereEq("subscriptionId", ctx.Str("subscriptionId"))
            .WhereEq("environmentId", ctx.Str("environmentId"))
            .WhereEq("subscriptionTargetId", ctx.Str("subscriptionTargetId"));
        if (ctx.Str("subscribedListingId") is { } listingId)
        {
            items = items.Where(g => g.Obj("grantedEntity")!.Obj("listing")!.Str("id") == listingId);
        }

        if (ctx.Str("owningProjectId") is { } projectId)
        {
            items = items.Where(g => g.Obj("_sim")?.Str("projectId") == projectId);
        }

        return ctx.Page(items.Sorted(ctx.Str("sortBy"), ctx.Str("sortOrder")));
    }

    public static JsonObject GetGrant(OperationContext ctx)
    {
        var domainId = OperationContext.Id(ctx.Domain());
        return ctx.Find(ctx.State.Grants, domainId, ctx.RequiredStr("identifier"), "Subscription grant");
    }

    /// <summary>The owner accepts: the request becomes ACCEPTED, a subscription is APPROVED and a grant starts PENDING.</summary>
    public static void AcceptRequest(DataZoneStateDocument state, DataZoneSimulatorOptions options, JsonObject request, DateTimeOffset now, string reviewer, string? comment)
    {
        var nowIso = Endpoints.Protocol.ShapeProjector.Iso(now);
        var domainId = request.Str("domainId")!;
        request["status"] = "ACCEPTED";
        request["reviewerId"] = reviewer;
        request["updatedBy"] = reviewer;
        request["updatedAt"] = nowIso;
        if (comment is not null)
        {
            request["decisionComment"] = comment;
        }

        var principal = request.Arr("subscribedPrincipals").Objects().Single();
        var listing = request.Arr("subscribedListings").Objects().Single();
        var subscriptionId = OperationContext.NewId();
        state.Subscriptions.Add(new JsonObject
        {
            ["id"] = subscriptionId,
            ["domainId"] = domainId,
            ["createdBy"] = request.Str("createdBy"),
            ["updatedBy"] = reviewer,
            ["createdAt"] = nowIso,
            ["updatedAt"] = nowIso,
            ["status"] = "APPROVED",
            ["subscribedPrincipal"] = principal.DeepClone(),
            ["subscribedListing"] = listing.DeepClone(),
            ["subscriptionRequestId"] = request.Str("id"),
            ["retainPermissions"] = false,
        });

        var projectId = principal.Obj("project")?.Str("id");
        var project = state.Projects.FirstOrDefault(p => p.Str("id") == projectId);
        var environment = state.Environments.Where(e => e.Str("projectId") == projectId).OrderBy(e => e.Str("createdAt"), StringComparer.Ordinal).FirstOrDefault();
        var asset = listing.Obj("item")!.Obj("assetListing");
        var grantId = OperationContext.NewId();
        state.Grants.Add(new JsonObject
        {
            ["id"] = grantId,
            ["domainId"] = domainId,
            ["createdBy"] = reviewer,
            ["createdAt"] = nowIso,
            ["updatedAt"] = nowIso,
            ["subscriptionTargetId"] = project?.Obj("_sim")?.Str("subscriptionTargetId") ?? OperationContext.NewId(),
            ["environmentId"] = environment?.Str("id"),
            ["grantedEntity"] = new JsonObject { ["listing"] = new JsonObject { ["id"] = listing.Str("id"), ["revision"] = listing.Str("revision") ?? "1" } },
            ["status"] = "PENDING",
            ["assets"] = new JsonArray(new JsonObject
            {
                ["assetId"] = asset?.Str("entityId"),
                ["assetRevision"] = asset?.Str("entityRevision") ?? "1",
                ["status"] = "GRANT_PENDING",
                ["targetName"] = listing.Str("name"),
            }),
            ["subscriptionId"] = subscriptionId,
            ["_sim"] = new JsonObject { ["projectId"] = projectId, ["listingId"] = listing.Str("id") },
        });
        state.Schedule.Add(new ScheduledTransition(now + options.Timings.GrantStart, TransitionKind.GrantInProgress, domainId, grantId));
    }

    public static void RejectRequest(JsonObject request, DateTimeOffset now, string reviewer, string? comment)
    {
        request["status"] = "REJECTED";
        request["reviewerId"] = reviewer;
        request["updatedBy"] = reviewer;
        request["updatedAt"] = Endpoints.Protocol.ShapeProjector.Iso(now);
        if (comment is not null)
        {
            request["decisionComment"] = comment;
        }
    }

    public static SubscriptionOwnerPolicy OwnerPolicy(DataZoneSimulatorOptions options, JsonObject listing)
    {
        var sim = listing.Obj("_sim")?.Obj("ownerPolicy");
        if (sim is null)
        {
            return options.OwnerPolicy;
        }

        return new SubscriptionOwnerPolicy(
            Enum.Parse<OwnerDecisionMode>(sim.Str("mode") ?? nameof(OwnerDecisionMode.AutoAccept), ignoreCase: true),
            TimeSpan.FromSeconds((double?)sim["decisionDelaySeconds"] ?? options.OwnerPolicy.DecisionDelay.TotalSeconds),
            sim.Str("rejectReason"));
    }

    public static GrantPolicy GrantPolicyFor(DataZoneSimulatorOptions options, JsonObject? listing)
    {
        var sim = listing?.Obj("_sim")?.Obj("grantPolicy");
        return sim is null
            ? options.GrantPolicy
            : new GrantPolicy(Enum.Parse<GrantOutcome>(sim.Str("outcome") ?? nameof(GrantOutcome.Complete), ignoreCase: true), sim.Str("failureMessage"));
    }

    private static JsonObject PendingRequest(OperationContext ctx, string domainId)
    {
        var request = ctx.Find(ctx.State.SubscriptionRequests, domainId, ctx.RequiredStr("identifier"), "Subscription request");
        if (request.Str("status") != "PENDING")
        {
            throw DataZoneServiceException.Conflict($"Subscription request {request.Str("id")} is already {request.Str("status")}.");
        }

        return request;
    }

    private static IEnumerable<JsonObject> FilterByPrincipalAndListing(OperationContext ctx, IEnumerable<JsonObject> items,
        Func<JsonObject, JsonObject> principal, Func<JsonObject, JsonObject> listing)
    {
        if (ctx.Str("subscribedListingId") is { } listingId)
        {
            items = items.Where(i => listing(i).Str("id") == listingId);
        }

        if (ctx.Str("owningProjectId") is { } projectId)
        {
            items = items.Where(i => principal(i).Obj("project")?.Str("id") == projectId);
        }

        if (ctx.Str("owningUserId") is { } userId)
        {
            items = items.Where(i => principal(i).Obj("user")?.Str("id") == userId);
        }

        if (ctx.Str("owningGroupId") is { } groupId)
        {
            items = items.Where(i => principal(i).Obj("group")?.Str("id") == groupId);
        }

        if (ctx.Str("owningIamPrincipalArn") is { } arn)
        {
            items = items.Where(i => principal(i).Obj("iam")?.Str("principalArn") == arn);
        }

        return items;
    }

    private static JsonObject ResolvePrincipal(OperationContext ctx, string domainId, JsonObject input)
    {
        if (input.Obj("project") is { } project)
        {
            var projectId = project.Str("identifier") ?? throw DataZoneServiceException.Validation("subscribedPrincipals.1.member.project.identifier is required.");
            var found = ctx.Find(ctx.State.Projects, domainId, projectId, "Project");
            return new JsonObject { ["project"] = new JsonObject { ["id"] = projectId, ["name"] = found.Str("name") } };
        }

        if (input.Obj("user") is { } user)
        {
            var userId = user.Str("identifier") ?? throw DataZoneServiceException.Validation("subscribedPrincipals.1.member.user.identifier is required.");
            var profile = UserOperations.Resolve(ctx.State, domainId, userId) ?? throw DataZoneServiceException.NotFound($"User {userId} not found in domain {domainId}.");
            return new JsonObject { ["user"] = new JsonObject { ["id"] = profile.Str("id"), ["details"] = profile["details"]!.DeepClone() } };
        }

        if (input.Obj("group") is { } group)
        {
            return new JsonObject { ["group"] = new JsonObject { ["id"] = group.Str("identifier") } };
        }

        return new JsonObject { ["iam"] = new JsonObject { ["principalArn"] = input.Obj("iam")!.Str("identifier") } };
    }

    private static JsonObject SubscribedListing(OperationContext ctx, JsonObject listing)
    {
        var asset = CatalogOperations.Asset(listing);
        var ownerProjectId = asset.Str("owningProjectId");
        return new JsonObject
        {
            ["id"] = listing.Str("id"),
            ["revision"] = listing.Str("listingRevision"),
            ["name"] = listing.Str("name"),
            ["description"] = listing.Str("description") ?? "",
            ["item"] = new JsonObject
            {
                ["assetListing"] = new JsonObject
                {
                    ["entityId"] = asset.Str("assetId"),
                    ["entityRevision"] = asset.Str("assetRevision"),
                    ["entityType"] = asset.Str("assetType"),
                    ["forms"] = asset.Str("forms"),
                },
            },
            ["ownerProjectId"] = ownerProjectId,
            ["ownerProjectName"] = ctx.State.Projects.FirstOrDefault(p => p.Str("id") == ownerProjectId)?.Str("name"),
        };
    }
}
