using System.Net;
using System.Net.Http.Json;
using Identity.Api.Tests.Support;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>The four password age policy methods on REST and gRPC, and what the age policy does at sign-in.</summary>
public sealed class SqlitePasswordAgePolicyTests(ApiFactory factory) : PasswordAgePolicyTests<ApiFactory>(factory);

public sealed class PostgresPasswordAgePolicyTests(PostgresApiFactory factory) : PasswordAgePolicyTests<PostgresApiFactory>(factory);

internal static class PasswordAgePolicyApi
{
    public static readonly TwoFieldPolicyApiDescriptor Descriptor = new(
        "/management/v1/policies/password/age",
        ("maxAgeDays", "expireWarnDays"),
        "org.policy.password.age",
        "PasswordAgePolicy",
        async (grpc, headers) =>
        {
            var response = await grpc.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), headers);
            return (response.Policy.MaxAgeDays, response.Policy.ExpireWarnDays, response.IsDefault, response.Policy.IsDefault);
        },
        async (grpc, headers, maxAgeDays, expireWarnDays) =>
            (await grpc.AddCustomPasswordAgePolicyAsync(new AddCustomPasswordAgePolicyRequest { MaxAgeDays = maxAgeDays, ExpireWarnDays = expireWarnDays }, headers)).Details,
        async (grpc, headers, maxAgeDays, expireWarnDays) =>
            (await grpc.UpdateCustomPasswordAgePolicyAsync(new UpdateCustomPasswordAgePolicyRequest { MaxAgeDays = maxAgeDays, ExpireWarnDays = expireWarnDays }, headers)).Details,
        async (grpc, headers) => (await grpc.ResetPasswordAgePolicyToDefaultAsync(new ResetPasswordAgePolicyToDefaultRequest(), headers)).Details);
}

