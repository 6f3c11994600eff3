using SmusServerless.Runtime.Redaction;
using SmusServerless.Runtime.Tests.Fakes;

namespace SmusServerless.Runtime.Tests;

public sealed class SecretRedactorTests
{
    private readonly SecretRedactor _redactor = SecretRedactor.Default;

    [Fact]
    public void Masks_a_task_token_in_free_text()
    {
        Assert.Equal("resuming *** now", _redactor.Redact($"resuming {Secrets.TaskToken} now"));
    }

    [Fact]
    public void Masks_an_aws_secret_access_key()
    {
        Assert.Equal("key (***)", _redactor.Redact($"key ({Secrets.SecretAccessKey})"));
    }

    [Fact]
    public void Masks_a_base64url_signature()
    {
        Assert.Equal("signed ***.", _redactor.Redact($"signed {Secrets.LinkSignature}."));
    }

    [Theory]
    [InlineData("https://approvals.example/a/1?approver=ann&sig={0}&exp=1", "https://approvals.example/a/1?approver=ann&sig=***&exp=1")]
    [InlineData("X-Amz-Signature={0}", "X-Amz-Signature=***")]
    [InlineData("Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, Signature={0}",
        "Credential=***, Signature=***")]
    [InlineData("{{\"taskToken\": \"{0}\"}}", "{\"taskToken\": \"***\"}")]
    [InlineData("password: {0}", "password: ***")]
    public void Masks_the_value_after_a_secret_named_key(string template, string expected)
    {
        Assert.Equal(expected, _redactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Secrets.HexSignature)));
    }

    [Fact]
    public void Masks_a_quoted_value_with_spaces_whole()
    {
        Assert.Equal("{\"clientSecret\": \"***\"}", _redactor.Redact("{\"clientSecret\": \"correct horse battery staple\"}"));
    }

    [Theory]
    [InlineData("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad")]
    [InlineData("request c6af9ac6-7b61-11e6-9a41-93e8deadbeef")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:smus-serverless-ResolveFunction-A1B2C3D4E5F6")]
    [InlineData("s3://bundles/projects/analytics/releases/2026-11-27/bundle-1.4.2.zip")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    public void Leaves_hashes_ids_arns_and_paths_readable(string text)
    {
        Assert.Equal(text, _redactor.Redact(text));
    }

    [Theory]
    [InlineData("taskToken")]
    [InlineData("task_token")]
    [InlineData("X-Amz-Security-Token")]
    [InlineData("signature")]
    [InlineData("sig")]
    [InlineData("clientSecret")]
    [InlineData("DB_PASSWORD")]
    [InlineData("Authorization")]
    [InlineData("aws.credentials")]
    public void Treats_secret_named_keys_as_sensitive(string key)
    {
        Assert.True(_redactor.IsSensitiveKey(key));
    }

    [Theory]
    [InlineData("approver")]
    [InlineData("design")]
    [InlineData("signedHeaders")]
    [InlineData("executionArn")]
    public void Leaves_ordinary_keys_alone(string key)
    {
        Assert.False(_redactor.IsSensitiveKey(key));
    }

    [Fact]
    public void Masks_a_sensitive_key_whatever_its_value_looks_like()
    {
        Assert.Equal(SecretRedactor.Mask, _redactor.RedactValue("taskToken", "short"));
    }
}
