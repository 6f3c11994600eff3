using SmusServerless.Core.Pipeline;

namespace SmusServerless.Core.Tests.Pipeline;

public sealed class WaitPolicyTests
{
    [Fact]
    public void Waits_grow_exponentially_up_to_the_maximum()
    {
        var policy = new WaitPolicy(10, 60, 10);
        Assert.Equal([10, 20, 40, 60, 60], Enumerable.Range(0, 5).Select(a => policy.Wait(a, "X.Timeout", "it").WaitSeconds));
    }

    [Fact]
    public void Each_wait_counts_one_more_attempt()
    {
        Assert.Equal(4, new WaitPolicy(1, 1, 10).Wait(3, "X.Timeout", "it").Attempt);
    }

    [Fact]
    public void Giving_up_names_the_error_and_what_was_pending()
    {
        var failure = Assert.Throws<PipelineFailure>(() => new WaitPolicy(1, 1, 3).Wait(3, PipelineErrors.ProvisionTimeout, "Project dev-x"));
        Assert.Equal(PipelineErrors.ProvisionTimeout, failure.Error);
        Assert.Contains("Project dev-x", failure.Cause);
    }
}
