using System.Text.Json;
using Google.Api;
using Identity.Api.Tests.Support;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The OpenAPI document is generated from the protos and matches the wire contract.</summary>
public sealed class ApiDocsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_rest_route_of_the_service_is_documented()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(verb => $"{verb.Name.ToUpperInvariant()} {Shape(p.Name)}"))
            .ToHashSet();

        var methods = ManagementService.Descriptor.Methods
            .Concat(Zitadel.User.V2.UserService.Descriptor.Methods)
            .Concat(Zitadel.Session.V2.SessionService.Descriptor.Methods)
            .ToList();
        var routes = methods.Select(m =>
        {
            var rule = m.GetOptions().GetExtension(AnnotationsExtensions.Http);
            var (verb, path) = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
                HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
                HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
                HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
                HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
                _ => throw new InvalidOperationException($"{m.Name} has no HTTP rule"),
            };
            return $"{verb} {Shape(path)}";
        }).ToList();

        Assert.Equal(methods.Count, routes.Distinct().Count());
        Assert.All(routes, r => Assert.Contains(r, documented));
        Assert.Contains("GET /v2/users/{}", documented);
        Assert.Contains("POST /v2/sessions", documented);
    }

    [Fact]
    public async Task The_v2_user_operation_has_the_v2_shape_and_no_org_header()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").EnumerateObject()
            .Single(p => Shape(p.Name) == "/v2/users/{}").Value.GetProperty("get");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.DoesNotContain(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "x-zitadel-orgid");
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("in").GetString() == "path");
        Assert.Contains(operation.GetProperty("security").EnumerateArray(), s => s.TryGetProperty("bearer", out _));
        var response = Resolve(schemas, operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var details = Resolve(schemas, response.GetProperty("properties").GetProperty("details")).GetProperty("properties");
        Assert.Equal(["sequence", "changeDate", "resourceOwner", "creationDate"], details.EnumerateObject().Select(p => p.Name));
        Assert.Equal("uint64", details.GetProperty("sequence").GetProperty("format").GetString());
        var user = Resolve(schemas, response.GetProperty("properties").GetProperty("user")).GetProperty("properties");
        Assert.Contains("details", user.EnumerateObject().Select(p => p.Name));
        Assert.Contains("human", user.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_headline_operation_matches_the_contract()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").EnumerateObject()
            .Single(p => Shape(p.Name) == "/management/v1/users/{}/password/_initialize").Value.GetProperty("post");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p =>
            p.GetProperty("name").GetString() == "x-zitadel-orgid" && p.GetProperty("in").GetString() == "header");
        Assert.Contains(operation.GetProperty("security").EnumerateArray(), s => s.TryGetProperty("bearer", out _));

        var request = Resolve(schemas, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal("string", request.GetProperty("properties").GetProperty("password").GetProperty("type").GetString());

        var response = Resolve(schemas, operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var details = Resolve(schemas, response.GetProperty("properties").GetProperty("details")).GetProperty("properties");
        Assert.Equal(["sequence", "creationDate", "changeDate", "resourceOwner"], details.EnumerateObject().Select(p => p.Name));
        Assert.Equal("string", details.GetProperty("sequence").GetProperty("type").GetString());
        Assert.Equal("uint64", details.GetProperty("sequence").GetProperty("format").GetString());
        Assert.Equal("date-time", details.GetProperty("changeDate").GetProperty("format").GetString());
        Assert.Equal("string", details.GetProperty("resourceOwner").GetProperty("type").GetString());

        var error = Resolve(schemas, operation.GetProperty("responses").GetProperty("default").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.True(error.GetProperty("properties").TryGetProperty("details", out _));
    }

    [Fact]
    public async Task The_interactive_docs_page_is_served()
    {
        var client = factory.Rest(null);
        var page = await client.GetStringAsync(new Uri("/docs/index.html", UriKind.Relative));
        Assert.Contains("swagger", page, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var client = factory.Rest(null);
        return JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement.Clone();
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? schemas.GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    /// <summary>A route with its path variables blanked: <c>/users/{user_id}</c> and <c>/users/{userId}</c> are the same route.</summary>
    private static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, "{[^}]*}", "{}");
}
