using System.Diagnostics;
using SmusServerless.Core.Manifest;

// Usage: ValidateBench <manifest> <iterations>
// Loads (parses, substitutes, validates) the manifest <iterations> times after a warm-up and prints the median
// and 90th percentile of one load in microseconds. Exits 1 when the manifest does not validate.
if (args.Length != 2 || !int.TryParse(args[1], out var iterations) || iterations < 1)
{
    Console.Error.WriteLine("usage: ValidateBench <manifest> <iterations>");
    return 2;
}

var text = File.ReadAllText(args[0]);
var name = Path.GetFileName(args[0]);
var first = ManifestLoader.Load(text, name, DictionaryVariableSource.Empty);
if (!first.IsValid)
{
    foreach (var d in first.Errors) Console.Error.WriteLine(d);
    return 1;
}

for (var i = 0; i < Math.Min(iterations, 50); i++)
    ManifestLoader.Load(text, name, DictionaryVariableSource.Empty);

var samples = new double[iterations];
for (var i = 0; i < iterations; i++)
{
    var start = Stopwatch.GetTimestamp();
    ManifestLoader.Load(text, name, DictionaryVariableSource.Empty);
    samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}
Array.Sort(samples);
Console.WriteLine($"{name}: median {samples[iterations / 2]:F0} us, p90 {samples[iterations * 9 / 10]:F0} us ({iterations} loads)");
return 0;
