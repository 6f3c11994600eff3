namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>What every state parser gets, already read and checked: the name, where the state sits, its transition and paths.</summary>
/// <param name="Location">JSON pointer of the state in the definition, for problems.</param>
/// <param name="ScopeKey">The scope the state belongs to; nested Parallel branches and Map processors extend it.</param>
internal sealed record StateHeader(
    string Name,
    string Location,
    string ScopeKey,
    string? Next,
    bool End,
    PathField InputPath,
    PathField OutputPath);
