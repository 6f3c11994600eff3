using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone.State;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.DataZone;

/// <summary>
/// Applies the scheduled asynchronous changes whose time has come, in time order. They run at the start of every
/// call, so what a client sees depends only on the virtual clock, never on wall-clock timers.
/// </summary>
internal static class DataZoneTransitions
{
    public static void ApplyDue(DataZoneStateDocument state, DataZoneSimulatorOptions options, DateTimeOffset now)
    {
        while (true)
        {
            var due = state.Schedule.Where(t => t.At <= now).OrderBy(t => t.At).ThenBy(t => t.Kind).FirstOrDefault();
            if (due is null)
            {
                return;
            }

            state.Schedule.Remove(due);
            Apply(state, options, due);
        }
    }

    private static void Apply(DataZoneStateDocument state, DataZoneSimulatorOptions options, ScheduledTransition transition)
    {
        var atIso = ShapeProjector.Iso(transition.At);
        switch (transition.Kind)
        {
            case TransitionKind.DomainAvailable:
                if (Find(state.Domains, transition) is { } domain && domain.Str("status") == "CREATING")
                {
                    domain["status"] = "AVAILABLE";
                    domain["lastUpdatedAt"] = atIso;
                }

                break;
            case TransitionKind.EnvironmentDeployed:
                if (Find(state.Environments, transition) is { } environment && environment.Str("status") == "CREATING")
                {
                    FinishEnvironment(state, options, environment, transition.At);
                }

                break;
            case TransitionKind.SubscriptionOwnerDecision:
                if (Find(state.SubscriptionRequests, transition) is { } request && request.Str("status") == "PENDING")
                {
                    var listingId = request.Arr("subscribedListings").Objects().Single().Str("id");
                    var listing = state.Listings.FirstOrDefault(l => l.Str("id") == listingId);
                    var policy = listing is null ? options.OwnerPolicy : SubscriptionOperations.OwnerPolicy(options, listing);
                    if (policy.Mode == OwnerDecisionMode.AutoReject)
                    {
                        SubscriptionOperations.RejectRequest(request, transition.At, SubscriptionOperations.SimulatedOwnerId,
                            policy.RejectReason ?? "Rejected by the simulated listing owner.");
                    }
                    else if (policy.Mode == OwnerDecisionMode.AutoAccept)
                    {
                        SubscriptionOperations.AcceptRequest(state, options, request, transition.At, SubscriptionOperations.SimulatedOwnerId,
                            "Accepted by the simulated listing owner.");
                    }
                }

                break;
            case TransitionKind.GrantInProgress:
                if (Find(state.Grants, transition) is { } grant && grant.Str("status") == "PENDING")
                {
                    SetGrantStatus(grant, "IN_PROGRESS", "GRANT_IN_PROGRESS", atIso);
                    state.Schedule.Add(transition with { At = transition.At + options.Timings.GrantDuration, Kind = TransitionKind.GrantFinished });
                }

                break;
            case TransitionKind.GrantFinished:
                if (Find(state.Grants, transition) is { } started && started.Str("status") == "IN_PROGRESS")
                {
                    var listing = state.Listings.FirstOrDefault(l => l.Str("id") == started.Obj("_sim")?.Str("listingId"));
                    var policy = SubscriptionOperations.GrantPolicyFor(options, listing);
                    if (policy.Outcome == GrantOutcome.Fail)
                    {
                        SetGrantStatus(started, "GRANT_FAILED", "GRANT_FAILED", atIso);
                        foreach (var asset in started.Arr("assets").Objects())
                        {
                            asset["failureCause"] = new JsonObject { ["message"] = policy.FailureMessage ?? "Lake Formation grant failed (simulated)." };
                            asset["failureTimestamp"] = atIso;
                        }
                    }
                    else
                    {
                        SetGrantStatus(started, "COMPLETED", "GRANTED", atIso);
                        foreach (var asset in started.Arr("assets").Objects())
                        {
                            asset["grantedTimestamp"] = atIso;
                        }
                    }
                }

                break;
        }
    }

