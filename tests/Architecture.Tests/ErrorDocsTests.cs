using System.Text;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Grpc;
using Identity.Api.Rest;
using Identity.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Identity.Architecture.Tests;

/// <summary>
/// docs/errors.md holds one table row per catalogue entry, with the kind, HTTP status and gRPC code the
/// service answers it with and the catalogue's meaning; a missing, extra or outdated row fails and the
/// message shows the expected table.
/// </summary>
public sealed class ErrorDocsTests
{
    private const string Header = "| id | kind | HTTP | gRPC | meaning |";

    /// <summary>HTTP statuses the REST error middleware answers itself, with the id and gRPC code it writes for each.</summary>
    private static async Task<Dictionary<string, (int Http, StatusCode Code)>> MiddlewareStatusesAsync()
    {
        var answers = new Dictionary<string, (int, StatusCode)>(StringComparer.Ordinal);
        foreach (var http in new[] { 400, 401, 403, 404, 405, 413, 415, 429, 500, 503 })
        {
            var context = new DefaultHttpContext();
            context.Response.Body = new MemoryStream();
            await RestErrorMiddleware.WriteAsync(context, http);
            context.Response.Body.Position = 0;
            using var json = await JsonDocument.ParseAsync(context.Response.Body);
            var id = json.RootElement.GetProperty("details")[0].GetProperty("id").GetString()!;
            answers.TryAdd(id, (context.Response.StatusCode, (StatusCode)json.RootElement.GetProperty("code").GetInt32()));
        }

        return answers;
    }

    private static async Task<List<string>> ExpectedRowsAsync()
    {
        var middleware = await MiddlewareStatusesAsync();
        return Errors.All.Select(e =>
        {
            var code = ErrorMapping.ToStatusCode(e.Kind);
            var http = middleware.TryGetValue(e.Id, out var answered) ? answered.Http : ErrorMapping.ToHttpStatus(code);
            return $"| `{e.Id}` | {e.Kind} | {http} | {code} ({(int)code}) | {e.Meaning} |";
        }).ToList();
    }

    private static List<string> DocumentedRows() =>
        File.ReadAllLines(Path.Combine(CSharpSource.RepositoryRoot, "docs", "errors.md"))
            .SkipWhile(l => l != Header)
            .Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .ToList();

    [Fact]
    public async Task Every_catalogue_entry_has_its_row_in_docs_errors_md_and_no_other_row_is_there()
    {
        var expected = await ExpectedRowsAsync();
        var documented = DocumentedRows();

        var message = new StringBuilder("docs/errors.md is out of date; its table should be:\n")
            .AppendLine(Header).AppendLine("|---|---|---|---|---|").AppendJoin('\n', expected).ToString();
        Assert.True(expected.SequenceEqual(documented, StringComparer.Ordinal), message);
    }

    [Fact]
    public void The_docs_table_lists_every_id()
    {
        var text = File.ReadAllText(Path.Combine(CSharpSource.RepositoryRoot, "docs", "errors.md"));
        Assert.All(Errors.All, e => Assert.Contains($"`{e.Id}`", text, StringComparison.Ordinal));
        Assert.True(DocumentedRows().Count >= 75);
    }

    [Fact]
    public async Task The_middleware_answers_its_ids_with_their_catalogue_kind()
    {
        var middleware = await MiddlewareStatusesAsync();
        Assert.Contains(Errors.Api.MethodNotAllowed.Id, middleware.Keys);
        Assert.Equal(405, middleware[Errors.Api.MethodNotAllowed.Id].Http);
        foreach (var (id, (_, code)) in middleware)
        {
            var entry = Errors.Find(id);
            Assert.True(entry is not null, $"{id} is not in the catalogue");
            Assert.Equal(ErrorMapping.ToStatusCode(entry.Kind), code);
        }
    }
}
