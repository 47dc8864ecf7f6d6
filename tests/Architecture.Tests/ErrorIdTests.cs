using System.Text.RegularExpressions;
using Identity.Domain.Common;

namespace Identity.Architecture.Tests;

/// <summary>
/// Error ids live in one place, the catalogue (src/Domain/Common/Errors.cs): any other string literal in
/// src/ shaped like an error id, or holding one of the catalogue's prefixes followed by a dash, fails.
/// </summary>
public sealed partial class ErrorIdTests
{
    private const string Catalogue = "src/Domain/Common/Errors.cs";

    [GeneratedRegex("^[A-Z]+-[A-Za-z0-9]+$")]
    private static partial Regex WholeId();

    private static readonly Regex PrefixedId = new(
        @"\b(" + string.Join('|', Errors.All.Select(e => e.Id.Split('-')[0]).Distinct()) + @")-[A-Za-z0-9]+",
        RegexOptions.CultureInvariant);

    /// <summary>The literals of <paramref name="source"/> that spell an error id.</summary>
    internal static IEnumerable<SourceToken> IdLiterals(string source) =>
        CSharpSource.Strings(source).Where(s => WholeId().IsMatch(s.Text) || PrefixedId.IsMatch(s.Text));

    [Fact]
    public void No_string_literal_in_src_spells_an_error_id_outside_the_catalogue()
    {
        var files = CSharpSource.Files("src").ToList();
        Assert.Contains(files, f => CSharpSource.Relative(f) == Catalogue);
        Assert.True(files.Count > 50, $"only {files.Count} files found");

        var found = files
            .Where(f => CSharpSource.Relative(f) != Catalogue)
            .SelectMany(f => IdLiterals(File.ReadAllText(f)).Select(t => $"{CSharpSource.Relative(f)}:{t.Line}: \"{t.Text}\""))
            .ToList();

        Assert.True(found.Count == 0, "Use the catalogue (Errors.*) instead of these literals:\n" + string.Join('\n', found));
    }

    /// <summary>
    /// src/ raises a DomainException from a catalogue entry, so the kind is the catalogue's: never with a
    /// hand-picked kind (nor through id-and-kind factories such as <c>DomainException.NotFound(id, ...)</c>,
    /// which were removed and must not come back).
    /// </summary>
    [Fact]
    public void Src_takes_the_kind_of_an_error_from_the_catalogue()
    {
        var handPicked = new Regex(@"DomainException\.(NotFound|Precondition|Invalid|AlreadyExists|Denied)\(|new DomainException\(ErrorKind\.|Refusal\(ErrorKind\.");
        Assert.Matches(handPicked, "throw DomainException.Invalid(Errors.User.NotFoundId, \"x\");");
        Assert.Matches(handPicked, "throw new DomainException(ErrorKind.NotFound, detail);");

        var found = CSharpSource.Files("src")
            .Where(f => !f.EndsWith("DomainException.cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, line, i)))
            .Where(x => handPicked.IsMatch(x.line) && !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(x => $"{CSharpSource.Relative(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Raise these with new DomainException(Errors.<Group>.<Entry>, message):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_catalogue_itself_is_found_by_the_scan() =>
        Assert.True(IdLiterals(File.ReadAllText(Path.Combine(CSharpSource.RepositoryRoot, Catalogue))).Count() >= Errors.All.Count);

    [Fact]
    public void The_scan_finds_id_literals_in_every_form_and_ignores_comments_and_references()
    {
        const string source = """
            // USER-NotFound in a comment is fine
            /* so is POLICY-MinLength here */
            class C
            {
                const string A = "USER-Sneaky";
                void M(int n)
                {
                    throw DomainException.Invalid(@"ORG-Verbatim", "a message");
                    var b = $"{n} failed (AUTH-Interpolated)";
                    var c = $"{Pick("QUERY-InHole", n)} x";
                    var d = Errors.User.NotFound;
                    var e = "UTF-8 is not an id but XYZ-Shaped is";
                    var f = 'x';
                    var g = "a \" quoted USER-AfterEscape";
                }
            }
            """;

        var found = IdLiterals(source).Select(t => (t.Text, t.Line)).ToList();

        Assert.Equal(
            [("USER-Sneaky", 5), ("ORG-Verbatim", 8), ("{…} failed (AUTH-Interpolated)", 9), ("QUERY-InHole", 10), ("a \\\" quoted USER-AfterEscape", 14)],
            found);
    }

    [Fact]
    public void The_lexer_tells_comments_from_strings()
    {
        var tokens = CSharpSource.Tokens("var s = \"// not a comment\"; // a \"comment\"\nvar r = \"\"\"raw \" text\"\"\";");
        Assert.Equal(
            [new SourceToken(false, "// not a comment", 1), new SourceToken(true, " a \"comment\"", 1), new SourceToken(false, "raw \" text", 2)],
            tokens);
    }
}
