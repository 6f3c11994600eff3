using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Json;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>
/// Parallel and Map states: starting child branches (all branches; Map items up to MaxConcurrency), hearing each
/// child end, the tolerated failure threshold, and collecting the results in branch or item order.
/// </summary>
internal sealed class ParallelAndMap(ExecutionSession run)
{
    public void StartParallel(BranchRecord b, ParallelState parallel, JsonNode? input)
    {
        var effective = StatePaths.ApplyInputPath(parallel, input);
        var branchInput = parallel.Parameters is not null
            ? run.Paths.EvaluateTemplate(parallel.Parameters, effective, run.Paths.Context(b, parallel), ErrorNames.ParameterPathFailure)
            : effective;
        run.History.Emit(b, "ParallelStateStarted", null, null);
        b.ChildIds = [];
        b.Phase = BranchPhase.AwaitingBranches;
        for (var i = 0; i < parallel.Branches.Count; i++)
        {
            var scope = parallel.Branches[i];
            var child = ExecutionRunner.NewBranch(run.Record, scope.Key, scope.StartAt, JsonValues.ToJson(branchInput), b.Id, i);
            b.ChildIds.Add(child.Id);
        }
    }

    public void StartMap(BranchRecord b, MapState map, JsonNode? input)
    {
        var effective = StatePaths.ApplyInputPath(map, input);
        var itemsNode = map.ItemsPath.IsNull ? effective : StatePaths.Select(map.ItemsPath.Path!, effective, "ItemsPath");
        if (itemsNode is not JsonArray items)
        {
            throw new StateFailure(ErrorNames.Runtime,
                $"Map state '{map.Name}': ItemsPath '{map.ItemsPath.Path?.Text ?? "$"}' must select a JSON array, not {JsonValues.Kind(itemsNode)}");
        }
        var context = run.Paths.Context(b, map);
        b.PendingItems = [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            JsonNode? itemInput;
            if (map.ItemSelector is not null)
            {
                // The ItemSelector sees $$.Map.Item.Index and $$.Map.Item.Value besides the usual context.
                var itemContext = (JsonObject)context.DeepClone();
                itemContext["Map"] = new JsonObject { ["Item"] = new JsonObject { ["Index"] = i, ["Value"] = item?.DeepClone() } };
                itemInput = run.Paths.EvaluateTemplate(map.ItemSelector, effective, itemContext, ErrorNames.ParameterPathFailure);
            }
            else
            {
                itemInput = item?.DeepClone();
            }
            b.PendingItems.Add(JsonValues.ToJson(itemInput));
        }
        b.MaxConcurrency = map.MaxConcurrencyPath is { } mcp
            ? NonNegativeInt(StatePaths.Select(mcp, effective, "MaxConcurrencyPath"), "MaxConcurrencyPath")
            : map.MaxConcurrency;
        b.ToleratedFailureCount = map.ToleratedFailureCountPath is { } tcp
            ? NonNegativeInt(StatePaths.Select(tcp, effective, "ToleratedFailureCountPath"), "ToleratedFailureCountPath")
            : map.ToleratedFailureCount;
        b.ToleratedFailurePercentage = map.ToleratedFailurePercentagePath is { } tpp
            ? JsonValues.TryGetDouble(StatePaths.Select(tpp, effective, "ToleratedFailurePercentagePath"), out var pct) && pct is >= 0 and <= 100
                ? pct
                : throw new StateFailure(ErrorNames.Runtime, "ToleratedFailurePercentagePath must point to a number from 0 to 100")
            : map.ToleratedFailurePercentage;
        b.NextItem = 0;
        b.ChildIds = [];
        b.Phase = BranchPhase.AwaitingBranches;
        run.History.Emit(b, "MapStateStarted", "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count });
        if (items.Count == 0)
        {
            FinishMap(b, map);
            return;
        }
        StartMoreItems(b, map);
    }

    /// <summary>A child branch of a Parallel or Map state succeeded.</summary>
    public void ChildSucceeded(BranchRecord parent, BranchRecord child)
    {
        var rec = run.Record;
        var parentState = run.StateOf(parent);
        if (parentState is MapState map)
        {
            run.History.Emit(parent, "MapIterationSucceeded", "mapIterationSucceededEventDetails", new JsonObject { ["name"] = map.Name, ["index"] = child.Index });
            StartMoreItems(parent, map);
            if (AllItemsDone(parent))
            {
                FinishMap(parent, map);
            }
        }
        else if (parentState is ParallelState parallel && parent.ChildIds.All(id => rec.Branches[id].Phase == BranchPhase.Succeeded))
        {
            run.History.Emit(parent, "ParallelStateSucceeded", null, null);
            var results = new JsonArray(parent.ChildIds.Select(id => StatePaths.Parse(rec.Branches[id].Output!)).ToArray());
            run.Lifecycle.StateResult(parent, parallel, parallel.ResultSelector, parallel.ResultPath, results);
        }
    }

    /// <summary>
    /// A child branch failed: a Map within its tolerated failure threshold carries on; otherwise the other children
    /// stop and the Parallel or Map state fails (with the child's error, or States.ExceedToleratedFailureThreshold).
    /// </summary>
    public void ChildFailed(BranchRecord parent, BranchRecord child, string error, string cause)
    {
        var rec = run.Record;
        var parentState = run.StateOf(parent);
        if (parentState is MapState map)
        {
            run.History.Emit(parent, "MapIterationFailed", "mapIterationFailedEventDetails", new JsonObject { ["name"] = map.Name, ["index"] = child.Index });
            var failures = parent.ChildIds.Count(id => rec.Branches[id].Phase == BranchPhase.Failed);
            var total = parent.PendingItems.Count;
            var tolerant = parent.ToleratedFailureCount is not null || parent.ToleratedFailurePercentage is not null;
            var exceeded = !tolerant
                || (parent.ToleratedFailureCount is { } count && failures > count)
                || (parent.ToleratedFailurePercentage is { } pct && failures * 100.0 / total > pct);
            if (!exceeded)
            {
                StartMoreItems(parent, map);
                if (AllItemsDone(parent))
                {
                    FinishMap(parent, map);
                }
                return;
            }
            AbortChildren(parent);
            run.History.Emit(parent, "MapStateFailed", null, null);
            if (tolerant)
            {
                run.Errors.Handle(parent, map, ErrorNames.ExceedToleratedFailureThreshold,
                    $"The specified tolerated failure threshold was exceeded ({failures} of {total} items failed)");
            }
            else
            {
                run.Errors.Handle(parent, map, error, cause);
            }
        }
        else if (parentState is ParallelState parallel)
        {
            // One failed branch fails the Parallel state and stops the other branches.
            AbortChildren(parent);
            run.History.Emit(parent, "ParallelStateFailed", null, null);
            run.Errors.Handle(parent, parallel, error, cause);
        }
    }

    private bool AllItemsDone(BranchRecord parent)
        => parent.ChildIds.All(id => run.Record.Branches[id].Phase is BranchPhase.Succeeded or BranchPhase.Failed)
           && parent.NextItem >= parent.PendingItems.Count;

    private void FinishMap(BranchRecord parent, MapState map)
    {
        run.History.Emit(parent, "MapStateSucceeded", null, null);
        // Items that failed within the tolerated threshold contribute their error output {Error, Cause}.
        var results = new JsonArray(parent.ChildIds.Select(id => run.Record.Branches[id]).OrderBy(c => c.Index)
            .Select(c => c.Phase == BranchPhase.Succeeded ? StatePaths.Parse(c.Output!) : new JsonObject { ["Error"] = c.Error, ["Cause"] = c.Cause })
            .ToArray());
        run.Lifecycle.StateResult(parent, map, map.ResultSelector, map.ResultPath, results);
    }

    private void StartMoreItems(BranchRecord b, MapState map)
    {
        var running = b.ChildIds.Count(id => !ExecutionSession.IsDone(run.Record.Branches[id]));
        while (b.NextItem < b.PendingItems.Count && (b.MaxConcurrency == 0 || running < b.MaxConcurrency))
        {
            var index = b.NextItem++;
            var child = ExecutionRunner.NewBranch(run.Record, map.Processor.Key, map.Processor.StartAt, b.PendingItems[index], b.Id, index);
            b.ChildIds.Add(child.Id);
            run.History.Emit(b, "MapIterationStarted", "mapIterationStartedEventDetails", new JsonObject { ["name"] = map.Name, ["index"] = index });
            running++;
        }
    }

    private void AbortChildren(BranchRecord parent)
    {
        foreach (var id in parent.ChildIds)
        {
            var child = run.Record.Branches[id];
            if (!ExecutionSession.IsDone(child))
            {
                run.Lifecycle.Abort(child);
                if (parent.PendingItems.Count > 0)
                {
                    run.History.Emit(parent, "MapIterationAborted", "mapIterationAbortedEventDetails", new JsonObject { ["name"] = parent.State, ["index"] = child.Index });
                }
            }
        }
        parent.NextItem = parent.PendingItems.Count;
    }

    private static int NonNegativeInt(JsonNode? node, string field)
        => JsonValues.TryGetNumber(node, out var d) && d >= 0 && d == Math.Floor(d) && d <= int.MaxValue
            ? (int)d
            : throw new StateFailure(ErrorNames.Runtime, $"{field} must point to a non-negative integer");
}
