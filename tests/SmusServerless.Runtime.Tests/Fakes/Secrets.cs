namespace SmusServerless.Runtime.Tests.Fakes;

/// <summary>Values shaped like the secrets the redactor must catch (made up; none is real).</summary>
internal static class Secrets
{
    /// <summary>Shaped like a Step Functions task token: long standard base64 with + / =.</summary>
    public const string TaskToken =
        "AQCEAAAAKgAAAAMAAAAAAAAAAR7kF3+Qd2Yv8mZ0xq1TZ/9gP0cN4hW2sLk5pRj8uVbE6aYtDz1oH7nI3fGmC9wXeK4vJ2rQyS5tU8iO0pA1bB2cC3dD4eE5fF6gG7hH8iI9jJ+kK/lL0mM1nN2oO3pP4qQ5rR6sS7tT8uU9vV==";

    /// <summary>Shaped like an AWS secret access key (the example key of the SigV4 documentation).</summary>
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>An HMAC-SHA256 approval-link signature, base64url without padding.</summary>
    public const string LinkSignature = "q3Zr9X_tV2bN-8mKp4LwYc7Hs1Ue6Ja0Df5Gh2Ij3Kl";

    /// <summary>An HMAC-SHA256 signature in hex, as in a SigV4 Authorization header.</summary>
    public const string HexSignature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
}
