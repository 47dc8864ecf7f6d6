using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;

namespace Identity.Api.Tests;

/// <summary>
/// REST bodies as ZITADEL's gateway accepts them: read as JSON whatever the content type, an empty body as
/// <c>{}</c>; a body that is not JSON keeps the contract's error shape.
/// </summary>
public sealed class RestBodyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Password = "Sunny-Meadow-42!";

    public static TheoryData<string?> NonJsonContentTypes => new()
    {
        null,
        "application/x-www-form-urlencoded",
        "text/plain",
        "text/plain; charset=utf-8",
        "application/octet-stream",
    };

    [Theory]
    [MemberData(nameof(NonJsonContentTypes))]
    public async Task A_json_body_with_any_content_type_is_read_as_json(string? contentType)
    {
        var (client, userId) = await UserAsync();

        var response = await client.SendAsync(Post($"/management/v1/users/{userId}/password/_initialize", JsonSerializer.Serialize(new { password = Password }), contentType));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var user = await client.GetFromJsonAsync<JsonElement>($"/management/v1/users/{userId}");
        Assert.Equal("USER_STATE_ACTIVE", user.GetProperty("user").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_post_without_a_body_is_read_as_an_empty_object(string? contentType)
    {
        var (client, userId) = await UserAsync();

        var response = await client.SendAsync(Post($"/management/v1/users/{userId}/_lock", string.Empty, contentType));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var user = await client.GetFromJsonAsync<JsonElement>($"/management/v1/users/{userId}");
        Assert.Equal("USER_STATE_LOCKED", user.GetProperty("user").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "password=Sunny-Meadow-42!")]
    [InlineData(null, "{\"password\":")]
    [InlineData("text/plain", "<password/>")]
    public async Task A_body_that_is_not_json_answers_the_contract_error_and_changes_nothing(string? contentType, string body)
    {
        var (client, userId) = await UserAsync();

        var response = await client.SendAsync(Post($"/management/v1/users/{userId}/password/_initialize", body, contentType));

        await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "API-InvalidRequest");
        var user = await client.GetFromJsonAsync<JsonElement>($"/management/v1/users/{userId}");
        Assert.Equal("USER_STATE_INITIAL", user.GetProperty("user").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_v2_route_reads_a_form_typed_json_body_too()
    {
        var (client, userId) = await UserAsync();
        Assert.True((await client.SendAsync(Post($"/management/v1/users/{userId}/password/_initialize", JsonSerializer.Serialize(new { password = Password }), null))).IsSuccessStatusCode);

        var body = JsonSerializer.Serialize(new { checks = new { user = new { userId }, password = new { password = Password } } });
        var response = await client.SendAsync(Post("/v2/sessions", body, "application/x-www-form-urlencoded"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionToken").GetString()));
    }

    private async Task<(HttpClient Client, string UserId)> UserAsync()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "body-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        return (factory.Rest(factory.AdminToken, orgId), userId);
    }

    private static HttpRequestMessage Post(string path, string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
    }
}
