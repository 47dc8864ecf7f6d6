using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.Api.Tests.Support;
using Identity.Application.Events;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

public sealed class SqliteOutboxHostTests(ApiFactory factory) : OutboxHostTests<ApiFactory>(factory);

public sealed class PostgresOutboxHostTests(PostgresApiFactory factory) : OutboxHostTests<PostgresApiFactory>(factory);

/// <summary>
/// The real host runs the outbox dispatcher: changes made over REST and gRPC reach an in-process subscriber
/// as typed integration events, in sequence order, without a secret.
/// </summary>
public abstract class OutboxHostTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [SkippableFact]
    public async Task Changes_over_rest_and_grpc_reach_a_subscriber_in_order()
    {
        var admin = factory.Rest(factory.Start());
        var (subscription, received) = await OutboxProbe.SubscribeAsync(factory);
        using var _ = subscription;
        var orgId = await Scenario.AddOrgAsync(admin);
        var client = factory.Rest(factory.AdminToken, orgId);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var userId = (await Scenario.ImportAsync(admin, orgId, "outboxer")).GetProperty("userId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Scenario.SetInitialPasswordAsync(client, userId, "Sunny-Meadow-42!")).StatusCode);
        await grpc.LockUserAsync(new LockUserRequest { Id = userId }, headers);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/management/v1/users/{userId}/_unlock", new { })).StatusCode);
        var botId = (await grpc.AddMachineUserAsync(new AddMachineUserRequest { UserName = "outbox-bot", Name = "Bot" }, headers)).UserId;
        var pat = await grpc.AddPersonalAccessTokenAsync(new AddPersonalAccessTokenRequest { UserId = botId }, headers);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = botId, roles = new[] { "ORG_USER_MANAGER" } })).StatusCode);

        await OutboxProbe.WaitForAsync(received, e => e.Any(x => x is OrgMemberAdded));
        var events = received.ToList();
        var ofUser = events.Where(e => e.AggregateId == userId).ToList();
        Assert.Equal([typeof(UserAdded), typeof(InitialPasswordSet), typeof(UserLocked), typeof(UserUnlocked)], ofUser.Select(e => e.GetType()));
        Assert.Equal([1L, 2L, 3L, 4L], ofUser.Select(e => e.Sequence));
        Assert.All(ofUser, e => Assert.Equal(orgId, e.OrgId));
        Assert.True(Assert.IsType<InitialPasswordSet>(ofUser[1]).ChangeRequired);
        Assert.Equal("outboxer", Assert.IsType<UserAdded>(ofUser[0]).UserName);

        var token = Assert.Single(events.OfType<PersonalAccessTokenAdded>());
        Assert.Equal((botId, pat.TokenId), (token.AggregateId, token.TokenId));
        var member = Assert.Single(events.OfType<OrgMemberAdded>());
        Assert.Equal((orgId, botId), (member.AggregateId, member.UserId));
        Assert.Equal(["ORG_USER_MANAGER"], member.Roles);
        Assert.Contains(events, e => e is OrgAdded added && added.AggregateId == orgId);
        Assert.All(events, e => Assert.DoesNotContain(pat.Token, JsonSerializer.Serialize(e, e.GetType()), StringComparison.Ordinal));
    }
}
