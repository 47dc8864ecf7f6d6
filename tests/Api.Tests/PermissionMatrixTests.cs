using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Identity.Api.Tests.Support;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;
using Client = Zitadel.Management.V1.ManagementService.ManagementServiceClient;

namespace Identity.Api.Tests;

public enum CallerKind
{
    NoToken,
    BadToken,
    ExpiredToken,
    IamOwner,
    OrgOwner,
    OrgUserManager,
    OrgOwnerViewer,
    OwnerOfAnotherOrg,
}

public enum Protocol
{
    Rest,
    Grpc,
}

/// <summary>
/// Every method of the services, for every kind of caller, on both protocols: the exact gRPC code and
/// HTTP status of each cell. Every call names the target org in <c>x-zitadel-orgid</c> (which the v2
/// methods ignore). A method of a proto service that is missing here fails <see cref="Every_method_of_the_service_is_in_the_matrix"/>.
/// </summary>
public sealed class SqlitePermissionMatrixTests(ApiFactory factory) : PermissionMatrixTests<ApiFactory>(factory);

public sealed class PostgresPermissionMatrixTests(PostgresApiFactory factory) : PermissionMatrixTests<PostgresApiFactory>(factory);

public abstract class PermissionMatrixTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private static readonly CallerKind[] Readers = [CallerKind.IamOwner, CallerKind.OrgOwner, CallerKind.OrgUserManager, CallerKind.OrgOwnerViewer];
    private static readonly CallerKind[] UserWriters = [CallerKind.IamOwner, CallerKind.OrgOwner, CallerKind.OrgUserManager];
    private static readonly CallerKind[] OrgWriters = [CallerKind.IamOwner, CallerKind.OrgOwner];
    private static readonly CallerKind[] MemberReaders = [CallerKind.IamOwner, CallerKind.OrgOwner, CallerKind.OrgOwnerViewer];

    private static readonly Dictionary<string, MethodCase> Methods = new MethodCase[]
    {
        new("GetMyOrg", Readers, null,
            (c, w) => c.GetAsync(Uri("/management/v1/orgs/me")),
            (c, h, w) => c.GetMyOrgAsync(new GetMyOrgRequest(), h).ResponseAsync),
        new("AddOrg", [CallerKind.IamOwner], null,
            (c, w) => c.PostAsJsonAsync("/management/v1/orgs", new { name = Unique("Org") }),
            (c, h, w) => c.AddOrgAsync(new AddOrgRequest { Name = Unique("Org") }, h).ResponseAsync),
        new("GetUserByID", Readers, null,
            (c, w) => c.GetAsync(Uri($"/management/v1/users/{w.HumanId}")),
            (c, h, w) => c.GetUserByIDAsync(new GetUserByIDRequest { Id = w.HumanId }, h).ResponseAsync),
        new("ListUsers", Readers, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/users/_search", new { queries = new[] { new { inUserIdsQuery = new { userIds = new[] { w.HumanId } } } } }),
            (c, h, w) => c.ListUsersAsync(new ListUsersRequest { Queries = { new Zitadel.User.V1.SearchQuery { InUserIdsQuery = new Zitadel.User.V1.InUserIDQuery { UserIds = { w.HumanId } } } } }, h).ResponseAsync),
        new("ImportHumanUser", UserWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/users/human/_import", new { userName = Unique("u"), profile = new { firstName = "A", lastName = "B" }, email = new { email = "a@b.test" } }),
            (c, h, w) => c.ImportHumanUserAsync(new ImportHumanUserRequest
            {
                UserName = Unique("u"),
                Profile = new ImportHumanUserRequest.Types.Profile { FirstName = "A", LastName = "B" },
                Email = new ImportHumanUserRequest.Types.Email { Email_ = "a@b.test" },
            }, h).ResponseAsync),
        // user.global.read in the caller's own org passes; a user of an org where the caller holds no role is hidden as unknown
        new("GetUserByLoginNameGlobal", Readers, WithHumanLoginName,
            (c, w) => c.GetAsync(Uri($"/management/v1/global/users/_by_login_name?loginName={System.Net.WebUtility.UrlEncode(w.Extras["login"])}")),
            (c, h, w) => c.GetUserByLoginNameGlobalAsync(new GetUserByLoginNameGlobalRequest { LoginName = w.Extras["login"] }, h).ResponseAsync)
        {
            Special = (CallerKind.OwnerOfAnotherOrg, StatusCode.NotFound, HttpStatusCode.NotFound, "USER-NotFound"),
        },
        new("IsUserUnique", Readers, null,
            (c, w) => c.GetAsync(Uri("/management/v1/users/_is_unique?userName=human&email=x%40y.test")),
            (c, h, w) => c.IsUserUniqueAsync(new IsUserUniqueRequest { UserName = "human", Email = "x@y.test" }, h).ResponseAsync),
        new("AddHumanUser", UserWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/users/human", new { userName = Unique("u"), profile = new { firstName = "A", lastName = "B" }, email = new { email = "a@b.test" } }),
            (c, h, w) => c.AddHumanUserAsync(new AddHumanUserRequest
            {
                UserName = Unique("u"),
                Profile = new AddHumanUserRequest.Types.Profile { FirstName = "A", LastName = "B" },
                Email = new AddHumanUserRequest.Types.Email { Email_ = "a@b.test" },
            }, h).ResponseAsync),
        new("UpdateUserName", UserWriters, null,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.HumanId}/username", new { userName = Unique("n") }),
            (c, h, w) => c.UpdateUserNameAsync(new UpdateUserNameRequest { UserId = w.HumanId, UserName = Unique("n") }, h).ResponseAsync),
        new("UpdateHumanProfile", UserWriters, null,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.HumanId}/profile", new { firstName = "Neu", lastName = "Name", displayName = "Neu Name" }),
            (c, h, w) => c.UpdateHumanProfileAsync(new UpdateHumanProfileRequest { UserId = w.HumanId, FirstName = "Neu", LastName = "Name", DisplayName = "Neu Name" }, h).ResponseAsync),
        new("UpdateHumanEmail", UserWriters, null,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.HumanId}/email", new { email = "new@m.test" }),
            (c, h, w) => c.UpdateHumanEmailAsync(new UpdateHumanEmailRequest { UserId = w.HumanId, Email = "new@m.test" }, h).ResponseAsync),
        new("UpdateHumanPhone", UserWriters, null,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.HumanId}/phone", new { phone = "+41790000001" }),
            (c, h, w) => c.UpdateHumanPhoneAsync(new UpdateHumanPhoneRequest { UserId = w.HumanId, Phone = "+41790000001" }, h).ResponseAsync),
        new("SetHumanInitialPassword", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.HumanId}/password/_initialize", new { password = "Sunny-Meadow-42!" }),
            (c, h, w) => c.SetHumanInitialPasswordAsync(new SetHumanInitialPasswordRequest { UserId = w.HumanId, Password = "Sunny-Meadow-42!" }, h).ResponseAsync),
        new("SetHumanPassword", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.ActiveHumanId}/password", new { password = "Sunny-Meadow-42!" }),
            (c, h, w) => c.SetHumanPasswordAsync(new SetHumanPasswordRequest { UserId = w.ActiveHumanId, Password = "Sunny-Meadow-42!" }, h).ResponseAsync),
        // no email sender: a caller with user.write passes the permission and the target rule, then meets the missing sender
        new("SendHumanResetPasswordNotification", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.ActiveHumanId}/password/_reset", new { type = "TYPE_EMAIL" }),
            (c, h, w) => c.SendHumanResetPasswordNotificationAsync(new SendHumanResetPasswordNotificationRequest { UserId = w.ActiveHumanId }, h).ResponseAsync)
        {
            AllowedAnswer = (StatusCode.FailedPrecondition, HttpStatusCode.BadRequest, "NOTIFY-EmailUnavailable"),
        },
        new("AddMachineUser", UserWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/users/machine", new { userName = Unique("m"), name = "M" }),
            (c, h, w) => c.AddMachineUserAsync(new AddMachineUserRequest { UserName = Unique("m"), Name = "M" }, h).ResponseAsync),
        new("AddPersonalAccessToken", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.MachineId}/pats", new { }),
            (c, h, w) => c.AddPersonalAccessTokenAsync(new AddPersonalAccessTokenRequest { UserId = w.MachineId }, h).ResponseAsync),
        new("ListPersonalAccessTokens", Readers, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.MachineId}/pats/_search", new { query = new { limit = 10 } }),
            (c, h, w) => c.ListPersonalAccessTokensAsync(new ListPersonalAccessTokensRequest { UserId = w.MachineId }, h).ResponseAsync),
        new("GetPersonalAccessTokenByIDs", Readers, null,
            (c, w) => c.GetAsync(Uri($"/management/v1/users/{w.MachineId}/pats/{w.MachineTokenId}")),
            (c, h, w) => c.GetPersonalAccessTokenByIDsAsync(new GetPersonalAccessTokenByIDsRequest { UserId = w.MachineId, TokenId = w.MachineTokenId }, h).ResponseAsync),
        new("RemovePersonalAccessToken", UserWriters, null,
            (c, w) => c.DeleteAsync(Uri($"/management/v1/users/{w.MachineId}/pats/{w.MachineTokenId}")),
            (c, h, w) => c.RemovePersonalAccessTokenAsync(new RemovePersonalAccessTokenRequest { UserId = w.MachineId, TokenId = w.MachineTokenId }, h).ResponseAsync),
        new("AddMachineKey", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.MachineId}/keys", new { type = "KEY_TYPE_JSON", publicKey = SuppliedPublicKeyBase64 }),
            (c, h, w) => c.AddMachineKeyAsync(new AddMachineKeyRequest
            {
                UserId = w.MachineId,
                Type = Zitadel.Authn.V1.KeyType.Json,
                PublicKey = Google.Protobuf.ByteString.FromBase64(SuppliedPublicKeyBase64),
            }, h).ResponseAsync),
        new("ListMachineKeys", Readers, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.MachineId}/keys/_search", new { query = new { limit = 10 } }),
            (c, h, w) => c.ListMachineKeysAsync(new ListMachineKeysRequest { UserId = w.MachineId }, h).ResponseAsync),
        new("GetMachineKeyByIDs", Readers, WithMachineKey,
            (c, w) => c.GetAsync(Uri($"/management/v1/users/{w.MachineId}/keys/{w.Extras["key"]}")),
            (c, h, w) => c.GetMachineKeyByIDsAsync(new GetMachineKeyByIDsRequest { UserId = w.MachineId, KeyId = w.Extras["key"] }, h).ResponseAsync),
        new("RemoveMachineKey", UserWriters, WithMachineKey,
            (c, w) => c.DeleteAsync(Uri($"/management/v1/users/{w.MachineId}/keys/{w.Extras["key"]}")),
            (c, h, w) => c.RemoveMachineKeyAsync(new RemoveMachineKeyRequest { UserId = w.MachineId, KeyId = w.Extras["key"] }, h).ResponseAsync),
        new("GenerateMachineSecret", UserWriters, null,
            (c, w) => c.PutAsJsonAsync($"/management/v1/users/{w.MachineId}/secret", new { }),
            (c, h, w) => c.GenerateMachineSecretAsync(new GenerateMachineSecretRequest { UserId = w.MachineId }, h).ResponseAsync),
        new("RemoveMachineSecret", UserWriters, WithMachineSecret,
            (c, w) => c.DeleteAsync(Uri($"/management/v1/users/{w.MachineId}/secret")),
            (c, h, w) => c.RemoveMachineSecretAsync(new RemoveMachineSecretRequest { UserId = w.MachineId }, h).ResponseAsync),
        new("AddOrgMember", OrgWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/orgs/me/members", new { userId = w.MemberCandidateId, roles = new[] { Roles.OrgOwnerViewer } }),
            (c, h, w) => c.AddOrgMemberAsync(new AddOrgMemberRequest { UserId = w.MemberCandidateId, Roles = { Roles.OrgOwnerViewer } }, h).ResponseAsync),
        new("ListOrgMemberRoles", MemberReaders, null,
            (c, w) => c.PostAsync(Uri("/management/v1/orgs/members/roles/_search"), null),
            (c, h, w) => c.ListOrgMemberRolesAsync(new ListOrgMemberRolesRequest(), h).ResponseAsync),
        new("ListOrgMembers", MemberReaders, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/orgs/me/members/_search", new { }),
            (c, h, w) => c.ListOrgMembersAsync(new ListOrgMembersRequest(), h).ResponseAsync),
        new("UpdateOrgMember", OrgWriters, WithMemberCandidate,
            (c, w) => c.PutAsJsonAsync($"/management/v1/orgs/me/members/{w.MemberCandidateId}", new { roles = new[] { Roles.OrgSettingsManager } }),
            (c, h, w) => c.UpdateOrgMemberAsync(new UpdateOrgMemberRequest { UserId = w.MemberCandidateId, Roles = { Roles.OrgSettingsManager } }, h).ResponseAsync),
        new("RemoveOrgMember", OrgWriters, WithMemberCandidate,
            (c, w) => c.DeleteAsync(Uri($"/management/v1/orgs/me/members/{w.MemberCandidateId}")),
            (c, h, w) => c.RemoveOrgMemberAsync(new RemoveOrgMemberRequest { UserId = w.MemberCandidateId }, h).ResponseAsync),
        new("SetUserMetadata", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.HumanId}/metadata/k", new { value = "dg==" }),
            (c, h, w) => c.SetUserMetadataAsync(new SetUserMetadataRequest { Id = w.HumanId, Key = "k", Value = Google.Protobuf.ByteString.CopyFromUtf8("v") }, h).ResponseAsync),
        new("BulkSetUserMetadata", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.HumanId}/metadata/_bulk", new { metadata = new[] { new { key = "k", value = "dg==" } } }),
            (c, h, w) => c.BulkSetUserMetadataAsync(new BulkSetUserMetadataRequest
            {
                Id = w.HumanId,
                Metadata = { new BulkSetUserMetadataRequest.Types.Metadata { Key = "k", Value = Google.Protobuf.ByteString.CopyFromUtf8("v") } },
            }, h).ResponseAsync),
        new("ListUserMetadata", Readers, WithMetadata,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.HumanId}/metadata/_search", new { }),
            (c, h, w) => c.ListUserMetadataAsync(new ListUserMetadataRequest { Id = w.HumanId }, h).ResponseAsync),
        new("GetUserMetadata", Readers, WithMetadata,
            (c, w) => c.GetAsync(Uri($"/management/v1/users/{w.HumanId}/metadata/k")),
            (c, h, w) => c.GetUserMetadataAsync(new GetUserMetadataRequest { Id = w.HumanId, Key = "k" }, h).ResponseAsync),
        new("RemoveUserMetadata", UserWriters, WithMetadata,
            (c, w) => c.DeleteAsync(Uri($"/management/v1/users/{w.HumanId}/metadata/k")),
            (c, h, w) => c.RemoveUserMetadataAsync(new RemoveUserMetadataRequest { Id = w.HumanId, Key = "k" }, h).ResponseAsync),
        new("BulkRemoveUserMetadata", UserWriters, WithMetadata,
            (c, w) => c.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Uri($"/management/v1/users/{w.HumanId}/metadata/_bulk")) { Content = JsonContent.Create(new { keys = new[] { "k" } }) }),
            (c, h, w) => c.BulkRemoveUserMetadataAsync(new BulkRemoveUserMetadataRequest { Id = w.HumanId, Keys = { "k" } }, h).ResponseAsync),
        new("DeactivateUser", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.ActiveHumanId}/_deactivate", new { }),
            (c, h, w) => c.DeactivateUserAsync(new DeactivateUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
        new("ReactivateUser", UserWriters, (f, w) => AsAdmin(f, w, (c, h) => c.DeactivateUserAsync(new DeactivateUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.ActiveHumanId}/_reactivate", new { }),
            (c, h, w) => c.ReactivateUserAsync(new ReactivateUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
        new("LockUser", UserWriters, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.ActiveHumanId}/_lock", new { }),
            (c, h, w) => c.LockUserAsync(new LockUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
        new("UnlockUser", UserWriters, (f, w) => AsAdmin(f, w, (c, h) => c.LockUserAsync(new LockUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.ActiveHumanId}/_unlock", new { }),
            (c, h, w) => c.UnlockUserAsync(new UnlockUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
        new("RemoveUser", UserWriters, null,
            (c, w) => c.DeleteAsync(Uri($"/management/v1/users/{w.ActiveHumanId}")),
            (c, h, w) => c.RemoveUserAsync(new RemoveUserRequest { Id = w.ActiveHumanId }, h).ResponseAsync),
        new("ListUserChanges", Readers, null,
            (c, w) => c.PostAsJsonAsync($"/management/v1/users/{w.HumanId}/changes/_search", new { query = new { limit = 10 } }),
            (c, h, w) => c.ListUserChangesAsync(new ListUserChangesRequest { UserId = w.HumanId }, h).ResponseAsync),
        new("GetPasswordComplexityPolicy", Readers, null,
            (c, w) => c.GetAsync(Uri("/management/v1/policies/password/complexity")),
            (c, h, w) => c.GetPasswordComplexityPolicyAsync(new GetPasswordComplexityPolicyRequest(), h).ResponseAsync),
        new("GetDefaultPasswordComplexityPolicy", Readers, null,
            (c, w) => c.GetAsync(Uri("/management/v1/policies/default/password/complexity")),
            (c, h, w) => c.GetDefaultPasswordComplexityPolicyAsync(new GetDefaultPasswordComplexityPolicyRequest(), h).ResponseAsync),
        new("AddCustomPasswordComplexityPolicy", OrgWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/policies/password/complexity", new { minLength = 10 }),
            (c, h, w) => c.AddCustomPasswordComplexityPolicyAsync(new AddCustomPasswordComplexityPolicyRequest { MinLength = 10 }, h).ResponseAsync),
        new("UpdateCustomPasswordComplexityPolicy", OrgWriters, WithCustomPolicy,
            (c, w) => c.PutAsJsonAsync("/management/v1/policies/password/complexity", new { minLength = 11 }),
            (c, h, w) => c.UpdateCustomPasswordComplexityPolicyAsync(new UpdateCustomPasswordComplexityPolicyRequest { MinLength = 11 }, h).ResponseAsync),
        new("ResetPasswordComplexityPolicyToDefault", OrgWriters, WithCustomPolicy,
            (c, w) => c.DeleteAsync(Uri("/management/v1/policies/password/complexity")),
            (c, h, w) => c.ResetPasswordComplexityPolicyToDefaultAsync(new ResetPasswordComplexityPolicyToDefaultRequest(), h).ResponseAsync),
        new("GetLockoutPolicy", Readers, null,
            (c, w) => c.GetAsync(Uri("/management/v1/policies/lockout")),
            (c, h, w) => c.GetLockoutPolicyAsync(new GetLockoutPolicyRequest(), h).ResponseAsync),
        new("AddCustomLockoutPolicy", OrgWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 5 }),
            (c, h, w) => c.AddCustomLockoutPolicyAsync(new AddCustomLockoutPolicyRequest { MaxPasswordAttempts = 5 }, h).ResponseAsync),
        new("UpdateCustomLockoutPolicy", OrgWriters, WithCustomLockoutPolicy,
            (c, w) => c.PutAsJsonAsync("/management/v1/policies/lockout", new { maxPasswordAttempts = 6 }),
            (c, h, w) => c.UpdateCustomLockoutPolicyAsync(new UpdateCustomLockoutPolicyRequest { MaxPasswordAttempts = 6 }, h).ResponseAsync),
        new("ResetLockoutPolicyToDefault", OrgWriters, WithCustomLockoutPolicy,
            (c, w) => c.DeleteAsync(Uri("/management/v1/policies/lockout")),
            (c, h, w) => c.ResetLockoutPolicyToDefaultAsync(new ResetLockoutPolicyToDefaultRequest(), h).ResponseAsync),
        new("GetPasswordAgePolicy", Readers, null,
            (c, w) => c.GetAsync(Uri("/management/v1/policies/password/age")),
            (c, h, w) => c.GetPasswordAgePolicyAsync(new GetPasswordAgePolicyRequest(), h).ResponseAsync),
        new("AddCustomPasswordAgePolicy", OrgWriters, null,
            (c, w) => c.PostAsJsonAsync("/management/v1/policies/password/age", new { maxAgeDays = 90 }),
            (c, h, w) => c.AddCustomPasswordAgePolicyAsync(new AddCustomPasswordAgePolicyRequest { MaxAgeDays = 90 }, h).ResponseAsync),
        new("UpdateCustomPasswordAgePolicy", OrgWriters, WithCustomPasswordAgePolicy,
            (c, w) => c.PutAsJsonAsync("/management/v1/policies/password/age", new { maxAgeDays = 91 }),
            (c, h, w) => c.UpdateCustomPasswordAgePolicyAsync(new UpdateCustomPasswordAgePolicyRequest { MaxAgeDays = 91 }, h).ResponseAsync),
        new("ResetPasswordAgePolicyToDefault", OrgWriters, WithCustomPasswordAgePolicy,
            (c, w) => c.DeleteAsync(Uri("/management/v1/policies/password/age")),
            (c, h, w) => c.ResetPasswordAgePolicyToDefaultAsync(new ResetPasswordAgePolicyToDefaultRequest(), h).ResponseAsync),
    }.ToDictionary(m => m.Name);

    /// <summary>
    /// Methods of the v2 services (<c>Service/Method</c>): <c>x-zitadel-orgid</c> plays no role, so the owner of
    /// another org meets the target like an unknown one (404), whatever the header names.
    /// </summary>
    private static readonly Dictionary<string, V2MethodCase> V2Methods = new V2MethodCase[]
    {
        new("UserService/GetUserByID", Readers, (StatusCode.NotFound, HttpStatusCode.NotFound, "USER-NotFound"), null,
            (c, w) => c.GetAsync(Uri($"/v2/users/{w.HumanId}")),
            (f, h, w) => f.UsersV2().GetUserByIDAsync(new Zitadel.User.V2.GetUserByIDRequest { UserId = w.HumanId }, h).ResponseAsync),

        // user.write in the user's org; a viewer there is denied, the owner of another org meets an unknown user
        new("UserService/SetPassword", UserWriters, (StatusCode.PermissionDenied, HttpStatusCode.Forbidden, "AUTH-PermissionDenied"), null,
            (c, w) => c.PostAsJsonAsync($"/v2/users/{w.ActiveHumanId}/password", new { newPassword = new { password = "Sunny-Meadow-42!" } }),
            (f, h, w) => f.UsersV2().SetPasswordAsync(new Zitadel.User.V2.SetPasswordRequest
            {
                UserId = w.ActiveHumanId,
                NewPassword = new Zitadel.User.V2.Password { Password_ = "Sunny-Meadow-42!" },
            }, h).ResponseAsync)
        {
            Special = (CallerKind.OwnerOfAnotherOrg, StatusCode.NotFound, HttpStatusCode.NotFound, "USER-NotFound"),
        },

        // user.write in the user's org, as SetPassword
        new("UserService/PasswordReset", UserWriters, (StatusCode.PermissionDenied, HttpStatusCode.Forbidden, "AUTH-PermissionDenied"), null,
            (c, w) => c.PostAsJsonAsync($"/v2/users/{w.ActiveHumanId}/password_reset", new { returnCode = new { } }),
            (f, h, w) => f.UsersV2().PasswordResetAsync(new Zitadel.User.V2.PasswordResetRequest
            {
                UserId = w.ActiveHumanId,
                ReturnCode = new Zitadel.User.V2.ReturnPasswordResetCode(),
            }, h).ResponseAsync)
        {
            Special = (CallerKind.OwnerOfAnotherOrg, StatusCode.NotFound, HttpStatusCode.NotFound, "USER-NotFound"),
        },

        // sessions are instance-wide: session.write and session.read/delete at instance level (IAM_OWNER); a caller
        // without it meets another's session like an unknown one
        new("SessionService/CreateSession", [CallerKind.IamOwner], (StatusCode.PermissionDenied, HttpStatusCode.Forbidden, "AUTH-PermissionDenied"), null,
            (c, w) => c.PostAsJsonAsync("/v2/sessions", new { checks = new { user = new { userId = w.ActiveHumanId } } }),
            (f, h, w) => f.Sessions().CreateSessionAsync(new Zitadel.Session.V2.CreateSessionRequest { Checks = new() { User = new() { UserId = w.ActiveHumanId } } }, h).ResponseAsync)
        {
            RestSuccess = HttpStatusCode.Created,
        },
        new("SessionService/SetSession", [CallerKind.IamOwner], (StatusCode.PermissionDenied, HttpStatusCode.Forbidden, "AUTH-PermissionDenied"), WithSession,
            (c, w) => c.PatchAsJsonAsync($"/v2/sessions/{w.Extras["session"]}", new { metadata = new { k = "dg==" } }),
            (f, h, w) => f.Sessions().SetSessionAsync(new Zitadel.Session.V2.SetSessionRequest { SessionId = w.Extras["session"], Lifetime = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(1)) }, h).ResponseAsync),
        new("SessionService/GetSession", [CallerKind.IamOwner], (StatusCode.NotFound, HttpStatusCode.NotFound, "SESSION-NotFound"), WithSession,
            (c, w) => c.GetAsync(Uri($"/v2/sessions/{w.Extras["session"]}")),
            (f, h, w) => f.Sessions().GetSessionAsync(new Zitadel.Session.V2.GetSessionRequest { SessionId = w.Extras["session"] }, h).ResponseAsync),
        new("SessionService/DeleteSession", [CallerKind.IamOwner], (StatusCode.NotFound, HttpStatusCode.NotFound, "SESSION-NotFound"), WithSession,
            (c, w) => c.DeleteAsync(Uri($"/v2/sessions/{w.Extras["session"]}")),
            (f, h, w) => f.Sessions().DeleteSessionAsync(new Zitadel.Session.V2.DeleteSessionRequest { SessionId = w.Extras["session"] }, h).ResponseAsync),

        // every authenticated caller lists, and sees only the sessions it may see
        new("SessionService/ListSessions", [CallerKind.IamOwner, CallerKind.OrgOwner, CallerKind.OrgUserManager, CallerKind.OrgOwnerViewer, CallerKind.OwnerOfAnotherOrg], null, WithSession,
            (c, w) => c.PostAsJsonAsync("/v2/sessions/search", new { }),
            (f, h, w) => f.Sessions().ListSessionsAsync(new Zitadel.Session.V2.ListSessionsRequest(), h).ResponseAsync),
    }.ToDictionary(m => m.Name);

    public static TheoryData<string, CallerKind, Protocol> Cells()
    {
        var data = new TheoryData<string, CallerKind, Protocol>();
        foreach (var method in Methods.Keys.Concat(V2Methods.Keys))
        {
            foreach (var caller in Enum.GetValues<CallerKind>())
            {
                foreach (var protocol in Enum.GetValues<Protocol>())
                {
                    data.Add(method, caller, protocol);
                }
            }
        }

        return data;
    }

    [SkippableFact]
    public void Every_method_of_the_service_is_in_the_matrix()
    {
        var served = ManagementService.Descriptor.Methods.Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(served, Methods.Keys.Order(StringComparer.Ordinal));
        var servedV2 = Zitadel.User.V2.UserService.Descriptor.Methods.Select(m => "UserService/" + m.Name)
            .Concat(Zitadel.Session.V2.SessionService.Descriptor.Methods.Select(m => "SessionService/" + m.Name))
            .Order(StringComparer.Ordinal);
        Assert.Equal(servedV2, V2Methods.Keys.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string method, CallerKind caller, Protocol protocol)
    {
        var definition = Methods.TryGetValue(method, out var v1) ? v1 : V2Methods[method].ToCase(factory);
        var world = await SeedWorldAsync();
        if (definition.Arrange is not null)
        {
            await definition.Arrange(factory, world);
        }

        var (code, status, errorId) = caller switch
        {
            CallerKind.NoToken or CallerKind.BadToken or CallerKind.ExpiredToken => (StatusCode.Unauthenticated, HttpStatusCode.Unauthorized, "AUTH-Unauthenticated"),
            _ when definition.Allowed.Contains(caller) => definition.AllowedAnswer ?? (StatusCode.OK, HttpStatusCode.OK, ""),
            _ when definition.Special is { } special && special.Caller == caller => (special.Code, special.Status, special.ErrorId),
            _ when definition.Denied is { } denied => (denied.Code, denied.Status, denied.ErrorId),
            // an org where the caller has no role answers exactly like an org that does not exist
            CallerKind.OwnerOfAnotherOrg when method != "AddOrg" => (StatusCode.PermissionDenied, HttpStatusCode.Forbidden, "AUTH-OrgNotFound"),
            _ => (StatusCode.PermissionDenied, HttpStatusCode.Forbidden, "AUTH-PermissionDenied"),
        };
        var token = world.Tokens[caller];

        if (protocol == Protocol.Rest)
        {
            var response = await definition.Rest(factory.Rest(token, world.TargetOrg), world);
            if (code == StatusCode.OK)
            {
                Assert.True(response.StatusCode == definition.RestSuccess, $"{method} as {caller}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else
            {
                await ContractAssert.RestErrorAsync(response, status, code, errorId);
            }
        }
        else
        {
            var call = definition.Grpc(factory.Grpc(), ApiFactory.Headers(token, world.TargetOrg), world);
            if (code == StatusCode.OK)
            {
                await call;
            }
            else
            {
                ContractAssert.GrpcError(await Assert.ThrowsAsync<RpcException>(() => call), code, errorId);
            }
        }
    }

    /// <summary>An RSA 2048 public key (PEM, base64 as JSON carries bytes), so that the key cells do not generate keys.</summary>
    private static readonly string SuppliedPublicKeyBase64 = NewPublicKeyBase64();

    private static string NewPublicKeyBase64()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()));
    }

    /// <summary>The target org's machine has a key; its id is <c>Extras["key"]</c>.</summary>
    private static async Task WithMachineKey(ApiFactory factory, World world)
    {
        var added = await factory.Grpc().AddMachineKeyAsync(
            new AddMachineKeyRequest { UserId = world.MachineId, Type = Zitadel.Authn.V1.KeyType.Json, PublicKey = Google.Protobuf.ByteString.FromBase64(SuppliedPublicKeyBase64) },
            ApiFactory.Headers(factory.AdminToken, world.TargetOrg));
        world.Extras["key"] = added.KeyId;
    }

    /// <summary>The target org's machine has a secret.</summary>
    private static Task WithMachineSecret(ApiFactory factory, World world) =>
        AsAdmin(factory, world, (c, h) => c.GenerateMachineSecretAsync(new GenerateMachineSecretRequest { UserId = world.MachineId }, h).ResponseAsync);

    /// <summary>The member candidate becomes an ORG_OWNER_VIEWER of the target org.</summary>
    private static Task WithMemberCandidate(ApiFactory factory, World world) =>
        AsAdmin(factory, world, (c, h) => c.AddOrgMemberAsync(new AddOrgMemberRequest { UserId = world.MemberCandidateId, Roles = { Roles.OrgOwnerViewer } }, h).ResponseAsync);

    /// <summary>The login name of the target org's human is <c>Extras["login"]</c>.</summary>
    private static async Task WithHumanLoginName(ApiFactory factory, World world)
    {
        var user = await factory.Grpc().GetUserByIDAsync(new GetUserByIDRequest { Id = world.HumanId }, ApiFactory.Headers(factory.AdminToken, world.TargetOrg));
        world.Extras["login"] = user.User.PreferredLoginName;
    }

    /// <summary>The target org's human has the metadata key <c>k</c>.</summary>
    private static Task WithMetadata(ApiFactory factory, World world) =>
        AsAdmin(factory, world, (c, h) => c.SetUserMetadataAsync(new SetUserMetadataRequest { Id = world.HumanId, Key = "k", Value = Google.Protobuf.ByteString.CopyFromUtf8("v") }, h).ResponseAsync);

    private static Task WithCustomPolicy(ApiFactory factory, World world) =>
        AsAdmin(factory, world, (c, h) => c.AddCustomPasswordComplexityPolicyAsync(new AddCustomPasswordComplexityPolicyRequest { MinLength = 9 }, h).ResponseAsync);

    private static Task WithCustomLockoutPolicy(ApiFactory factory, World world) =>
        AsAdmin(factory, world, (c, h) => c.AddCustomLockoutPolicyAsync(new AddCustomLockoutPolicyRequest { MaxPasswordAttempts = 3 }, h).ResponseAsync);

    private static Task WithCustomPasswordAgePolicy(ApiFactory factory, World world) =>
        AsAdmin(factory, world, (c, h) => c.AddCustomPasswordAgePolicyAsync(new AddCustomPasswordAgePolicyRequest { MaxAgeDays = 30 }, h).ResponseAsync);

    /// <summary>A session of the target org's active human, created by the admin; its id is <c>Extras["session"]</c>.</summary>
    private static async Task WithSession(ApiFactory factory, World world)
    {
        var created = await factory.Sessions().CreateSessionAsync(
            new Zitadel.Session.V2.CreateSessionRequest { Checks = new() { User = new() { UserId = world.ActiveHumanId } } }, ApiFactory.Headers(factory.AdminToken));
        world.Extras["session"] = created.SessionId;
    }

    private static Task AsAdmin(ApiFactory factory, World world, Func<Client, Metadata, Task> call) =>
        call(factory.Grpc(), ApiFactory.Headers(factory.AdminToken, world.TargetOrg));

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh target org with a human, a machine, a member candidate and one caller of each kind.</summary>
    private async Task<World> SeedWorldAsync()
    {
        var adminToken = factory.Start();
        await using var scope = factory.ModuleServices.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var ids = sp.GetRequiredService<IIdGenerator>();
        var tokens = sp.GetRequiredService<ITokenService>();
        var users = sp.GetRequiredService<IUserRepository>();
        var pats = sp.GetRequiredService<IPersonalAccessTokenRepository>();
        var memberships = sp.GetRequiredService<IMembershipRepository>();
        var orgs = sp.GetRequiredService<IOrganizationRepository>();
        var domain = sp.GetRequiredService<InstanceSettings>().Domain;
        var now = DateTimeOffset.UtcNow;

        var target = Organization.Create(new OrgId(ids.NewId()), Unique("Target"), domain, now, "test");
        var other = Organization.Create(new OrgId(ids.NewId()), Unique("Other"), domain, now, "test");
        orgs.Add(target);
        orgs.Add(other);

        var policy = new Identity.Domain.Passwords.PasswordPolicy(Identity.Domain.Passwords.PasswordComplexityPolicy.Default, null, false);
        User Human(string name) => User.ImportHuman(new UserId(ids.NewId()), target.Id, name,
            new HumanProfile("Hu", "Man", "", "Hu Man", "", Gender.Unspecified, "h@m.test", false, "", false), null, false, policy, _ => "", now, "test");
        var human = Human("human");
        var candidate = Human("candidate");
        var active = User.ImportHuman(new UserId(ids.NewId()), target.Id, "active",
            new HumanProfile("Ac", "Tive", "", "Ac Tive", "", Gender.Unspecified, "a@t.test", false, "", false), "Sunny-Meadow-42!", false, policy, _ => "hash", now, "test");
        users.Add(human);
        users.Add(candidate);
        users.Add(active);
        var machine = User.CreateMachine(new UserId(ids.NewId()), target.Id, "machine", new MachineProfile("M", "", AccessTokenType.Bearer), now, "test");
        users.Add(machine);
        var machineToken = machine.AddPersonalAccessToken(new TokenId(ids.NewId()), tokens.Generate().Hash, null, now, "test");
        pats.Add(machineToken);

        string Caller(Organization org, string role, bool expired = false)
        {
            var user = User.CreateMachine(new UserId(ids.NewId()), org.Id, Unique(role), new MachineProfile(role, "", AccessTokenType.Bearer), now, "test");
            var (token, hash) = tokens.Generate();
            users.Add(user);
            pats.Add(expired
                ? new PersonalAccessToken(new TokenId(ids.NewId()), user.Id, hash, now.AddMinutes(-1), now.AddDays(-1))
                : user.AddPersonalAccessToken(new TokenId(ids.NewId()), hash, null, now, "test"));
            memberships.Add(Membership.ForOrg(org.Id, user.Id, [role], now));
            return token;
        }

        var world = new World(target.Id.Value, human.Id.Value, active.Id.Value, machine.Id.Value, machineToken.Id.Value, candidate.Id.Value, new Dictionary<CallerKind, string?>
        {
            [CallerKind.NoToken] = null,
            [CallerKind.BadToken] = "not-a-real-token",
            [CallerKind.ExpiredToken] = Caller(target, Roles.OrgOwner, expired: true),
            [CallerKind.IamOwner] = adminToken,
            [CallerKind.OrgOwner] = Caller(target, Roles.OrgOwner),
            [CallerKind.OrgUserManager] = Caller(target, Roles.OrgUserManager),
            [CallerKind.OrgOwnerViewer] = Caller(target, Roles.OrgOwnerViewer),
            [CallerKind.OwnerOfAnotherOrg] = Caller(other, Roles.OrgOwner),
        });
        await sp.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return world;
    }

    public sealed record World(string TargetOrg, string HumanId, string ActiveHumanId, string MachineId, string MachineTokenId, string MemberCandidateId, Dictionary<CallerKind, string?> Tokens)
    {
        /// <summary>Ids an arrangement created (e.g. a session).</summary>
        public Dictionary<string, string> Extras { get; } = [];
    }

    private sealed record MethodCase(
        string Name,
        CallerKind[] Allowed,
        Func<ApiFactory, World, Task>? Arrange,
        Func<HttpClient, World, Task<HttpResponseMessage>> Rest,
        Func<Client, Metadata, World, Task> Grpc)
    {
        /// <summary>A caller whose cell differs from the v1 rule, with its answer.</summary>
        public (CallerKind Caller, StatusCode Code, HttpStatusCode Status, string ErrorId)? Special { get; init; }

        /// <summary>The answer of every authenticated caller not allowed (v2 methods), instead of the v1 rule.</summary>
        public (StatusCode Code, HttpStatusCode Status, string ErrorId)? Denied { get; init; }

        /// <summary>The answer of an allowed caller when the method then refuses for another reason (e.g. no email sender).</summary>
        public (StatusCode Code, HttpStatusCode Status, string ErrorId)? AllowedAnswer { get; init; }

        public HttpStatusCode RestSuccess { get; init; } = HttpStatusCode.OK;
    }

    /// <summary>A v2 method: its gRPC call takes the factory (each v2 service has its own client).</summary>
    private sealed record V2MethodCase(
        string Name,
        CallerKind[] Allowed,
        (StatusCode Code, HttpStatusCode Status, string ErrorId)? Denied,
        Func<ApiFactory, World, Task>? Arrange,
        Func<HttpClient, World, Task<HttpResponseMessage>> Rest,
        Func<ApiFactory, Metadata, World, Task> Grpc)
    {
        public HttpStatusCode RestSuccess { get; init; } = HttpStatusCode.OK;

        /// <summary>A caller whose cell differs from <see cref="Denied"/>, with its answer.</summary>
        public (CallerKind Caller, StatusCode Code, HttpStatusCode Status, string ErrorId)? Special { get; init; }

        public MethodCase ToCase(ApiFactory factory) =>
            new(Name, Allowed, Arrange, Rest, (_, h, w) => Grpc(factory, h, w)) { Denied = Denied, RestSuccess = RestSuccess, Special = Special };
    }
}
