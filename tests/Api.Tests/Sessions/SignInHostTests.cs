using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Identity.Api.Tests.Support;
using Identity.Application;
using Identity.Application.Abstractions;
using Identity.Application.Sessions;
using Identity.Application.Sessions.CheckPassword;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Session.V2;

namespace Identity.Api.Tests.Sessions;

public sealed class SqliteSignInHostTests(ApiFactory factory) : SignInHostTests<ApiFactory>(factory);

public sealed class PostgresSignInHostTests(PostgresApiFactory factory) : SignInHostTests<PostgresApiFactory>(factory);

/// <summary>
/// Sign-in through the real host: an imported bcrypt hash checked and upgraded, bcrypt's 72-byte limit,
/// and the facade's CheckPassword through <see cref="IIdentityModule"/>.
/// </summary>
public abstract class SignInHostTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Harbor-Lantern-58!";
    private const string UpgradedType = "user.human.password.hash.upgraded";

    /// <summary>72 bytes exactly: all bcrypt reads.</summary>
    private static readonly string Password72 = "Harbor-Lantern-58!" + new string('x', 54);

    // ---- bcrypt import, check, upgrade ---------------------------------------------------------

    [SkippableFact]
    public async Task Rest_sign_in_with_an_imported_bcrypt_hash_upgrades_it_once_and_signs_in_again()
    {
        var (_, userId, _, hash) = await ImportBcryptUserAsync(Password, "$2y$");
        var admin = factory.Rest(factory.AdminToken);

        var first = await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password = Password } } });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.DoesNotContain(hash, await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var upgraded = await AssertUpgradedOnceAsync(userId, Password, hash);

        var second = await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password = Password } } });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(upgraded, await AssertUpgradedOnceAsync(userId, Password, hash));
    }

    [SkippableFact]
    public async Task Grpc_sign_in_with_an_imported_bcrypt_hash_upgrades_it_once_and_signs_in_again()
    {
        var (_, userId, loginName, hash) = await ImportBcryptUserAsync(Password, "$2a$", changeRequired: true);
        var client = Sessions();
        var headers = ApiFactory.Headers(factory.AdminToken);

        var first = await client.CreateSessionAsync(SignIn(loginName, Password), headers);
        Assert.True(first.PasswordChangeRequired);
        var upgraded = await AssertUpgradedOnceAsync(userId, Password, hash);

        var second = await client.CreateSessionAsync(SignIn(loginName, Password), headers);
        Assert.True(second.PasswordChangeRequired);
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal(upgraded, await AssertUpgradedOnceAsync(userId, Password, hash));

        // A wrong password still fails against the upgraded hash.
        var wrong = await Assert.ThrowsAsync<RpcException>(() => client.CreateSessionAsync(SignIn(loginName, Password + "x"), headers).ResponseAsync);
        ContractAssert.GrpcError(wrong, StatusCode.InvalidArgument, "COMMAND-3M0fs");
    }

    [SkippableFact]
    public async Task A_password_longer_than_72_bytes_is_refused_against_a_bcrypt_hash_though_its_first_72_bytes_match()
    {
        var (_, userId, loginName, hash) = await ImportBcryptUserAsync(Password72, "$2b$");
        var admin = factory.Rest(factory.AdminToken);
        var longer = Password72 + "-and-then-some";

        var rest = await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { loginName }, password = new { password = longer } } });
        await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-3M0fs");
        var grpc = await Assert.ThrowsAsync<RpcException>(() => Sessions().CreateSessionAsync(SignIn(loginName, Password72 + "y"), ApiFactory.Headers(factory.AdminToken)).ResponseAsync);
        ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, "COMMAND-3M0fs");

        await using (var scope = factory.ModuleServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(hash, (await db.Users.AsNoTracking().SingleAsync(u => u.Id == new UserId(userId))).PasswordHash);
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IPasswordCheckFailures>().CountAsync(new UserId(userId), default));
        }

        // The 72 bytes themselves sign in (and upgrade); afterwards the longer password fails against the own hash as well.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password = Password72 } } })).StatusCode);
        await AssertUpgradedOnceAsync(userId, Password72, hash);
        await ContractAssert.RestErrorAsync(
            await admin.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId }, password = new { password = longer } } }),
            HttpStatusCode.BadRequest,
            StatusCode.InvalidArgument,
            "COMMAND-3M0fs");
    }

    // ---- The facade's CheckPassword ------------------------------------------------------------

    [SkippableFact]
    public async Task Facade_CheckPassword_answers_the_user_and_the_change_flag_and_one_error_for_every_failure()
    {
        var admin = factory.Rest(factory.Start());
        var identity = factory.Services.GetRequiredService<IIdentityModule>();
        var orgId = await Scenario.AddOrgAsync(admin);
        var otherOrgId = await Scenario.AddOrgAsync(admin);
        var initial = (await Scenario.ImportAsync(admin, orgId, "minnie")).GetProperty("userId").GetString()!;
        Assert.True((await Scenario.SetInitialPasswordAsync(admin, initial, Password, orgId)).IsSuccessStatusCode);
        var imported = (await Scenario.ImportAsync(admin, orgId, "daisy", Password)).GetProperty("userId").GetString()!;
        var other = (await Scenario.ImportAsync(admin, otherOrgId, "donald", Password)).GetProperty("userId").GetString()!;
        var domain = (await LoginNameAsync(orgId, initial)).Split('@')[1];
        var otherLogin = await LoginNameAsync(otherOrgId, other);
        var inOrg = ModuleCaller.System("shop", orgId);

        Assert.Equal(new PasswordCheckResult(initial, true) { PasswordChangeReason = PasswordChangeReason.SetByAdministrator }, await identity.SendAsync(new CheckPasswordCommand("minnie", Password), inOrg));
        Assert.Equal(new PasswordCheckResult(initial, true) { PasswordChangeReason = PasswordChangeReason.SetByAdministrator }, await identity.SendAsync(new CheckPasswordCommand("MINNIE@" + domain.ToUpperInvariant(), Password), inOrg));
        Assert.Equal(new PasswordCheckResult(imported, false), await identity.SendAsync(new CheckPasswordCommand("daisy", Password), inOrg));

        var failures = new List<DomainException>();
        foreach (var (name, password) in new[]
        {
            ("minnie", "Wrong-Lantern-58!"),
            ("nobody", Password),
            ("donald", Password), // a user name of another org
            (otherLogin, Password), // the login name of another org's user
            ("minnie@" + otherLogin.Split('@')[1], Password), // this org's user name at another org's domain
        })
        {
            failures.Add(await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand(name, password), inOrg)));
        }

        Assert.All(failures, f => Assert.Equal((ErrorKind.InvalidArgument, "COMMAND-3M0fs"), (f.Kind, f.Summary.Id)));
        Assert.Single(failures.Select(f => f.Summary.Message).Distinct());
        Assert.All(failures, f => Assert.DoesNotContain(Password, f.ToString(), StringComparison.Ordinal));

        // Only the wrong password of this org's user counted; another org's user was never checked.
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var counts = scope.ServiceProvider.GetRequiredService<IPasswordCheckFailures>();
        Assert.Equal(1, await counts.CountAsync(new UserId(initial), default));
        Assert.Equal(0, await counts.CountAsync(new UserId(other), default));
    }

    [SkippableFact]
    public async Task Facade_CheckPassword_counts_failures_locks_by_the_policy_and_refuses_the_locked_user_only_with_its_password()
    {
        var admin = factory.Rest(factory.Start());
        var identity = factory.Services.GetRequiredService<IIdentityModule>();
        var orgId = await Scenario.AddOrgAsync(admin);
        var userId = (await Scenario.ImportAsync(admin, orgId, "mickey", Password)).GetProperty("userId").GetString()!;
        Assert.True((await factory.Rest(factory.AdminToken, orgId).PostAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 2 })).IsSuccessStatusCode);
        var inOrg = ModuleCaller.System("shop", orgId);

        for (var i = 0; i < 2; i++)
        {
            var wrong = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand("mickey", "Wrong-Lantern-58!"), inOrg));
            Assert.Equal("COMMAND-3M0fs", wrong.Summary.Id);
        }

        var locked = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand("mickey", Password), inOrg));
        Assert.Equal((ErrorKind.FailedPrecondition, "COMMAND-JLK35"), (locked.Kind, locked.Summary.Id));
        var stillWrong = await Assert.ThrowsAsync<DomainException>(() => identity.SendAsync(new CheckPasswordCommand("mickey", "Wrong-Lantern-58!"), inOrg));
        Assert.Equal("COMMAND-3M0fs", stillWrong.Summary.Id);

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var lockEvent = await db.Events.AsNoTracking().SingleAsync(e => e.AggregateId == userId && e.EventType == "user.locked");
        Assert.Equal(SystemEditor.Lockout, lockEvent.EditorId);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private async Task<(string OrgId, string UserId, string LoginName, string Hash)> ImportBcryptUserAsync(string password, string prefix, bool changeRequired = false)
    {
        var admin = factory.Rest(factory.Start());
        var orgId = await Scenario.AddOrgAsync(admin);
        var hash = BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(4, prefix[2]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import")
        {
            Content = JsonContent.Create(new
            {
                userName = "gyro",
                profile = new { firstName = "Gyro", lastName = "Gearloose" },
                email = new { email = "gyro@acme.test", isEmailVerified = true },
                hashedPassword = new { value = hash },
                passwordChangeRequired = changeRequired,
            }),
        };
        request.Headers.Add("x-zitadel-orgid", orgId);
        var response = await admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var userId = JsonDocument.Parse(body).RootElement.GetProperty("userId").GetString()!;
        return (orgId, userId, await LoginNameAsync(orgId, userId), hash);
    }

    /// <summary>The stored hash is the module's own (not bcrypt), verifies the password as current, and one upgrade event was recorded.</summary>
    private async Task<string> AssertUpgradedOnceAsync(string userId, string password, string bcrypt)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var stored = (await db.Users.AsNoTracking().SingleAsync(u => u.Id == new UserId(userId))).PasswordHash!;
        Assert.NotEqual(bcrypt, stored);
        Assert.False(BcryptHash.IsWellFormed(stored));
        Assert.Equal(PasswordVerification.Success, scope.ServiceProvider.GetRequiredService<IPasswordHasher>().Verify(stored, password));
        var events = await db.Events.AsNoTracking().Where(e => e.AggregateId == userId).OrderBy(e => e.Sequence).ToListAsync();
        var upgrade = Assert.Single(events, e => e.EventType == UpgradedType);
        Assert.Equal(userId, upgrade.EditorId);
        Assert.All(events, e => Assert.DoesNotContain(bcrypt[7..], e.Payload, StringComparison.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain(stored, e.Payload, StringComparison.Ordinal));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.AggregateId == userId && m.EventType == "PasswordHashUpgraded"));
        return stored;
    }

    private async Task<string> LoginNameAsync(string orgId, string userId)
    {
        var response = await factory.Rest(factory.AdminToken, orgId).GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("user").GetProperty("preferredLoginName").GetString()!;
    }

    private static CreateSessionRequest SignIn(string loginName, string password) =>
        new() { Checks = new Checks { User = new CheckUser { LoginName = loginName }, Password = new CheckPassword { Password = password } } };

    private SessionService.SessionServiceClient Sessions()
    {
        factory.Start();
        return new SessionService.SessionServiceClient(
            GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() }));
    }
}
