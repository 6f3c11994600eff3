using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Conformance;

/// <summary>One corpus entry: a definition, an input, scripted task results and the expected end.</summary>
public sealed record ConformanceCase(string Name, string Path, JsonObject Json)
{
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "Conformance", "Cases");

    public string Description => Json["description"]!.GetValue<string>();

    public string Definition => Json["definition"]!.ToJsonString();

    public string Input => Json["input"]?.ToJsonString() ?? "{}";

    public JsonObject? Tasks => Json["tasks"] as JsonObject;

    public JsonObject Expected => (JsonObject)Json["expected"]!;

    public bool Differential => Json["differential"]?.GetValue<bool>() ?? false;

    public int? AdvanceSeconds => Json["advanceSeconds"]?.GetValue<int>();

    private static readonly Lazy<IReadOnlyList<ConformanceCase>> Corpus = new(() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal)
            .Select(p => new ConformanceCase(System.IO.Path.GetFileNameWithoutExtension(p), p, (JsonObject)JsonNode.Parse(File.ReadAllText(p))!))
            .ToList());

    public static IEnumerable<ConformanceCase> All() => Corpus.Value;

    public static ConformanceCase Named(string name) => All().Single(c => c.Name == name);

    public static TheoryData<string> Names(bool differentialOnly = false)
    {
        var data = new TheoryData<string>();
        foreach (var c in All().Where(c => !differentialOnly || c.Differential))
        {
            data.Add(c.Name);
        }
        return data;
    }

    /// <summary>Runs the case on the local engine with a virtual clock, answering scripted callbacks.</summary>
    public async Task<(ExecutionDescription Description, LocalStepFunctions Engine)> RunAsync(string stateDirectory)
    {
        var clock = new VirtualTimeProvider();
        var scripted = new ScriptedTaskResource(Tasks);
        var engine = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            StateDirectory = stateDirectory,
            Clock = clock,
            AdditionalResources = [scripted],
            Intrinsics = new SmusServerless.Local.StepFunctions.Intrinsics.IntrinsicEnvironment { NewUuid = () => Guid.Parse("11111111-2222-4333-8444-555555555555") },
        });
        var machine = engine.CreateStateMachine("conformance", Definition);
        var started = await engine.StartExecutionAsync(machine.StateMachineArn, "case", Input);
        for (var round = 0; round < 50; round++)
        {
            await engine.RunUntilIdleAsync();
            if (engine.DescribeExecution(started.ExecutionArn).Status != "RUNNING")
            {
                break;
            }
            var answered = false;
            foreach (var (token, callback) in scripted.TakePendingCallbacks())
            {
                if (callback is JsonObject c && c.ContainsKey("output"))
                {
                    await engine.SendTaskSuccessAsync(token, c["output"]?.ToJsonString() ?? "null");
                    answered = true;
                }
                else if (callback is JsonObject f && f.ContainsKey("error"))
                {
                    await engine.SendTaskFailureAsync(token, f["error"]!.GetValue<string>(), f["cause"]?.GetValue<string>());
                    answered = true;
                }
            }
            if (!answered)
            {
                var seconds = AdvanceSeconds ?? throw new InvalidOperationException($"case {Name} is stuck waiting and has no advanceSeconds");
                await engine.AdvanceClockAsync(TimeSpan.FromSeconds(seconds));
            }
        }
        return (engine.DescribeExecution(started.ExecutionArn), engine);
    }
}
