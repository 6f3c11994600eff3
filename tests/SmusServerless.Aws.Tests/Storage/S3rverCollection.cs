namespace SmusServerless.Aws.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = S3rverFixture.CollectionName;
}
