namespace SmusServerless.Core.Bundle;

/// <summary>
/// One gitignore-style exclude pattern, matched against paths relative to the include it belongs to:
/// <list type="bullet">
/// <item>a trailing '/' matches directories only (<c>__pycache__/</c>, <c>.ipynb_checkpoints/</c>);</item>
/// <item>a pattern without any other '/' matches a file or directory name at any depth (<c>*.pyc</c>, <c>.libs.json</c>);</item>
/// <item>a pattern with a '/' elsewhere is anchored at the include's root (<c>docs/*.md</c>, <c>/build</c>);
/// <c>**</c> matches any number of segments (<c>**/tmp</c>, <c>data/**/*.csv</c>);</item>
/// <item><c>*</c> matches within one segment, <c>?</c> one character, <c>[a-z]</c>/<c>[!a]</c> a class, <c>\</c> escapes.</item>
/// </list>
/// An excluded directory is skipped with everything under it. Negation (<c>!pattern</c>) is not supported.
/// </summary>
public sealed class ExcludePattern
{
    private readonly string[] _segments;
    private readonly bool _anchored;

    private ExcludePattern(string text, string[] segments, bool anchored, bool directoryOnly)
    {
        Text = text;
        _segments = segments;
        _anchored = anchored;
        DirectoryOnly = directoryOnly;
    }

    public string Text { get; }

    public bool DirectoryOnly { get; }

    /// <summary>Parses a pattern; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ExcludePattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.Length == 0)
            throw new FormatException("empty exclude pattern");
        if (body[0] == '!')
            throw new FormatException($"exclude pattern '{text}': negation ('!') is not supported");
        var directoryOnly = body.EndsWith('/');
        body = body.TrimEnd('/');
        var anchored = body.Contains('/');
        body = body.TrimStart('/');
        if (body.Length == 0)
            throw new FormatException($"exclude pattern '{text}' matches nothing");
        var segments = body.Split('/');
        if (segments.Any(s => s.Length == 0 || s == "." || s == ".."))
            throw new FormatException($"exclude pattern '{text}' has an empty, '.' or '..' segment");
        // "**/name" is the unanchored "name".
        if (segments.Length == 2 && segments[0] == "**" && !segments[1].Contains("**", StringComparison.Ordinal))
        {
            segments = [segments[1]];
            anchored = false;
        }
        return new ExcludePattern(text, segments, anchored, directoryOnly);
    }

    /// <summary>Whether the path (relative to the include's root, '/'-separated) is excluded.</summary>
    public bool Matches(string relativePath, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory)
            return false;
        var pathSegments = relativePath.Split('/');
        if (!_anchored)
            return GlobSegment(_segments[0], pathSegments[^1]);
        return MatchSegments(0, pathSegments, 0);
    }

    private bool MatchSegments(int patternIndex, string[] path, int pathIndex)
    {
        if (patternIndex == _segments.Length)
            return pathIndex == path.Length;
        if (_segments[patternIndex] == "**")
        {
            for (var k = pathIndex; k <= path.Length; k++)
            {
                if (MatchSegments(patternIndex + 1, path, k))
                    return true;
            }
            return false;
        }
        return pathIndex < path.Length
            && GlobSegment(_segments[patternIndex], path[pathIndex])
            && MatchSegments(patternIndex + 1, path, pathIndex + 1);
    }

    /// <summary>Glob match of one segment: iterative with one backtrack point for the last '*'.</summary>
    internal static bool GlobSegment(string pattern, string name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
                continue;
            }
            if (p < pattern.Length && MatchOne(pattern, ref p, name[n]))
            {
                n++;
                continue;
            }
            if (starP < 0)
                return false;
            p = starP + 1;
            n = ++starN;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>Matches one pattern element (literal, '?', escape or class) at <paramref name="p"/> against <paramref name="c"/>; advances p on success.</summary>
    private static bool MatchOne(string pattern, ref int p, char c)
    {
        var element = pattern[p];
        if (element == '?')
        {
            p++;
            return true;
        }
        if (element == '\\' && p + 1 < pattern.Length)
        {
            if (pattern[p + 1] != c)
                return false;
            p += 2;
            return true;
        }
        if (element == '[' && TryMatchClass(pattern, p, c, out var matched, out var end))
        {
            if (!matched)
                return false;
            p = end;
            return true;
        }
        if (element != c)
            return false;
        p++;
        return true;
    }

    private static bool TryMatchClass(string pattern, int start, char c, out bool matched, out int end)
    {
        matched = false;
        end = start;
        var i = start + 1;
        var negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negate)
            i++;
        var first = true;
        var hit = false;
        while (i < pattern.Length && (first || pattern[i] != ']'))
        {
            first = false;
            var low = pattern[i];
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                hit |= c >= low && c <= pattern[i + 2];
                i += 3;
            }
            else
            {
                hit |= c == low;
                i++;
            }
        }
        if (i >= pattern.Length)
            return false; // no closing ']': treat '[' as a literal
        matched = hit != negate;
        end = i + 1;
        return true;
    }

    public override string ToString() => Text;
}
