namespace SmusServerless.Core.Manifest.Validation;

/// <summary>Finds the known key an unknown one was probably meant to be.</summary>
internal static class KeySuggestion
{
    /// <summary>The known key nearest to <paramref name="unknown"/> however far it is, or null when there is none.</summary>
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(Fold(unknown), Fold(candidate));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    /// <summary>The known key <paramref name="unknown"/> was probably meant to be, or null when none is close.</summary>
    public static string? Nearest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var folded = Fold(unknown);
        foreach (var candidate in known)
        {
            // profileName vs profile_name, Stage vs stage: same words, different spelling.
            if (Fold(candidate) == folded) return candidate;
            var distance = Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        var allowed = Math.Max(2, Math.Min(unknown.Length, best?.Length ?? 0) / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static string Fold(string key) =>
        new(key.Where(c => c is not ('_' or '-')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256) return int.MaxValue;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
