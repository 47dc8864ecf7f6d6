using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Application.Access;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests;

/// <summary>
/// Machine keys and machine secrets through the real host, on REST and gRPC, SQLite and PostgreSQL: the key file and
/// its private key against the stored public key, expiry, lists that never show key material, removal, the secret
/// shown once and replaced, bad input, the attacks of a user manager on a machine user that outranks it, and RemoveUser.
/// </summary>
public sealed class SqliteMachineCredentialTests(ApiFactory factory) : MachineCredentialTests<ApiFactory>(factory);

public sealed class PostgresMachineCredentialTests(PostgresApiFactory factory) : MachineCredentialTests<PostgresApiFactory>(factory);

public abstract class MachineCredentialTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly byte[] Assertion = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0"u8.ToArray();

    [SkippableFact]
    public async Task A_generated_key_file_signs_what_the_stored_public_key_verifies_over_rest()
    {
        var (admin, orgId) = await OrgAsync();
        var (machine, sequence) = await MachineAsync(admin);

        var added = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys", new { type = "KEY_TYPE_JSON" }));

        var keyId = added.GetProperty("keyId").GetString()!;
        Assert.Equal(((sequence + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), orgId),
            (added.GetProperty("details").GetProperty("sequence").GetString(), added.GetProperty("details").GetProperty("resourceOwner").GetString()));
        var fileText = Encoding.UTF8.GetString(Convert.FromBase64String(added.GetProperty("keyDetails").GetString()!));
        using var file = JsonDocument.Parse(fileText);
        Assert.Equal(["type", "keyId", "key", "expirationDate", "userId"], file.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("serviceaccount", keyId, machine, "9999-12-31T23:59:59Z"), (file.RootElement.GetProperty("type").GetString(), file.RootElement.GetProperty("keyId").GetString(),
            file.RootElement.GetProperty("userId").GetString(), file.RootElement.GetProperty("expirationDate").GetString()));
        var privatePem = file.RootElement.GetProperty("key").GetString()!;
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", privatePem, StringComparison.Ordinal);
        Assert.Contains("\\n", fileText, StringComparison.Ordinal);

        // the private key signs an assertion that the stored public key (what the token endpoint will use) verifies
        using var signer = RSA.Create();
        signer.ImportFromPem(privatePem);
        var signature = signer.SignData(Assertion, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var active = await ActiveKeyAsync(machine, keyId);
        Assert.NotNull(active);
        Assert.Equal(machine, active.Caller.UserId.Value);
        using var verifier = RSA.Create();
        verifier.ImportFromPem(active.PublicKeyPem);
        Assert.True(verifier.VerifyData(Assertion, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.DoesNotContain("PRIVATE", active.PublicKeyPem, StringComparison.Ordinal);

        // list and get answer metadata only
        var list = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys/_search", new { }));
        var listed = Assert.Single(list.GetProperty("result").EnumerateArray());
        var got = (await Ok(admin.GetAsync(new Uri($"/management/v1/users/{machine}/keys/{keyId}", UriKind.Relative)))).GetProperty("key");
        foreach (var key in new[] { listed, got })
        {
            Assert.Equal(["id", "details", "type", "expirationDate"], key.EnumerateObject().Select(p => p.Name));
            Assert.Equal((keyId, "KEY_TYPE_JSON", "9999-12-31T23:59:59Z"), (key.GetProperty("id").GetString(), key.GetProperty("type").GetString(), key.GetProperty("expirationDate").GetString()));
        }

        Assert.Equal("1", list.GetProperty("details").GetProperty("totalResult").GetString());
        var changes = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{machine}/changes/_search", new { query = new { asc = true } }));
        var last = changes.GetProperty("result").EnumerateArray().Last().GetProperty("eventType");
        Assert.Equal(("user.machine.key.added", "Machine key added"), (last.GetProperty("key").GetString(), last.GetProperty("localizedMessage").GetString()));
        Assert.DoesNotContain("PRIVATE", changes.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Keys_are_added_with_an_expiration_listed_and_removed_over_grpc()
    {
        var (admin, orgId) = await OrgAsync();
        var (machine, _) = await MachineAsync(admin);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        expires = new DateTimeOffset(expires.Year, expires.Month, expires.Day, expires.Hour, expires.Minute, expires.Second, TimeSpan.Zero);

        var first = await grpc.AddMachineKeyAsync(new AddMachineKeyRequest
        {
            UserId = machine,
            Type = Zitadel.Authn.V1.KeyType.Json,
            ExpirationDate = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(expires),
        }, headers);
        var second = await grpc.AddMachineKeyAsync(new AddMachineKeyRequest { UserId = machine, Type = Zitadel.Authn.V1.KeyType.Json }, headers);

        using var file = JsonDocument.Parse(first.KeyDetails.Memory);
        Assert.Equal(expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), file.RootElement.GetProperty("expirationDate").GetString());
        Assert.Equal(second.Details.Sequence, first.Details.Sequence + 1);
        var list = await grpc.ListMachineKeysAsync(new ListMachineKeysRequest { UserId = machine, Query = new Zitadel.V1.ListQuery { Asc = true } }, headers);
        Assert.Equal([first.KeyId, second.KeyId], list.Result.Select(k => k.Id));
        Assert.Equal(expires, list.Result[0].ExpirationDate.ToDateTimeOffset());
        Assert.Equal(2UL, list.Details.TotalResult);
        var page = await grpc.ListMachineKeysAsync(new ListMachineKeysRequest { UserId = machine, Query = new Zitadel.V1.ListQuery { Limit = 1 } }, headers);
        Assert.Equal([second.KeyId], page.Result.Select(k => k.Id));

        var removed = await grpc.RemoveMachineKeyAsync(new RemoveMachineKeyRequest { UserId = machine, KeyId = first.KeyId }, headers);
        Assert.Equal(second.Details.Sequence + 1, removed.Details.Sequence);
        Assert.Null(await ActiveKeyAsync(machine, first.KeyId));
        Assert.NotNull(await ActiveKeyAsync(machine, second.KeyId));
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.GetMachineKeyByIDsAsync(new GetMachineKeyByIDsRequest { UserId = machine, KeyId = first.KeyId }, headers).ResponseAsync),
            StatusCode.NotFound, "USER-KeyNotFound");
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => grpc.RemoveMachineKeyAsync(new RemoveMachineKeyRequest { UserId = machine, KeyId = first.KeyId }, headers).ResponseAsync),
            StatusCode.NotFound, "USER-KeyNotFound");
        var left = await grpc.GetMachineKeyByIDsAsync(new GetMachineKeyByIDsRequest { UserId = machine, KeyId = second.KeyId }, headers);
        Assert.Equal((second.KeyId, Zitadel.Authn.V1.KeyType.Json), (left.Key.Id, left.Key.Type));
    }

    [SkippableFact]
    public async Task A_supplied_public_key_is_stored_and_the_answer_has_no_key_file()
    {
        var (admin, orgId) = await OrgAsync();
        var (machine, _) = await MachineAsync(admin);
        using var own = RSA.Create(2048);
        var pem = own.ExportRSAPublicKeyPem();

        var rest = await Ok(admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys", new { type = "KEY_TYPE_JSON", publicKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(pem)) }));
        var grpc = await factory.Grpc().AddMachineKeyAsync(
            new AddMachineKeyRequest { UserId = machine, Type = Zitadel.Authn.V1.KeyType.Json, PublicKey = ByteString.CopyFromUtf8(own.ExportSubjectPublicKeyInfoPem()) },
            ApiFactory.Headers(factory.AdminToken, orgId));

        Assert.False(rest.TryGetProperty("keyDetails", out _));
        Assert.True(grpc.KeyDetails.IsEmpty);
        var signature = own.SignData(Assertion, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        foreach (var keyId in new[] { rest.GetProperty("keyId").GetString()!, grpc.KeyId })
        {
            var active = await ActiveKeyAsync(machine, keyId);
            Assert.Equal(own.ExportSubjectPublicKeyInfoPem(), active?.PublicKeyPem);
            using var verifier = RSA.Create();
            verifier.ImportFromPem(active!.PublicKeyPem);
            Assert.True(verifier.VerifyData(Assertion, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_with_its_id_and_nothing_changes()
    {
        var (admin, orgId) = await OrgAsync();
        var (machine, sequence) = await MachineAsync(admin);
        var human = (await Scenario.ImportAsync(admin, orgId, "human-" + Guid.NewGuid().ToString("N")[..6])).GetProperty("userId").GetString()!;
        using var small = RSA.Create(1024);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var keys = $"/management/v1/users/{machine}/keys";

        foreach (var bad in new[] { small.ExportSubjectPublicKeyInfoPem(), ec.ExportSubjectPublicKeyInfoPem(), rsa.ExportRSAPrivateKeyPem(), "not a key" })
        {
            var ids = await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync(keys, new { type = "KEY_TYPE_JSON", publicKey = Base64(bad) }),
                HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "COMMAND-5F3h1");
            Assert.Single(ids);
        }

        var body = await (await admin.PostAsJsonAsync(keys, new { type = "KEY_TYPE_JSON", publicKey = Base64(rsa.ExportRSAPrivateKeyPem()) })).Content.ReadAsStringAsync();
        Assert.DoesNotContain(rsa.ExportRSAPrivateKeyPem().Split('\n')[1], body, StringComparison.Ordinal);
        await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync(keys, new { type = "KEY_TYPE_JSON", expirationDate = "2020-01-01T00:00:00Z" }),
            HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "DOMAIN-dv3t5");
        await InvalidAsync(await admin.PostAsJsonAsync(keys, new { }), "USER-KeyTypeInvalid");
        await InvalidAsync(await admin.PostAsJsonAsync(keys, new { type = 7 }), "USER-KeyTypeInvalid");
        await InvalidAsync(await admin.PostAsJsonAsync($"{keys}/_search", new { query = new { limit = 1001 } }), "QUERY-4M0fs");
        await InvalidAsync(await admin.GetAsync(new Uri($"{keys}/{new string('k', 201)}", UriKind.Relative)), "USER-KeyIdInvalid");
        await ContractAssert.RestErrorAsync(await admin.GetAsync(new Uri($"{keys}/123", UriKind.Relative)), HttpStatusCode.NotFound, StatusCode.NotFound, "USER-KeyNotFound");
        await ContractAssert.RestErrorAsync(await admin.DeleteAsync(new Uri($"/management/v1/users/{machine}/secret", UriKind.Relative)),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "COMMAND-coi82n");

        // a human has neither keys nor a secret; an unknown user is not found
        await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync($"/management/v1/users/{human}/keys", new { type = "KEY_TYPE_JSON" }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "USER-TokenMachineOnly");
        await ContractAssert.RestErrorAsync(await admin.PutAsJsonAsync($"/management/v1/users/{human}/secret", new { }),
            HttpStatusCode.BadRequest, StatusCode.FailedPrecondition, "USER-TokenMachineOnly");
        ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => factory.Grpc().GenerateMachineSecretAsync(
            new GenerateMachineSecretRequest { UserId = human }, ApiFactory.Headers(factory.AdminToken, orgId)).ResponseAsync), StatusCode.FailedPrecondition, "USER-TokenMachineOnly");
        await ContractAssert.RestErrorAsync(await admin.PostAsJsonAsync("/management/v1/users/4242/keys", new { type = "KEY_TYPE_JSON" }),
            HttpStatusCode.NotFound, StatusCode.NotFound, "USER-NotFound");

        Assert.Equal(sequence, await SequenceAsync(admin, machine));
        Assert.Empty(await AllKeysAsync(machine));
    }

    [SkippableFact]
    public async Task A_secret_is_shown_once_replaced_by_a_new_one_and_removed_over_rest()
    {
        var (admin, _) = await OrgAsync();
        var (machine, sequence) = await MachineAsync(admin);
        var userName = (await Ok(admin.GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative)))).GetProperty("user").GetProperty("userName").GetString()!;

        var first = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{machine}/secret", new { }));
        var second = await Ok(admin.PutAsync(new Uri($"/management/v1/users/{machine}/secret", UriKind.Relative), null));

        var (firstSecret, secondSecret) = (first.GetProperty("clientSecret").GetString()!, second.GetProperty("clientSecret").GetString()!);
        Assert.Equal((userName, userName), (first.GetProperty("clientId").GetString(), second.GetProperty("clientId").GetString()));
        Assert.Matches("^[A-Za-z0-9]{64}$", firstSecret);
        Assert.NotEqual(firstSecret, secondSecret);
        Assert.Equal((sequence + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), second.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Null(await CheckSecretAsync(userName, firstSecret));
        Assert.Equal(machine, (await CheckSecretAsync(userName, secondSecret))?.UserId.Value);
        Assert.Null(await CheckSecretAsync("someone-else", secondSecret));
        var user = (await Ok(admin.GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative)))).GetProperty("user");
        Assert.True(user.GetProperty("machine").GetProperty("hasSecret").GetBoolean());
        Assert.DoesNotContain(secondSecret, user.ToString(), StringComparison.Ordinal);
        var listed = await Ok(admin.PostAsJsonAsync("/management/v1/users/_search", new { queries = new[] { new { inUserIdsQuery = new { userIds = new[] { machine } } } } }));
        Assert.True(Assert.Single(listed.GetProperty("result").EnumerateArray()).GetProperty("machine").GetProperty("hasSecret").GetBoolean());

        await Ok(admin.DeleteAsync(new Uri($"/management/v1/users/{machine}/secret", UriKind.Relative)));
        Assert.Null(await CheckSecretAsync(userName, secondSecret));
        var after = (await Ok(admin.GetAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative)))).GetProperty("user");
        Assert.False(after.GetProperty("machine").TryGetProperty("hasSecret", out _), "false is omitted");
        var changes = (await Ok(admin.PostAsJsonAsync($"/management/v1/users/{machine}/changes/_search", new { query = new { asc = true } }))).GetProperty("result").EnumerateArray()
            .Select(c => c.GetProperty("eventType").GetProperty("localizedMessage").GetString()).TakeLast(3);
        Assert.Equal(["Machine secret generated", "Machine secret generated", "Machine secret removed"], changes);
    }

    [SkippableFact]
    public async Task A_secret_is_generated_and_removed_over_grpc()
    {
        var (admin, orgId) = await OrgAsync();
        var (machine, _) = await MachineAsync(admin);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(factory.AdminToken, orgId);

        var generated = await grpc.GenerateMachineSecretAsync(new GenerateMachineSecretRequest { UserId = machine }, headers);
        var user = await grpc.GetUserByIDAsync(new GetUserByIDRequest { Id = machine }, headers);
        var removed = await grpc.RemoveMachineSecretAsync(new RemoveMachineSecretRequest { UserId = machine }, headers);
        var again = await Assert.ThrowsAsync<RpcException>(() => grpc.RemoveMachineSecretAsync(new RemoveMachineSecretRequest { UserId = machine }, headers).ResponseAsync);

        Assert.Equal(user.User.UserName, generated.ClientId);
        Assert.Equal(64, generated.ClientSecret.Length);
        Assert.True(user.User.Machine.HasSecret);
        Assert.Equal(generated.Details.Sequence + 1, removed.Details.Sequence);
        Assert.False((await grpc.GetUserByIDAsync(new GetUserByIDRequest { Id = machine }, headers)).User.Machine.HasSecret);
        ContractAssert.GrpcError(again, StatusCode.FailedPrecondition, "COMMAND-coi82n");
        Assert.Null(await CheckSecretAsync(generated.ClientId, generated.ClientSecret));
    }

    /// <summary>The no-escalation attacks: a user manager neither creates a key or secret for, nor reads the keys of, a machine user that is an org owner.</summary>
    [SkippableFact]
    public async Task A_user_manager_cannot_take_over_a_machine_user_that_outranks_it_on_either_protocol()
    {
        var (admin, orgId) = await OrgAsync();
        var (owner, _) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgOwner);
        var (_, managerToken) = await factory.CreateMachineCallerAsync(orgId, Roles.OrgUserManager);
        var keyId = (await Ok(admin.PostAsJsonAsync($"/management/v1/users/{owner}/keys", new { type = "KEY_TYPE_JSON" }))).GetProperty("keyId").GetString()!;
        var sequence = await SequenceAsync(admin, owner);
        var manager = factory.Rest(managerToken, orgId);
        var grpc = factory.Grpc();
        var headers = ApiFactory.Headers(managerToken, orgId);

        foreach (var response in new[]
        {
            await manager.PostAsJsonAsync($"/management/v1/users/{owner}/keys", new { type = "KEY_TYPE_JSON" }),
            await manager.PostAsJsonAsync($"/management/v1/users/{owner}/keys/_search", new { }),
            await manager.GetAsync(new Uri($"/management/v1/users/{owner}/keys/{keyId}", UriKind.Relative)),
            await manager.DeleteAsync(new Uri($"/management/v1/users/{owner}/keys/{keyId}", UriKind.Relative)),
            await manager.PutAsJsonAsync($"/management/v1/users/{owner}/secret", new { }),
            await manager.DeleteAsync(new Uri($"/management/v1/users/{owner}/secret", UriKind.Relative)),
        })
        {
            var body = await response.Content.ReadAsStringAsync();
            await ContractAssert.RestErrorAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
            Assert.DoesNotContain("BEGIN", body, StringComparison.Ordinal);
        }

        foreach (var call in new Func<Task>[]
        {
            () => grpc.AddMachineKeyAsync(new AddMachineKeyRequest { UserId = owner, Type = Zitadel.Authn.V1.KeyType.Json }, headers).ResponseAsync,
            () => grpc.ListMachineKeysAsync(new ListMachineKeysRequest { UserId = owner }, headers).ResponseAsync,
            () => grpc.GetMachineKeyByIDsAsync(new GetMachineKeyByIDsRequest { UserId = owner, KeyId = keyId }, headers).ResponseAsync,
            () => grpc.GenerateMachineSecretAsync(new GenerateMachineSecretRequest { UserId = owner }, headers).ResponseAsync,
        })
        {
            ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(call), StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
        }

        Assert.Equal(sequence, await SequenceAsync(admin, owner));
        Assert.Equal([keyId], (await AllKeysAsync(owner)).Select(k => k.Id.Value));
        var user = (await Ok(admin.GetAsync(new Uri($"/management/v1/users/{owner}", UriKind.Relative)))).GetProperty("user");
        Assert.False(user.GetProperty("machine").TryGetProperty("hasSecret", out _));

        // the same manager may act on a plain machine user
        var (plain, _) = await MachineAsync(admin);
        await Ok(manager.PostAsJsonAsync($"/management/v1/users/{plain}/keys", new { type = "KEY_TYPE_JSON" }));
        await Ok(manager.PutAsJsonAsync($"/management/v1/users/{plain}/secret", new { }));
    }

    [SkippableFact]
    public async Task RemoveUser_leaves_no_usable_key_or_secret()
    {
        var (admin, _) = await OrgAsync();
        var (machine, _) = await MachineAsync(admin);
        var keyId = (await Ok(admin.PostAsJsonAsync($"/management/v1/users/{machine}/keys", new { type = "KEY_TYPE_JSON" }))).GetProperty("keyId").GetString()!;
        var secret = await Ok(admin.PutAsJsonAsync($"/management/v1/users/{machine}/secret", new { }));
        Assert.NotNull(await ActiveKeyAsync(machine, keyId));

        await Ok(admin.DeleteAsync(new Uri($"/management/v1/users/{machine}", UriKind.Relative)));

        Assert.Null(await ActiveKeyAsync(machine, keyId));
        Assert.Null(await CheckSecretAsync(secret.GetProperty("clientId").GetString(), secret.GetProperty("clientSecret").GetString()));
        Assert.Empty(await AllKeysAsync(machine));
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(new UserId(machine), default);
        Assert.Null(stored!.MachineSecretHash);
    }

    private async Task<(HttpClient Admin, string OrgId)> OrgAsync()
    {
        var orgId = await Scenario.AddOrgAsync(factory.Rest(factory.Start()));
        return (factory.Rest(factory.AdminToken, orgId), orgId);
    }

    private static async Task<(string Id, long Sequence)> MachineAsync(HttpClient admin)
    {
        var added = await Ok(admin.PostAsJsonAsync("/management/v1/users/machine", new { userName = "svc-" + Guid.NewGuid().ToString("N")[..8], name = "Service" }));
        return (added.GetProperty("userId").GetString()!, long.Parse(added.GetProperty("details").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<long> SequenceAsync(HttpClient admin, string userId) =>
        long.Parse((await Ok(admin.GetAsync(new Uri($"/management/v1/users/{userId}", UriKind.Relative)))).GetProperty("user").GetProperty("details").GetProperty("sequence").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ActiveMachineKey?> ActiveKeyAsync(string userId, string keyId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MachineCredentialVerifier>().FindActiveKeyAsync(userId, keyId, default);
    }

    private async Task<Identity.Application.Common.Caller?> CheckSecretAsync(string? clientId, string? secret)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MachineCredentialVerifier>().CheckSecretAsync(clientId, secret, default);
    }

    private async Task<IReadOnlyList<MachineKey>> AllKeysAsync(string userId)
    {
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMachineKeyRepository>().AllOfUserAsync(new UserId(userId), default);
    }

    private static async Task InvalidAsync(HttpResponseMessage response, string id) =>
        Assert.Contains(id, await ContractAssert.RestErrorAsync(response, HttpStatusCode.BadRequest, StatusCode.InvalidArgument, "VALIDATION-InvalidArgument"));

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
