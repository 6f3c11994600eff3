namespace SmusServerless.EndToEnd.Tests;

/// <summary>A copy of an example pipeline that a test edits (adds, changes, removes files) before bundling a new version.</summary>
internal sealed class ExampleCopy
{
    private ExampleCopy(string directory) => Directory = directory;

    public string Directory { get; }

    public static ExampleCopy Create(string source, string destination)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return new ExampleCopy(destination);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Append(string relativePath, string text) => File.AppendAllText(Path.Combine(Directory, relativePath), text);

    public void Delete(string relativePath) => File.Delete(Path.Combine(Directory, relativePath));
}
