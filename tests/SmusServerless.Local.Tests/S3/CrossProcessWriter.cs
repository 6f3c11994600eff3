using System.Globalization;
using System.Text;
using SmusServerless.Core.Storage;
using SmusServerless.Local.S3;

namespace SmusServerless.Local.Tests.S3;

/// <summary>
/// Entry point of this assembly when started as a plain program (<c>dotnet SmusServerless.Local.Tests.dll race ...</c>):
/// a second process that races create-only writes against the test, to prove the file store's lock works across processes.
/// The test host never calls it.
/// </summary>
public static class CrossProcessWriter
{
    public const string Command = "race";

    /// <summary>race ROOT BUCKET KEY_PREFIX COUNT WRITER: tries a create-only put of KEY_PREFIX0..COUNT-1; prints "won KEY" per success.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 6 || args[0] != Command)
        {
            await Console.Error.WriteLineAsync("usage: race ROOT BUCKET KEY_PREFIX COUNT WRITER");
            return 2;
        }
        var store = new FileObjectStore(args[1]);
        var count = int.Parse(args[4], CultureInfo.InvariantCulture);
        // Warm up (JIT, file handles), say so, then wait for the go signal so both processes write at the same moment.
        await store.PutAsync(args[2], "warm-up/" + args[5], new MemoryStream([1]), PutOptions.Default, CancellationToken.None);
        Console.WriteLine("ready");
        Console.Out.Flush();
        await Console.In.ReadLineAsync();
        for (var i = 0; i < count; i++)
        {
            var key = args[3] + i.ToString(CultureInfo.InvariantCulture);
            try
            {
                await store.PutAsync(args[2], key, new MemoryStream(Encoding.UTF8.GetBytes(args[5])), PutOptions.CreateOnly, CancellationToken.None);
                Console.WriteLine($"won {key}");
            }
            catch (PreconditionFailedException)
            {
            }
        }
        return 0;
    }
}
