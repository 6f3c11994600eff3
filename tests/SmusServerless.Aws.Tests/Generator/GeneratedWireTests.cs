using System.Diagnostics;

namespace SmusServerless.Aws.Tests.Generator;

/// <summary>
/// The committed <c>*.g.cs</c> files of SmusServerless.Aws.Wire (shapes, operation bindings) and SmusServerless.Aws
/// (clients, paginators) are byte for byte what the generator writes from the vendored models today.
/// </summary>
public sealed class GeneratedWireTests
{
    [Fact]
    public void The_generated_files_are_what_the_generator_writes()
    {
        var start = new ProcessStartInfo("python3", [TestRepository.PathOf("functions", "SmusServerless.Aws", "Generator", "generate_clients.py"), "--check"])
        {
            WorkingDirectory = TestRepository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? generator;
        try
        {
            generator = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No python3 on this machine: the check cannot run here (scripts/test.sh machines have it).
            return;
        }

        using (generator)
        {
            Assert.NotNull(generator);
            var stdout = generator.StandardOutput.ReadToEnd();
            var stderr = generator.StandardError.ReadToEnd();
            generator.WaitForExit();
            Assert.True(generator.ExitCode == 0, $"generate_clients.py --check failed:\n{stderr}\n{stdout}");
        }
    }
}
