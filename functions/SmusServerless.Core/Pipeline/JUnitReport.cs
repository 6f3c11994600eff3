using System.Xml;
using System.Xml.Linq;

namespace SmusServerless.Core.Pipeline;

/// <summary>Reads the counts of a JUnit XML report (pytest's <c>--junitxml</c>): one &lt;testsuite&gt; or a &lt;testsuites&gt; of them.</summary>
public static class JUnitReport
{
    /// <summary>Counts from the report; throws <see cref="FormatException"/> naming the problem for a malformed one.</summary>
    public static TestSummary Parse(Stream xml, string? reportKey)
    {
        XDocument document;
        try
        {
            // No DTDs: a report is data from a build, not something to expand entities for.
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"the test report is not well-formed XML: {e.Message}", e);
        }

        var root = document.Root ?? throw new FormatException("the test report is empty");
        var suites = root.Name.LocalName switch
        {
            "testsuite" => [root],
            "testsuites" => root.Elements("testsuite").ToList(),
            _ => throw new FormatException($"the test report's root is <{root.Name.LocalName}>, not <testsuite> or <testsuites>"),
        };

        int tests = 0, failures = 0, errors = 0, skipped = 0;
        foreach (var suite in suites)
        {
            tests += Count(suite, "tests");
            failures += Count(suite, "failures");
            errors += Count(suite, "errors");
            skipped += Count(suite, "skipped");
        }
        return new TestSummary(tests - failures - errors - skipped, failures, errors, skipped, reportKey);
    }

    private static int Count(XElement suite, string attribute) =>
        suite.Attribute(attribute) is { } value
            ? int.TryParse(value.Value, out var number) && number >= 0
                ? number
                : throw new FormatException($"<testsuite {attribute}=\"{value.Value}\"> is not a count")
            : 0;
}
