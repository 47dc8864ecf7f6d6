using System.Text;

namespace Identity.Architecture.Tests;

/// <summary>A piece of C# source text that is not code: a comment or the text of a string literal.</summary>
internal sealed record SourceToken(bool IsComment, string Text, int Line);

/// <summary>
/// A small C# lexer, enough to tell comments and string literals apart from code: line and block
/// comments, character literals, regular, verbatim, interpolated (holes are lexed as code, so their
/// nested strings are found too) and raw string literals.
/// </summary>
internal static class CSharpSource
{
    /// <summary>The files under <paramref name="folder"/> of the repository (bin and obj excluded).</summary>
    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace(Path.DirectorySeparatorChar, '/');

    public static IReadOnlyList<SourceToken> Tokens(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tokens = new List<SourceToken>();
        var position = 0;
        LexCode(source, ref position, tokens, stopAtBrace: false);
        return tokens;
    }

    public static IEnumerable<SourceToken> Comments(string source) => Tokens(source).Where(t => t.IsComment);

    public static IEnumerable<SourceToken> Strings(string source) => Tokens(source).Where(t => !t.IsComment);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Identity.sln not found above " + AppContext.BaseDirectory);
    }

    private static int LineAt(string s, int position) => s.AsSpan(0, Math.Min(position, s.Length)).Count('\n') + 1;

    /// <summary>Code until the end, or (in an interpolation hole) until its closing brace.</summary>
    private static void LexCode(string s, ref int i, List<SourceToken> tokens, bool stopAtBrace)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                var end = s.IndexOf('\n', i);
                end = end < 0 ? s.Length : end;
                tokens.Add(new SourceToken(true, s[(i + 2)..end], LineAt(s, i)));
                i = end;
            }
            else if (c == '/' && next == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? s.Length : end;
                tokens.Add(new SourceToken(true, s[(i + 2)..end], LineAt(s, i)));
                i = Math.Min(s.Length, end + 2);
            }
            else if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'')
                {
                    i += s[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (c is '"' or '$' or '@' && StringStart(s, i) is var (length, interpolated, verbatim, raw) && length > 0)
            {
                var line = LineAt(s, i);
                i += length;
                tokens.Add(new SourceToken(false, LexString(s, ref i, tokens, interpolated, verbatim, raw), line));
            }
            else if (stopAtBrace && c == '{')
            {
                depth++;
                i++;
            }
            else if (stopAtBrace && c == '}')
            {
                if (depth == 0)
                {
                    return;
                }

                depth--;
                i++;
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>The prefix of a string literal at <paramref name="i"/> (0 when there is none) and its form.</summary>
    private static (int Length, bool Interpolated, bool Verbatim, int Raw) StringStart(string s, int i)
    {
        var j = i;
        bool interpolated = false, verbatim = false;
        while (j < s.Length && s[j] is '$' or '@')
        {
            interpolated |= s[j] == '$';
            verbatim |= s[j] == '@';
            j++;
        }

        if (j >= s.Length || s[j] != '"' || (j > i && i > 0 && (char.IsLetterOrDigit(s[i - 1]) || s[i - 1] == '_')))
        {
            return (0, false, false, 0);
        }

        var quotes = 0;
        while (j + quotes < s.Length && s[j + quotes] == '"')
        {
            quotes++;
        }

        return quotes >= 3
            ? (j - i + quotes, interpolated, false, quotes)
            : (j - i + 1, interpolated, verbatim, 0);
    }

    private static string LexString(string s, ref int i, List<SourceToken> tokens, bool interpolated, bool verbatim, int raw)
    {
        var text = new StringBuilder();
        if (raw > 0)
        {
            var close = new string('"', raw);
            var end = s.IndexOf(close, i, StringComparison.Ordinal);
            end = end < 0 ? s.Length : end;
            text.Append(s, i, end - i);
            i = Math.Min(s.Length, end + raw);
            return text.ToString();
        }

        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"')
            {
                if (verbatim && i + 1 < s.Length && s[i + 1] == '"')
                {
                    text.Append('"');
                    i += 2;
                    continue;
                }

                i++;
                break;
            }

            if (c == '\\' && !verbatim && i + 1 < s.Length)
            {
                text.Append(c).Append(s[i + 1]);
                i += 2;
            }
            else if (interpolated && c == '{' && i + 1 < s.Length && s[i + 1] == '{')
            {
                text.Append("{{");
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                // A hole is code: its own strings are tokens of their own.
                i++;
                LexCode(s, ref i, tokens, stopAtBrace: true);
                i++;
                text.Append("{…}");
            }
            else if (!verbatim && c == '\n')
            {
                break; // an unterminated regular string; do not swallow the rest of the file
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }
}