/// <summary>The shared policy methods, and the password age policy's effect on sign-in.</summary>
public abstract class PasswordAgePolicyTests<TFactory>(TFactory factory) : TwoFieldPolicyApiTests<TFactory>(factory, PasswordAgePolicyApi.Descriptor)
    where TFactory : ApiFactory
{
    [SkippableFact]
    public async Task A_password_older_than_max_age_days_still_signs_in_and_the_answers_say_expired_on_rest_and_grpc()
    {
        const string password = "Correct-Horse-7-Battery";
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = Factory.Rest(Factory.AdminToken, orgId);
        var userId = (await Scenario.ImportAsync(admin, orgId, "aged-" + Guid.NewGuid().ToString("N")[..8], password)).GetProperty("userId").GetString()!;
        await SequenceAsync(await client.PostAsJsonAsync(Policy.Path, new { maxAgeDays = 30, expireWarnDays = 5 }));
        var sessions = Factory.Rest(Factory.AdminToken);
        var grpc = Factory.Sessions();
        var headers = ApiFactory.Headers(Factory.AdminToken);
        var signIn = new { checks = new { user = new { userId }, password = new { password } } };

        // a fresh password: neither field (zero values are omitted)
        var fresh = await BodyAsync(await sessions.PostAsJsonAsync("/v2/sessions", signIn));
        Assert.False(fresh.TryGetProperty("passwordChangeRequired", out _));
        Assert.False(fresh.TryGetProperty("passwordChangeReason", out _));

        // 29 days and 23 hours old: not yet
        await AgePasswordAsync(userId, TimeSpan.FromDays(30) - TimeSpan.FromHours(1));
        Assert.False((await BodyAsync(await sessions.PostAsJsonAsync("/v2/sessions", signIn))).TryGetProperty("passwordChangeReason", out _));

        await AgePasswordAsync(userId, TimeSpan.FromDays(30) + TimeSpan.FromHours(1));
        var created = await sessions.PostAsJsonAsync("/v2/sessions", signIn);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdBody = await BodyAsync(created);
        Assert.True(createdBody.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("expired", createdBody.GetProperty("passwordChangeReason").GetString());
        var sessionId = createdBody.GetProperty("sessionId").GetString()!;
        var set = await BodyAsync(await sessions.PatchAsJsonAsync($"/v2/sessions/{sessionId}", new { checks = new { password = new { password } } }));
        Assert.True(set.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("expired", set.GetProperty("passwordChangeReason").GetString());

        var grpcCreated = await grpc.CreateSessionAsync(
            new Zitadel.Session.V2.CreateSessionRequest
            {
                Checks = new() { User = new() { UserId = userId }, Password = new() { Password = password } },
            },
            headers);
        Assert.Equal((true, "expired"), (grpcCreated.PasswordChangeRequired, grpcCreated.PasswordChangeReason));
        var grpcSet = await grpc.SetSessionAsync(
            new Zitadel.Session.V2.SetSessionRequest { SessionId = grpcCreated.SessionId, Checks = new() { Password = new() { Password = password } } }, headers);
        Assert.Equal((true, "expired"), (grpcSet.PasswordChangeRequired, grpcSet.PasswordChangeReason));

        // the stored flag stays the stored flag: v2 GetUserByID does not report the expiry
        var user = await BodyAsync(await sessions.GetAsync(new Uri($"/v2/users/{userId}", UriKind.Relative)));
        Assert.False(user.GetProperty("user").GetProperty("human").TryGetProperty("passwordChangeRequired", out _));

        // the org's own policy of 0 (never expires) lifts it again
        await SequenceAsync(await client.PutAsJsonAsync(Policy.Path, new { maxAgeDays = 0 }));
        var never = await BodyAsync(await sessions.PostAsJsonAsync("/v2/sessions", signIn));
        Assert.False(never.TryGetProperty("passwordChangeReason", out _));
    }

    [SkippableFact]
    public async Task An_initial_password_says_set_by_administrator_even_when_it_also_expired_on_rest_and_grpc()
    {
        const string password = "Correct-Horse-7-Battery";
        var admin = Factory.Rest(Factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "initial-" + Guid.NewGuid().ToString("N")[..8])).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, userId, password, orgId)).IsSuccessStatusCode);
        await SequenceAsync(await Factory.Rest(Factory.AdminToken, orgId).PostAsJsonAsync(Policy.Path, new { maxAgeDays = 1 }));
        await AgePasswordAsync(userId, TimeSpan.FromDays(2));

        var rest = await BodyAsync(await Factory.Rest(Factory.AdminToken).PostAsJsonAsync(
            "/v2/sessions", new { checks = new { user = new { userId }, password = new { password } } }));
        Assert.True(rest.GetProperty("passwordChangeRequired").GetBoolean());
        Assert.Equal("set_by_administrator", rest.GetProperty("passwordChangeReason").GetString());

        var grpc = await Factory.Sessions().CreateSessionAsync(
            new Zitadel.Session.V2.CreateSessionRequest
            {
                Checks = new() { User = new() { UserId = userId }, Password = new() { Password = password } },
            },
            ApiFactory.Headers(Factory.AdminToken));
        Assert.Equal((true, "set_by_administrator"), (grpc.PasswordChangeRequired, grpc.PasswordChangeReason));
    }

    /// <summary>Moves the user's last password change <paramref name="age"/> into the past (the host has no settable clock).</summary>
    private async Task AgePasswordAsync(string userId, TimeSpan age)
    {
        await using var scope = Factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var changedAt = DateTimeOffset.UtcNow - age;
        var updated = await db.Users
            .Where(u => u.Id == new Identity.Domain.Common.UserId(userId))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordChangedAt, changedAt));
        Assert.Equal(1, updated);
    }
}

/// <summary>The host with an instance password age default from configuration.</summary>
public sealed class ApiFactoryWithPasswordAgeDefault : ApiFactory
{
    public ApiFactoryWithPasswordAgeDefault()
    {
        Settings["Identity:Passwords:Age:MaxAgeDays"] = "7";
        Settings["Identity:Passwords:Age:ExpireWarnDays"] = "2";
    }
}

public sealed class ConfiguredPasswordAgeDefaultTests(ApiFactoryWithPasswordAgeDefault factory)
    : ConfiguredTwoFieldPolicyDefaultTests(factory, PasswordAgePolicyApi.Descriptor), IClassFixture<ApiFactoryWithPasswordAgeDefault>;
