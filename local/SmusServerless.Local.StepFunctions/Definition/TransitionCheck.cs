namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>
/// Transitions within one scope: every Next, Default and catcher Next names a state of the same scope, every state
/// can be reached from StartAt, and at least one state ends the scope.
/// </summary>
internal static class TransitionCheck
{
    public static void Check(string startAt, IReadOnlyDictionary<string, StateDefinition> states, string location, DefinitionFields fields)
    {
        foreach (var state in states.Values)
        {
            foreach (var (target, field) in Targets(state))
            {
                if (!states.ContainsKey(target))
                {
                    fields.Invalid($"{location}/States/{state.Name}/{field}",
                        $"'{target}' is not a state in the same scope (a transition cannot leave or enter a Parallel branch or Map processor)");
                }
            }
        }
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (states.ContainsKey(startAt))
        {
            queue.Enqueue(startAt);
            reached.Add(startAt);
        }
        while (queue.Count > 0)
        {
            foreach (var (target, _) in Targets(states[queue.Dequeue()]))
            {
                if (states.ContainsKey(target) && reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }
        foreach (var name in states.Keys.Where(n => !reached.Contains(n)))
        {
            fields.Invalid($"{location}/States/{name}", $"the state '{name}' cannot be reached from StartAt '{startAt}'");
        }
        var terminal = states.Values.Any(s => s.End || s is SucceedState or FailState);
        if (!terminal && states.Count > 0)
        {
            fields.Invalid($"{location}/States", "no terminal state: at least one state needs \"End\": true or must be a Succeed or Fail state");
        }
    }

    /// <summary>Every state a state can move to, with the field that names it.</summary>
    private static IEnumerable<(string Target, string Field)> Targets(StateDefinition state)
    {
        if (state is UnsupportedQueryLanguageState opaque)
        {
            foreach (var t in opaque.Targets)
            {
                yield return (t, "Next");
            }
            yield break;
        }
        if (state.Next is not null)
        {
            yield return (state.Next, "Next");
        }
        if (state is ChoiceState choice)
        {
            for (var i = 0; i < choice.Choices.Count; i++)
            {
                if (choice.Choices[i].Next is { } n)
                {
                    yield return (n, $"Choices/{i}/Next");
                }
            }
            if (choice.Default is not null)
            {
                yield return (choice.Default, "Default");
            }
        }
        var catchers = state switch
        {
            TaskState t => t.Catch,
            ParallelState p => p.Catch,
            MapState m => m.Catch,
            _ => [],
        };
        for (var i = 0; i < catchers.Count; i++)
        {
            yield return (catchers[i].Next, $"Catch/{i}/Next");
        }
    }
}
