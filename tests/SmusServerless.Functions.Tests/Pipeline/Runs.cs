using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;

namespace SmusServerless.Functions.Tests.Pipeline;

internal static class Runs
{
    public static RunContext For(BundleReference bundle, string runId = "run-1", string version = "1.0.0") =>
        new(runId, "demo", bundle, "demo", version, "abc123", "dev@example.com", null, 3600, DateTimeOffset.UnixEpoch);

    public static PlannedTarget Target(string name = "dev", string stage = "DEV", string project = "dev-demo", bool create = false, string? domainId = "dzd_corp") =>
        new(name, stage, stage == "PROD", new TargetDomain("corp", "us-east-1", domainId), project, null, create, 0);

    public static ProjectReference Project(string name = "dev-demo") => new("dzd_corp", "prj_" + name, name, "us-east-1");
}
