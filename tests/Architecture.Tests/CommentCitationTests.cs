using System.Text.RegularExpressions;

namespace Identity.Architecture.Tests;

/// <summary>
/// Comments cite only files inside the repository: no path leaving it (a parent-folder path, the
/// product's spec folder, upstream Go sources or repositories), and every cited markdown file exists,
/// relative to the repository root (so the docs folder's rules, never a bare file name).
/// </summary>
public sealed partial class CommentCitationTests
{
    [GeneratedRegex(@"(?<![\w/.-])[\w./-]*\.md\b")]
    private static partial Regex MarkdownPath();

    [GeneratedRegex(@"\.\./|\bshared/|\bspec/|zitadel/zitadel|[\w/-]+\.go\b|contract(-next)?\.md")]
    private static partial Regex OutsidePath();

    /// <summary>The citations in <paramref name="source"/>'s comments that point outside the repository.</summary>
    internal static IEnumerable<string> OutsideCitations(string source, Func<string, bool> exists) =>
        CSharpSource.Comments(source).SelectMany(comment =>
            OutsidePath().Matches(comment.Text).Select(m => $"{comment.Line}: {m.Value}")
                .Concat(MarkdownPath().Matches(comment.Text).Where(m => !exists(m.Value)).Select(m => $"{comment.Line}: {m.Value}")))
            .Distinct();

    private static bool InRepository(string path) =>
        !path.StartsWith('/') && !path.Contains("..", StringComparison.Ordinal) && File.Exists(Path.Combine(CSharpSource.RepositoryRoot, path));

    [Theory]
    [InlineData("src")]
    [InlineData("tests")]
    public void Comments_cite_only_files_inside_the_repository(string folder)
    {
        var found = CSharpSource.Files(folder)
            .SelectMany(f => OutsideCitations(File.ReadAllText(f), InRepository).Select(c => $"{CSharpSource.Relative(f)}:{c}"))
            .ToList();

        Assert.True(found.Count == 0, "Cite the repository's own docs (docs/...) instead:\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_docs_the_code_cites_exist()
    {
        Assert.True(InRepository("docs/rules.md"));
        Assert.True(InRepository("docs/errors.md"));
        Assert.False(InRepository("rules.md"));
        Assert.False(InRepository("../shared/spec/rules.md"));
    }

    [Fact]
    public void The_check_finds_citations_outside_the_repository()
    {
        const string source = """
            /// <summary>rules.md step 4: the request's shape.</summary>
            // see ../shared/spec/contract.md and docs/rules.md step 5
            /* upstream: zitadel/zitadel internal/api/grpc/server/gateway.go */
            // fine: docs/errors.md, README.md and bench/README.md
            var s = "../rules.md in a string is not a comment";
            """;
        var existing = new HashSet<string>(["docs/rules.md", "docs/errors.md", "README.md", "bench/README.md"], StringComparer.Ordinal);

        var found = OutsideCitations(source, existing.Contains).ToList();

        Assert.Equal(
            ["1: rules.md", "2: ../", "2: shared/", "2: spec/", "2: contract.md", "2: ../shared/spec/contract.md", "3: zitadel/zitadel", "3: internal/api/grpc/server/gateway.go"],
            found);
    }
}