    private static void FinishEnvironment(DataZoneStateDocument state, DataZoneSimulatorOptions options, JsonObject environment, DateTimeOffset at)
    {
        var atIso = ShapeProjector.Iso(at);
        var fails = options.FailingEnvironmentNames.Contains(environment.Str("name")!)
                    || (environment.Str("environmentConfigurationName") is { } c && options.FailingEnvironmentNames.Contains(c));
        environment["status"] = fails ? "CREATE_FAILED" : "ACTIVE";
        environment["updatedAt"] = atIso;
        var deployment = environment.Obj("lastDeployment")!;
        deployment["deploymentStatus"] = fails ? "FAILED" : "SUCCESSFUL";
        deployment["isDeploymentComplete"] = true;
        if (fails)
        {
            deployment["failureReason"] = new JsonObject { ["code"] = "DeploymentFailed", ["message"] = "Environment deployment failed (simulated)." };
        }

        var projectId = environment.Str("projectId")!;
        var domainId = environment.Str("domainId")!;
        var project = state.Projects.First(p => p.Str("id") == projectId);
        if (!fails)
        {
            var s3Uri = ProjectS3Uri(options, domainId, projectId);
            environment["provisionedResources"] = new JsonArray(
                new JsonObject { ["name"] = "userRoleArn", ["type"] = "IAMRole", ["provider"] = "IAM", ["value"] = $"arn:aws:iam::{environment.Str("awsAccountId")}:role/datazone_usr_role_{projectId}_{environment.Str("id")}" },
                new JsonObject { ["name"] = "s3BucketPath", ["type"] = "S3", ["provider"] = "Amazon S3", ["value"] = s3Uri });
            EnsureSharedS3Connection(state, environment, s3Uri, atIso);
        }

        if (project.Obj("environmentDeploymentDetails") is { } details)
        {
            var environments = state.Environments.Where(e => e.Str("projectId") == projectId).ToList();
            if (environments.Any(e => e.Str("status") == "CREATE_FAILED"))
            {
                details["overallDeploymentStatus"] = "FAILED_DEPLOYMENT";
                details["environmentFailureReasons"] = new JsonObject
                {
                    [environment.Str("id")!] = new JsonArray(new JsonObject { ["message"] = "Environment deployment failed (simulated)." }),
                };
            }
            else if (environments.All(e => e.Str("status") == "ACTIVE"))
            {
                details["overallDeploymentStatus"] = "SUCCESSFUL";
            }

            project["lastUpdatedAt"] = atIso;
        }
    }

    /// <summary>The first active environment of a project brings the project's <c>default.s3_shared</c> connection, as in SageMaker Unified Studio.</summary>
    private static void EnsureSharedS3Connection(DataZoneStateDocument state, JsonObject environment, string s3Uri, string atIso)
    {
        var projectId = environment.Str("projectId");
        if (state.Connections.Any(c => c.Str("projectId") == projectId && c.Str("name") == "default.s3_shared"))
        {
            return;
        }

        var domain = state.Domains.First(d => d.Str("id") == environment.Str("domainId"));
        state.Connections.Add(ConnectionOperations.NewConnection(domain.Str("id")!, domain.Str("rootDomainUnitId")!, OperationContext.NewId(),
            "default.s3_shared", "S3", environment, ConnectionOperations.S3Props(s3Uri),
            new JsonObject { ["awsAccountId"] = environment.Str("awsAccountId"), ["awsRegion"] = environment.Str("awsAccountRegion") }, "PROJECT", atIso));
    }

    public static string ProjectS3Uri(DataZoneSimulatorOptions options, string domainId, string projectId) =>
        options.ProjectS3UriTemplate
            .Replace("{account}", options.AccountId, StringComparison.Ordinal)
            .Replace("{region}", options.Region, StringComparison.Ordinal)
            .Replace("{domainSuffix}", domainId[4..], StringComparison.Ordinal)
            .Replace("{domainId}", domainId, StringComparison.Ordinal)
            .Replace("{projectId}", projectId, StringComparison.Ordinal);

    private static void SetGrantStatus(JsonObject grant, string status, string assetStatus, string atIso)
    {
        grant["status"] = status;
        grant["updatedAt"] = atIso;
        foreach (var asset in grant.Arr("assets").Objects())
        {
            asset["status"] = assetStatus;
        }
    }

    private static JsonObject? Find(List<JsonObject> collection, ScheduledTransition transition) =>
        // Domains carry no domainId member; every other resource is keyed by (domainId, id).
        collection.FirstOrDefault(r => r.Str("id") == transition.ResourceId && (r.Str("domainId") ?? r.Str("id")) == transition.DomainId);
}
