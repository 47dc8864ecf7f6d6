using System.Net.Http.Json;
using System.Text.Json;

namespace Identity.Api.Tests.Support;

/// <summary>Small REST steps shared by the API tests.</summary>
public static class Scenario
{
    public static async Task<string> AddOrgAsync(HttpClient admin, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var response = await admin.PostAsJsonAsync("/management/v1/orgs", new { name = name ?? "Org " + Guid.NewGuid().ToString("N")[..10] });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ImportAsync(HttpClient client, string orgId, string userName, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new
            {
                userName,
                profile = new { firstName = "Minnie", lastName = "Mouse" },
                email = new { email = "minnie@acme.test", isEmailVerified = true },
                password,
            }),
        };
        request.Headers.Add("x-zitadel-orgid", orgId);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> SetInitialPasswordAsync(HttpClient client, string userId, string password, string? orgId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/management/v1/users/{userId}/password/_initialize")
        {
            Content = JsonContent.Create(new { password }),
        };
        if (orgId is not null)
        {
            request.Headers.Add("x-zitadel-orgid", orgId);
        }

        return await client.SendAsync(request);
    }
}
