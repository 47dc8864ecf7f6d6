using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;
using Client = Zitadel.Management.V1.ManagementService.ManagementServiceClient;

namespace Identity.Api.Tests;

public enum TargetKind
{
    PlainUser,
    OrgUserManager,
    OrgOwner,
    IamOwner,
}

/// <summary>
/// The target dimension of the permission matrix: every method that acts on a user's credentials or
/// state, called by a user manager, an org owner and an IAM owner against a plain user, a user
/// manager, an org owner and an IAM owner, on REST and gRPC. A caller may act only on a target whose
/// permissions it holds in every scope. A refused call changes nothing.
/// </summary>
public sealed class SqliteTargetMatrixTests(ApiFactory factory) : TargetMatrixTests<ApiFactory>(factory);

public sealed class PostgresTargetMatrixTests(PostgresApiFactory factory) : TargetMatrixTests<PostgresApiFactory>(factory);

public abstract class TargetMatrixTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly CallerKind[] Callers = [CallerKind.OrgUserManager, CallerKind.OrgOwner, CallerKind.IamOwner];

    /// <summary>Which targets each caller may act on.</summary>
    private static readonly Dictionary<CallerKind, TargetKind[]> MayActOn = new()
    {
        [CallerKind.OrgUserManager] = [TargetKind.PlainUser, TargetKind.OrgUserManager],
        [CallerKind.OrgOwner] = [TargetKind.PlainUser, TargetKind.OrgUserManager, TargetKind.OrgOwner],
        [CallerKind.IamOwner] = Enum.GetValues<TargetKind>(),
    };

    /// <summary>Every method that acts on a user: the target's type and state, and the call.</summary>
    private static readonly Dictionary<string, TargetCase> Methods = new TargetCase[]
    {
        new("SetHumanInitialPassword", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/password/_initialize", new { password = "Sunny-Meadow-42!" }),
            (ch, h, w) => new Client(ch).SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = w.TargetId, Password = "Sunny-Meadow-42!" }, h).ResponseAsync),
        new("UpdateUserName", UserType.Human, UserState.Active,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.TargetId}/username", new { userName = Unique("renamed") }),
            (ch, h, w) => new Client(ch).UpdateUserNameAsync(new UpdateUserNameRequest { UserId = w.TargetId, UserName = Unique("renamed") }, h).ResponseAsync),
        new("UpdateHumanProfile", UserType.Human, UserState.Active,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.TargetId}/profile", new { firstName = "Neu", lastName = "Name", displayName = "Neu Name" }),
            (ch, h, w) => new Client(ch).UpdateHumanProfileAsync(new UpdateHumanProfileRequest { UserId = w.TargetId, FirstName = "Neu", LastName = "Name", DisplayName = "Neu Name" }, h).ResponseAsync),
        new("UpdateHumanEmail", UserType.Human, UserState.Active,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.TargetId}/email", new { email = "changed@target.test", isEmailVerified = true }),
            (ch, h, w) => new Client(ch).UpdateHumanEmailAsync(new UpdateHumanEmailRequest { UserId = w.TargetId, Email = "changed@target.test", IsEmailVerified = true }, h).ResponseAsync),
        new("UpdateHumanPhone", UserType.Human, UserState.Active,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.TargetId}/phone", new { phone = "+41 79 123 45 67" }),
            (ch, h, w) => new Client(ch).UpdateHumanPhoneAsync(new UpdateHumanPhoneRequest { UserId = w.TargetId, Phone = "+41 79 123 45 67" }, h).ResponseAsync),
        new("SetHumanPassword", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/password", new { password = "Sunny-Meadow-42!" }),
            (ch, h, w) => new Client(ch).SetHumanPasswordAsync(new SetHumanPasswordRequest { UserId = w.TargetId, Password = "Sunny-Meadow-42!" }, h).ResponseAsync),
        new("UserService/SetPassword", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/v2/users/{w.TargetId}/password", new { newPassword = new { password = "Sunny-Meadow-42!" } }),
            (ch, h, w) => new Zitadel.User.V2.UserService.UserServiceClient(ch).SetPasswordAsync(
                new Zitadel.User.V2.SetPasswordRequest { UserId = w.TargetId, NewPassword = new Zitadel.User.V2.Password { Password_ = "Sunny-Meadow-42!" } }, h).ResponseAsync),
        new("UserService/PasswordReset", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/v2/users/{w.TargetId}/password_reset", new { returnCode = new { } }),
            (ch, h, w) => new Zitadel.User.V2.UserService.UserServiceClient(ch).PasswordResetAsync(
                new Zitadel.User.V2.PasswordResetRequest { UserId = w.TargetId, ReturnCode = new Zitadel.User.V2.ReturnPasswordResetCode() }, h).ResponseAsync),

        // no email sender: past the target rule the request is refused and nothing changes
        new("SendHumanResetPasswordNotification", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/password/_reset", new { type = "TYPE_EMAIL" }),
            (ch, h, w) => new Client(ch).SendHumanResetPasswordNotificationAsync(new SendHumanResetPasswordNotificationRequest { UserId = w.TargetId }, h).ResponseAsync)
        {
            AllowedAnswer = (StatusCode.FailedPrecondition, HttpStatusCode.BadRequest, "NOTIFY-EmailUnavailable"),
        },
        new("AddPersonalAccessToken", UserType.Machine, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/pats", new { }),
            (ch, h, w) => new Client(ch).AddPersonalAccessTokenAsync(new AddPersonalAccessTokenRequest { UserId = w.TargetId }, h).ResponseAsync),
        new("RemovePersonalAccessToken", UserType.Machine, UserState.Active,
            (c, w) => c.DeleteAsync(new Uri($"/management/v1/users/{w.TargetId}/pats/{w.TargetTokenId}", UriKind.Relative)),
            (ch, h, w) => new Client(ch).RemovePersonalAccessTokenAsync(new RemovePersonalAccessTokenRequest { UserId = w.TargetId, TokenId = w.TargetTokenId }, h).ResponseAsync),
        new("AddMachineKey", UserType.Machine, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/keys", new { type = "KEY_TYPE_JSON" }),
            (ch, h, w) => new Client(ch).AddMachineKeyAsync(new AddMachineKeyRequest { UserId = w.TargetId, Type = Zitadel.Authn.V1.KeyType.Json }, h).ResponseAsync),

        // reading a machine user's keys is refused like changing them: the keys are how the user authenticates
        new("ListMachineKeys", UserType.Machine, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/keys/_search", new { }),
            (ch, h, w) => new Client(ch).ListMachineKeysAsync(new ListMachineKeysRequest { UserId = w.TargetId }, h).ResponseAsync)
        {
            Reads = true,
        },
        new("GetMachineKeyByIDs", UserType.Machine, UserState.Active,
            (c, w) => c.GetAsync(new Uri($"/management/v1/users/{w.TargetId}/keys/{w.TargetKeyId}", UriKind.Relative)),
            (ch, h, w) => new Client(ch).GetMachineKeyByIDsAsync(new GetMachineKeyByIDsRequest { UserId = w.TargetId, KeyId = w.TargetKeyId }, h).ResponseAsync)
        {
            Reads = true,
        },
        new("RemoveMachineKey", UserType.Machine, UserState.Active,
            (c, w) => c.DeleteAsync(new Uri($"/management/v1/users/{w.TargetId}/keys/{w.TargetKeyId}", UriKind.Relative)),
            (ch, h, w) => new Client(ch).RemoveMachineKeyAsync(new RemoveMachineKeyRequest { UserId = w.TargetId, KeyId = w.TargetKeyId }, h).ResponseAsync),
        new("GenerateMachineSecret", UserType.Machine, UserState.Active,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.TargetId}/secret", new { }),
            (ch, h, w) => new Client(ch).GenerateMachineSecretAsync(new GenerateMachineSecretRequest { UserId = w.TargetId }, h).ResponseAsync),
        new("RemoveMachineSecret", UserType.Machine, UserState.Active,
            (c, w) => c.DeleteAsync(new Uri($"/management/v1/users/{w.TargetId}/secret", UriKind.Relative)),
            (ch, h, w) => new Client(ch).RemoveMachineSecretAsync(new RemoveMachineSecretRequest { UserId = w.TargetId }, h).ResponseAsync),
        new("SetUserMetadata", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/metadata/k", new { value = "dg==" }),
            (ch, h, w) => new Client(ch).SetUserMetadataAsync(new SetUserMetadataRequest { Id = w.TargetId, Key = "k", Value = Google.Protobuf.ByteString.CopyFromUtf8("v") }, h).ResponseAsync),
        new("BulkSetUserMetadata", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/metadata/_bulk", new { metadata = new[] { new { key = "k", value = "dg==" } } }),
            (ch, h, w) => new Client(ch).BulkSetUserMetadataAsync(new BulkSetUserMetadataRequest
            {
                Id = w.TargetId,
                Metadata = { new BulkSetUserMetadataRequest.Types.Metadata { Key = "k", Value = Google.Protobuf.ByteString.CopyFromUtf8("v") } },
            }, h).ResponseAsync),

        // no metadata: past the target rule the key is not found and nothing changes
        new("RemoveUserMetadata", UserType.Human, UserState.Active,
            (c, w) => c.DeleteAsync(new Uri($"/management/v1/users/{w.TargetId}/metadata/k", UriKind.Relative)),
            (ch, h, w) => new Client(ch).RemoveUserMetadataAsync(new RemoveUserMetadataRequest { Id = w.TargetId, Key = "k" }, h).ResponseAsync)
        {
            AllowedAnswer = (StatusCode.NotFound, HttpStatusCode.NotFound, "METADATA-NotFound"),
        },
        new("BulkRemoveUserMetadata", UserType.Human, UserState.Active,
            (c, w) => c.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri($"/management/v1/users/{w.TargetId}/metadata/_bulk", UriKind.Relative)) { Content = JsonContent.Create(new { keys = new[] { "k" } }) }),
            (ch, h, w) => new Client(ch).BulkRemoveUserMetadataAsync(new BulkRemoveUserMetadataRequest { Id = w.TargetId, Keys = { "k" } }, h).ResponseAsync)
        {
            AllowedAnswer = (StatusCode.NotFound, HttpStatusCode.NotFound, "METADATA-NotFound"),
        },
        new("DeactivateUser", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/_deactivate", new { }),
            (ch, h, w) => new Client(ch).DeactivateUserAsync(new DeactivateUserRequest { Id = w.TargetId }, h).ResponseAsync),
        new("ReactivateUser", UserType.Human, UserState.Inactive,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/_reactivate", new { }),
            (ch, h, w) => new Client(ch).ReactivateUserAsync(new ReactivateUserRequest { Id = w.TargetId }, h).ResponseAsync),
        new("LockUser", UserType.Human, UserState.Active,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/_lock", new { }),
            (ch, h, w) => new Client(ch).LockUserAsync(new LockUserRequest { Id = w.TargetId }, h).ResponseAsync),
        new("UnlockUser", UserType.Human, UserState.Locked,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.TargetId}/_unlock", new { }),
            (ch, h, w) => new Client(ch).UnlockUserAsync(new UnlockUserRequest { Id = w.TargetId }, h).ResponseAsync),
        new("RemoveUser", UserType.Machine, UserState.Active,
            (c, w) => c.DeleteAsync(new Uri($"/management/v1/users/{w.TargetId}", UriKind.Relative)),
            (ch, h, w) => new Client(ch).RemoveUserAsync(new RemoveUserRequest { Id = w.TargetId }, h).ResponseAsync),
    }.ToDictionary(m => m.Name);

    public static TheoryData<string, CallerKind, TargetKind, Protocol> Cells()
    {
        var data = new TheoryData<string, CallerKind, TargetKind, Protocol>();
        foreach (var method in Methods.Keys)
        {
            foreach (var caller in Callers)
            {
                foreach (var target in Enum.GetValues<TargetKind>())
                {
                    foreach (var protocol in Enum.GetValues<Protocol>())
                    {
                        data.Add(method, caller, target, protocol);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Every request of the Application that declares a target user is a method of this matrix, but for the two
    /// member methods: they change the org's memberships, not the user, and OrgMemberTests has their target cells.
    /// </summary>
    [SkippableFact]
    public void Every_user_targeting_method_is_in_the_target_matrix()
    {
        var targeting = typeof(ITargetsUser).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITargetsUser).IsAssignableFrom(t))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["AddMachineKeyCommand", "AddPersonalAccessTokenCommand", "BulkRemoveUserMetadataCommand", "BulkSetUserMetadataCommand", "ChangeUserStateCommand",
                "GenerateMachineSecretCommand", "GetMachineKeyByIDsQuery",
                "IssueResetEmailCodeCommand", // internal, no wire method: only the notification sender sends it, as the system (the target rule does not apply)
                "ListMachineKeysQuery", "PasswordResetV2Command", "RemoveMachineKeyCommand", "RemoveMachineSecretCommand", "RemoveOrgMemberCommand",
                "RemovePersonalAccessTokenCommand", "RemoveUserMetadataCommand",
                "SendPasswordResetNotificationCommand", "SetInitialPasswordCommand", "SetPasswordCommand", "SetPasswordV2Command", "SetUserMetadataCommand",
                "UpdateHumanEmailCommand", "UpdateHumanPhoneCommand", "UpdateHumanProfileCommand", "UpdateOrgMemberCommand", "UpdateUserNameCommand"],
            targeting);
        Assert.Equal(26, Methods.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string method, CallerKind caller, TargetKind target, Protocol protocol)
    {
        var definition = Methods[method];
        var world = await SeedAsync(caller, target, definition);
        var allowed = MayActOn[caller].Contains(target);
        if (allowed && definition.AllowedAnswer is { } answer)
        {
            await AssertRefusedPastTheTargetRuleAsync(definition, world, protocol, answer);
            return;
        }

        if (protocol == Protocol.Rest)
        {
            var response = await definition.Rest(factory.Rest(world.CallerToken, world.OrgId), world);
            if (allowed)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} by {caller} on {target}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                await ContractAssert.RestErrorAsync(response, HttpStatusCode.Forbidden, StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
            }
        }
        else
        {
            var call = definition.Grpc(factory.Channel(), ApiFactory.Headers(world.CallerToken, world.OrgId), world);
            if (allowed)
            {
                await call;
            }
            else
            {
                ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => call), StatusCode.PermissionDenied, "AUTH-TargetOutranksCaller");
            }
        }

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(new UserId(world.TargetId), default);
        var tokens = await scope.ServiceProvider.GetRequiredService<IPersonalAccessTokenRepository>().AllOfUserAsync(new UserId(world.TargetId), default);
        var keys = await scope.ServiceProvider.GetRequiredService<IMachineKeyRepository>().AllOfUserAsync(new UserId(world.TargetId), default);
        if (allowed)
        {
            Assert.Equal(world.TargetSequence + (definition.Reads ? 0 : 1), stored!.Sequence);
        }
        else
        {
            Assert.Equal(world.TargetSequence, stored!.Sequence);
            Assert.Equal(definition.State, stored.State);
            Assert.Equal(world.TargetTokenCount, tokens.Count);
            Assert.Equal(world.TargetTokenCount, keys.Count);
            Assert.Equal(world.TargetSecretHash, stored.MachineSecretHash);
        }
    }

    private async Task AssertRefusedPastTheTargetRuleAsync(TargetCase definition, World world, Protocol protocol, (StatusCode Code, HttpStatusCode Status, string ErrorId) answer)
    {
        if (protocol == Protocol.Rest)
        {
            await ContractAssert.RestErrorAsync(await definition.Rest(factory.Rest(world.CallerToken, world.OrgId), world), answer.Status, answer.Code, answer.ErrorId);
        }
        else
        {
            var call = definition.Grpc(factory.Channel(), ApiFactory.Headers(world.CallerToken, world.OrgId), world);
            ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => call), answer.Code, answer.ErrorId);
        }

        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(new UserId(world.TargetId), default);
        Assert.Equal(world.TargetSequence, stored!.Sequence);
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh org with the caller and the target, written straight into the database.</summary>
    private async Task<World> SeedAsync(CallerKind callerKind, TargetKind targetKind, TargetCase definition)
    {
        factory.Start();
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var ids = sp.GetRequiredService<IIdGenerator>();
        var tokens = sp.GetRequiredService<ITokenService>();
        var users = sp.GetRequiredService<IUserRepository>();
        var pats = sp.GetRequiredService<IPersonalAccessTokenRepository>();
        var memberships = sp.GetRequiredService<IMembershipRepository>();
        var now = DateTimeOffset.UtcNow;
        var org = Organization.Create(new OrgId(ids.NewId()), Unique("Org"), sp.GetRequiredService<InstanceSettings>().Domain, now, "test");
        sp.GetRequiredService<IOrganizationRepository>().Add(org);

        void Grant(UserId user, string role)
        {
            if (role == Roles.IamOwner)
            {
                memberships.Add(Membership.ForInstance(user, now));
                role = Roles.OrgOwner;
            }

            memberships.Add(Membership.ForOrg(org.Id, user, [role], now));
        }

        var caller = User.CreateMachine(new UserId(ids.NewId()), org.Id, Unique("caller"), new MachineProfile("Caller", "", AccessTokenType.Bearer), now, "test");
        var (callerToken, callerHash) = tokens.Generate();
        users.Add(caller);
        pats.Add(caller.AddPersonalAccessToken(new TokenId(ids.NewId()), callerHash, null, now, "test"));
        Grant(caller.Id, callerKind switch
        {
            CallerKind.OrgUserManager => Roles.OrgUserManager,
            CallerKind.OrgOwner => Roles.OrgOwner,
            _ => Roles.IamOwner,
        });

        var policy = new PasswordPolicy(PasswordComplexityPolicy.Default, null, false);
        var target = definition.Type == UserType.Human
            ? User.ImportHuman(new UserId(ids.NewId()), org.Id, Unique("target"),
                new HumanProfile("Tar", "Get", "", "Tar Get", "", Gender.Unspecified, "t@g.test", false, "", false), "Sunny-Meadow-41!", false, policy, _ => "hash", now, "test")
            : User.CreateMachine(new UserId(ids.NewId()), org.Id, Unique("target"), new MachineProfile("Target", "", AccessTokenType.Bearer), now, "test");
        var tokenId = string.Empty;
        var keyId = string.Empty;
        if (definition.Type == UserType.Machine)
        {
            var token = target.AddPersonalAccessToken(new TokenId(ids.NewId()), tokens.Generate().Hash, null, now, "test");
            pats.Add(token);
            tokenId = token.Id.Value;
            var key = target.AddMachineKey(new MachineKeyId(ids.NewId()), MachineKeyType.Json, null, () => "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----", now, "test");
            sp.GetRequiredService<IMachineKeyRepository>().Add(key);
            keyId = key.Id.Value;
            target.SetMachineSecret(tokens.Generate().Hash, now, "test");
        }

        if (definition.State == UserState.Inactive)
        {
            target.Deactivate(now, "test");
        }
        else if (definition.State == UserState.Locked)
        {
            target.Lock(now, "test");
        }

        users.Add(target);
        if (targetKind != TargetKind.PlainUser)
        {
            Grant(target.Id, targetKind switch
            {
                TargetKind.OrgUserManager => Roles.OrgUserManager,
                TargetKind.OrgOwner => Roles.OrgOwner,
                _ => Roles.IamOwner,
            });
        }

        await sp.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return new World(org.Id.Value, callerToken, target.Id.Value, tokenId, target.Sequence, tokenId.Length == 0 ? 0 : 1)
        {
            TargetKeyId = keyId,
            TargetSecretHash = target.MachineSecretHash,
        };
    }

    /// <summary>The seeded world; a machine target has one token, one key (<see cref="TargetKeyId"/>) and a secret.</summary>
    private sealed record World(string OrgId, string CallerToken, string TargetId, string TargetTokenId, long TargetSequence, int TargetTokenCount)
    {
        public string TargetKeyId { get; init; } = string.Empty;

        public string? TargetSecretHash { get; init; }
    }

    private sealed record TargetCase(
        string Name,
        UserType Type,
        UserState State,
        Func<HttpClient, World, Task<HttpResponseMessage>> Rest,
        Func<global::Grpc.Net.Client.GrpcChannel, Metadata, World, Task> Grpc)
    {
        /// <summary>A read: an allowed call changes nothing (the sequence stays).</summary>
        public bool Reads { get; init; }

        /// <summary>The answer of a caller the target rule lets through, when the method then refuses (no change is made).</summary>
        public (StatusCode Code, HttpStatusCode Status, string ErrorId)? AllowedAnswer { get; init; }
    }
}
