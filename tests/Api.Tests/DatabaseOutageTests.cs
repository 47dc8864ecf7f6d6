using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Npgsql;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>PostgreSQL reached through a proxy that the test cuts and restores.</summary>
public sealed class PostgresBehindProxyFactory : PostgresApiFactory
{
    public PostgresBehindProxyFactory()
    {
        if (!string.IsNullOrEmpty(AdminConnectionString))
        {
            var target = new NpgsqlConnectionStringBuilder(AdminConnectionString);
            Proxy = new TcpProxy(target.Host ?? "127.0.0.1", target.Port);
        }
    }
}

public sealed class DatabaseOutageTests(PostgresBehindProxyFactory factory) : IClassFixture<PostgresBehindProxyFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task While_the_database_is_away_calls_answer_unavailable_quickly_and_the_service_recovers_by_itself()
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "outage")).GetProperty("userId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Scenario.SetInitialPasswordAsync(admin, userId, "Sunny-Meadow-42!", orgId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/debug/ready", UriKind.Relative))).StatusCode);

        factory.Proxy!.Cut();
        var clock = Stopwatch.StartNew();
        var rest = await Scenario.SetInitialPasswordAsync(admin, userId, "Quiet-Harbor-77?", orgId);
        var restTime = clock.Elapsed;
        await ContractAssert.RestErrorAsync(rest, HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable, "DB-Unavailable");
        Assert.True(restTime < Bound, $"took {restTime}");

        clock.Restart();
        var grpc = await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().GetMyOrgAsync(new GetMyOrgRequest(), ApiFactory.Headers(factory.AdminToken)).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.Unavailable, "DB-Unavailable");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync(new Uri("/debug/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/debug/healthz", UriKind.Relative))).StatusCode);

        factory.Proxy.Restore();
        var ready = false;
        for (var i = 0; i < 40 && !ready; i++)
        {
            ready = (await admin.GetAsync(new Uri("/debug/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
            await Task.Delay(ready ? 0 : 250);
        }

        Assert.True(ready, "the service did not become ready again");
        var after = await Scenario.SetInitialPasswordAsync(admin, userId, "Quiet-Harbor-77?", orgId);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var user = await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal(3ul, user.User.Details.Sequence);
        var changes = await factory.Grpc().ListUserChangesAsync(new ListUserChangesRequest { UserId = userId, Query = new() { Asc = true } }, ApiFactory.Headers(factory.AdminToken, orgId));
        Assert.Equal([1ul, 2ul, 3ul], changes.Result.Select(c => c.Sequence));
    }
}
