using System.Text.Json.Nodes;
using SmusServerless.Local.Events;

namespace SmusServerless.Local.Tests.Endpoints;

public sealed class EventPatternTests
{
    private static readonly JsonObject Event = (JsonObject)JsonNode.Parse("""
        {"source":"smus.pipeline","detail-type":"Target Deployed","resources":["arn:a","arn:b"],
         "detail":{"target":"prod","files":12,"tags":["x","y"],"author":null}}
        """)!;

    [Theory]
    [InlineData("""{"source":["smus.pipeline"]}""", true)]
    [InlineData("""{"source":["aws.s3"]}""", false)]
    [InlineData("""{"detail":{"target":["dev","prod"]}}""", true)]
    [InlineData("""{"detail-type":[{"prefix":"Target"}]}""", true)]
    [InlineData("""{"detail-type":[{"suffix":"Deployed"}]}""", true)]
    [InlineData("""{"detail-type":[{"equals-ignore-case":"target deployed"}]}""", true)]
    [InlineData("""{"detail":{"target":[{"anything-but":["prod"]}]}}""", false)]
    [InlineData("""{"detail":{"target":[{"anything-but":{"prefix":"de"}}]}}""", true)]
    [InlineData("""{"detail":{"files":[{"numeric":[">",10,"<=",12]}]}}""", true)]
    [InlineData("""{"detail":{"files":[{"numeric":[">",12]}]}}""", false)]
    [InlineData("""{"detail":{"missing":[{"exists":false}]}}""", true)]
    [InlineData("""{"detail":{"target":[{"exists":false}]}}""", false)]
    [InlineData("""{"detail":{"target":[{"exists":true}]}}""", true)]
    [InlineData("""{"detail":{"tags":["y"]}}""", true)]
    [InlineData("""{"resources":["arn:c"]}""", false)]
    [InlineData("""{"detail":{"author":[null]}}""", true)]
    [InlineData("""{"detail":{"files":[12]}}""", true)]
    [InlineData("""{"detail-type":[{"wildcard":"Target *"}]}""", true)]
    [InlineData("""{"detail-type":[{"anything-but":{"wildcard":"*Deployed"}}]}""", false)]
    [InlineData("""{"$or":[{"source":["aws.s3"]},{"detail":{"target":["prod"]}}]}""", true)]
    [InlineData("""{"source":["smus.pipeline"],"$or":[{"source":["aws.s3"]},{"detail":{"target":["dev"]}}]}""", false)]
    public void Matches_as_eventbridge_does(string pattern, bool expected) =>
        Assert.Equal(expected, EventPattern.Parse(pattern).Matches(Event));

    [Fact]
    public void Refuses_an_unknown_matcher_naming_where()
    {
        var error = Assert.Throws<ArgumentException>(() => EventPattern.Parse("""{"detail":{"x":[{"regex":"a"}]}}"""));
        Assert.Contains("detail.x", error.Message);
    }

    [Fact]
    public void Refuses_a_leaf_that_is_not_an_array()
    {
        Assert.Throws<ArgumentException>(() => EventPattern.Parse("""{"source":"smus.pipeline"}"""));
    }
}
