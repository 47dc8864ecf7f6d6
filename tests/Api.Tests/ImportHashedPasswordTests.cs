using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>ImportHumanUser with hashed_password (bcrypt made elsewhere) through the real host, REST and gRPC.</summary>
public sealed class SqliteImportHashedPasswordTests(ApiFactory factory) : ImportHashedPasswordTests<ApiFactory>(factory);

public sealed class PostgresImportHashedPasswordTests(PostgresApiFactory factory) : ImportHashedPasswordTests<PostgresApiFactory>(factory);

public abstract class ImportHashedPasswordTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private const string Password = "Harbor-Lantern-58!";

    public static TheoryData<string> Prefixes => new() { "$2a$", "$2b$", "$2y$" };

    /// <summary>Every refused format: other algorithms, other bcrypt variants, costs out of range, malformed, plain, too long.</summary>
    public static TheoryData<string> RefusedFormats => new()
    {
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
        "$1$saltsalt$hashhashhashhashhash..",
        "$6$rounds=5000$saltsalt$hashhashhashhashhashhashhashhashhashhashhashhash",
        "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "$2a$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe",
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe%",
        "Plain-Text-Password-1!",
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" + new string('W', 1000),
    };

    private static string BcryptOf(string prefix, int cost = 4) =>
        BCrypt.Net.BCrypt.HashPassword(Password, BCrypt.Net.BCrypt.GenerateSalt(cost, prefix[2]));

    private static object Body(string userName, string hash, string? password = null, bool changeRequired = false) => new
    {
        userName,
        profile = new { firstName = "Gyro", lastName = "Gearloose" },
        email = new { email = "gyro@acme.test", isEmailVerified = true },
        password,
        hashedPassword = new { value = hash },
        passwordChangeRequired = changeRequired,
    };

    private async Task<HttpResponseMessage> RestImportAsync(string orgId, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/management/v1/users/human/_import") { Content = JsonContent.Create(body) };
        request.Headers.Add("x-zitadel-orgid", orgId);
        return await factory.Rest(factory.AdminToken).SendAsync(request);
    }

    private static ImportHumanUserRequest GrpcRequest(string userName, string hash, string password = "", bool changeRequired = false) => new()
    {
        UserName = userName,
        Profile = new ImportHumanUserRequest.Types.Profile { FirstName = "Gyro", LastName = "Gearloose" },
        Email = new ImportHumanUserRequest.Types.Email { Email_ = "gyro@acme.test", IsEmailVerified = true },
        Password = password,
        HashedPassword = new ImportHumanUserRequest.Types.HashedPassword { Value = hash },
        PasswordChangeRequired = changeRequired,
    };

    /// <summary>The stored row holds the hash as sent, and the module's hasher verifies it (asking for a rehash).</summary>
    private async Task AssertStoredAsIsAsync(string userId, string hash)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == new UserId(userId));
        Assert.Equal(hash, stored.PasswordHash);
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify(stored.PasswordHash!, Password));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(stored.PasswordHash!, Password + "x"));
    }

    [SkippableTheory]
    [MemberData(nameof(Prefixes))]
    public async Task Rest_imports_a_bcrypt_hash_as_it_is_and_the_user_is_active(string prefix)
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        var hash = BcryptOf(prefix);

        var response = await RestImportAsync(orgId, Body("gyro", hash));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.DoesNotContain(hash, body, StringComparison.Ordinal);
        var userId = JsonDocument.Parse(body).RootElement.GetProperty("userId").GetString()!;
        var user = (await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId))).User;
        Assert.Equal(Zitadel.User.V1.UserState.Active, user.State);
        Assert.NotNull(user.Human.PasswordChanged);
        Assert.DoesNotContain(hash[7..], user.ToString(), StringComparison.Ordinal);
        await AssertStoredAsIsAsync(userId, hash);
    }

    [SkippableTheory]
    [MemberData(nameof(Prefixes))]
    public async Task Grpc_imports_a_bcrypt_hash_as_it_is_with_password_change_required_as_sent(string prefix)
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var hash = BcryptOf(prefix, cost: 5);

        var required = await factory.Grpc().ImportHumanUserAsync(GrpcRequest("gyro", hash, changeRequired: true), headers);
        var notRequired = await factory.Grpc().ImportHumanUserAsync(GrpcRequest("fethry", hash, changeRequired: false), headers);

        Assert.Equal(1ul, required.Details.Sequence);
        var changes = await factory.Grpc().ListUserChangesAsync(new ListUserChangesRequest { UserId = required.UserId }, headers);
        Assert.Equal(["user.human.added"], changes.Result.Select(c => c.EventType.Key));
        Assert.Equal(Zitadel.User.V1.UserState.Active, (await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = required.UserId }, headers)).User.State);
        await AssertStoredAsIsAsync(required.UserId, hash);
        await AssertStoredAsIsAsync(notRequired.UserId, hash);
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.True((await db.Users.AsNoTracking().SingleAsync(u => u.Id == new UserId(required.UserId))).PasswordChangeRequired);
        Assert.False((await db.Users.AsNoTracking().SingleAsync(u => u.Id == new UserId(notRequired.UserId))).PasswordChangeRequired);
    }

    [SkippableTheory]
    [MemberData(nameof(RefusedFormats))]
    public async Task Rest_refuses_other_formats_naming_the_supported_ones_without_echoing_the_value(string hash)
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));

        var response = await RestImportAsync(orgId, Body("gyro", hash));

        var ids = await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(["VALIDATION-InvalidArgument", "USER-HashFormatUnsupported"], ids);
        Assert.Contains("$2a$, $2b$ or $2y$", body, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, body, StringComparison.Ordinal);
        await AssertNoUserAsync(orgId);
    }

    [SkippableTheory]
    [MemberData(nameof(RefusedFormats))]
    public async Task Grpc_refuses_other_formats_without_echoing_the_value(string hash)
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            factory.Grpc().ImportHumanUserAsync(GrpcRequest("gyro", hash), ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        Assert.Equal(["VALIDATION-InvalidArgument", "USER-HashFormatUnsupported"], ContractAssert.GrpcError(ex, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        Assert.DoesNotContain(hash, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ex.Trailers, t => !t.IsBinary && t.Value.Contains(hash, StringComparison.Ordinal));
        await AssertNoUserAsync(orgId);
    }

    [SkippableFact]
    public async Task A_hash_together_with_a_password_is_refused_on_rest_and_grpc()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        var hash = BcryptOf("$2b$");

        var rest = await RestImportAsync(orgId, Body("gyro", hash, password: Password));
        var grpc = await Assert.ThrowsAsync<RpcException>(() =>
            factory.Grpc().ImportHumanUserAsync(GrpcRequest("gyro", hash, password: Password), ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync);

        Assert.Equal(["VALIDATION-InvalidArgument", "USER-PasswordAndHash"], await ContractAssert.RestErrorAsync(rest, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        Assert.Equal(["VALIDATION-InvalidArgument", "USER-PasswordAndHash"], ContractAssert.GrpcError(grpc, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));
        await AssertNoUserAsync(orgId);
    }

    [SkippableFact]
    public async Task An_empty_hashed_password_is_no_hash()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));

        var response = await RestImportAsync(orgId, Body("gyro", string.Empty));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var userId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("userId").GetString()!;
        var user = (await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = userId }, ApiFactory.Headers(factory.AdminToken, orgId))).User;
        Assert.Equal(Zitadel.User.V1.UserState.Initial, user.State);
    }

    private async Task AssertNoUserAsync(string orgId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.OrgId == new OrgId(orgId) && u.UserNameKey == "GYRO"));
    }
}
