using Grpc.Core;
using Identity.Api.Composition;
using Identity.Application.Orgs.AddOrg;
using Identity.Application.Orgs.AddOrgMember;
using Identity.Application.Orgs.GetMyOrg;
using Identity.Application.Orgs.ListOrgMemberRoles;
using Identity.Application.Orgs.ListOrgMembers;
using Identity.Application.Orgs.RemoveOrgMember;
using Identity.Application.Orgs.UpdateOrgMember;
using Identity.Application.Policies.AddCustomLockoutPolicy;
using Identity.Application.Policies.AddCustomPasswordAgePolicy;
using Identity.Application.Policies.AddCustomPasswordComplexityPolicy;
using Identity.Application.Policies.GetDefaultPasswordComplexityPolicy;
using Identity.Application.Policies.GetLockoutPolicy;
using Identity.Application.Policies.GetPasswordAgePolicy;
using Identity.Application.Policies.GetPasswordComplexityPolicy;
using Identity.Application.Policies.ResetLockoutPolicy;
using Identity.Application.Policies.ResetPasswordAgePolicy;
using Identity.Application.Policies.ResetPasswordComplexityPolicy;
using Identity.Application.Policies.UpdateCustomLockoutPolicy;
using Identity.Application.Policies.UpdateCustomPasswordAgePolicy;
using Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;
using Identity.Application.Users.AddHumanUser;
using Identity.Application.Users.AddMachineKey;
using Identity.Application.Users.AddMachineUser;
using Identity.Application.Users.AddPersonalAccessToken;
using Identity.Application.Users.BulkRemoveUserMetadata;
using Identity.Application.Users.BulkSetUserMetadata;
using Identity.Application.Users.ChangeUserState;
using Identity.Application.Users.GenerateMachineSecret;
using Identity.Application.Users.GetMachineKeyByIDs;
using Identity.Application.Users.GetPersonalAccessTokenByIDs;
using Identity.Application.Users.GetUserById;
using Identity.Application.Users.GetUserByLoginNameGlobal;
using Identity.Application.Users.GetUserMetadata;
using Identity.Application.Users.ImportHumanUser;
using Identity.Application.Users.IsUserUnique;
using Identity.Application.Users.ListMachineKeys;
using Identity.Application.Users.ListPersonalAccessTokens;
using Identity.Application.Users.ListUserChanges;
using Identity.Application.Users.ListUserMetadata;
using Identity.Application.Users.ListUsers;
using Identity.Application.Users.PasswordReset;
using Identity.Application.Users.RemoveMachineKey;
using Identity.Application.Users.RemoveMachineSecret;
using Identity.Application.Users.RemovePersonalAccessToken;
using Identity.Application.Users.RemoveUserMetadata;
using Identity.Application.Users.SetInitialPassword;
using Identity.Application.Users.SetPassword;
using Identity.Application.Users.SetUserMetadata;
using Identity.Application.Users.UpdateHumanEmail;
using Identity.Application.Users.UpdateHumanPhone;
using Identity.Application.Users.UpdateHumanProfile;
using Identity.Application.Users.UpdateUserName;
using Identity.Application.Users;
using MediatR;
using Zitadel.Management.V1;
using DomainAccessTokenType = Identity.Domain.Users.AccessTokenType;
using DomainGender = Identity.Domain.Users.Gender;
using DomainMachineKeyType = Identity.Domain.Users.MachineKeyType;

namespace Identity.Api.Grpc;

/// <summary>
/// zitadel.management.v1.ManagementService for gRPC and, through JSON transcoding, REST. Each method
/// only translates the wire message, sends it through MediatR and translates the answer.
/// </summary>
internal sealed class ManagementGrpcService(ModuleRequestScope module) : ManagementService.ManagementServiceBase
{
    /// <summary>The module's own mediator, in the request's module scope (the interceptors set its caller there).</summary>
    private IMediator Mediator => module.Services.GetRequiredService<IMediator>();

    public override async Task<GetMyOrgResponse> GetMyOrg(GetMyOrgRequest request, ServerCallContext context)
    {
        var org = await Mediator.Send(new GetMyOrgQuery(), Cancel(context)).ConfigureAwait(false);
        return new GetMyOrgResponse { Org = org.ToProto() };
    }

    public override async Task<AddOrgResponse> AddOrg(AddOrgRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Mediator.Send(new AddOrgCommand(request.Name), Cancel(context)).ConfigureAwait(false);
        return new AddOrgResponse { Id = result.Id, Details = result.Details.ToProto() };
    }

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query ?? new Zitadel.V1.ListQuery();
        var list = await Mediator.Send(
            new ListUsersQuery([.. request.Queries.Select(UserSearchMapping.ToCondition)], UserSearchMapping.ToSortColumn(request.SortingColumn), query.Offset, query.Limit, query.Asc),
            Cancel(context)).ConfigureAwait(false);
        var response = new ListUsersResponse { Details = list.ToProto(), SortingColumn = request.SortingColumn };
        response.Result.AddRange(list.Result.Select(u => u.ToProto()));
        return response;
    }

    public override async Task<GetUserByIDResponse> GetUserByID(GetUserByIDRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await Mediator.Send(new GetUserByIdQuery(request.Id), Cancel(context)).ConfigureAwait(false);
        return new GetUserByIDResponse { User = user.ToProto() };
    }

    public override async Task<GetUserByLoginNameGlobalResponse> GetUserByLoginNameGlobal(GetUserByLoginNameGlobalRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await Mediator.Send(new GetUserByLoginNameGlobalQuery(request.LoginName), Cancel(context)).ConfigureAwait(false);
        return new GetUserByLoginNameGlobalResponse { User = user.ToProto() };
    }

    public override async Task<IsUserUniqueResponse> IsUserUnique(IsUserUniqueRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var unique = await Mediator.Send(new IsUserUniqueQuery(request.UserName, request.Email), Cancel(context)).ConfigureAwait(false);
        return new IsUserUniqueResponse { IsUnique = unique };
    }

    public override async Task<AddHumanUserResponse> AddHumanUser(AddHumanUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = new AddHumanUserCommand(
            request.UserName,
            request.Profile is { } p
                ? new AddHumanUserCommand.ProfileInput(p.FirstName, p.LastName, p.NickName, p.DisplayName, p.PreferredLanguage, (DomainGender)(int)p.Gender)
                : null,
            request.Email is { } e ? new AddHumanUserCommand.EmailInput(e.Email_, e.IsEmailVerified) : null,
            request.Phone is { } ph ? new AddHumanUserCommand.PhoneInput(ph.Phone_, ph.IsPhoneVerified) : null,
            request.InitialPassword);
        var result = await Mediator.Send(command, Cancel(context)).ConfigureAwait(false);
        return new AddHumanUserResponse { UserId = result.UserId, Details = result.Details.ToProto() };
    }

    public override async Task<UpdateUserNameResponse> UpdateUserName(UpdateUserNameRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new UpdateUserNameCommand(request.UserId, request.UserName), Cancel(context)).ConfigureAwait(false);
        return new UpdateUserNameResponse { Details = details.ToProto() };
    }

    public override async Task<UpdateHumanProfileResponse> UpdateHumanProfile(UpdateHumanProfileRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new UpdateHumanProfileCommand(
                request.UserId, request.FirstName, request.LastName, request.NickName, request.DisplayName, request.PreferredLanguage, (DomainGender)(int)request.Gender),
            Cancel(context)).ConfigureAwait(false);
        return new UpdateHumanProfileResponse { Details = details.ToProto() };
    }

    public override async Task<UpdateHumanEmailResponse> UpdateHumanEmail(UpdateHumanEmailRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new UpdateHumanEmailCommand(request.UserId, request.Email, request.IsEmailVerified), Cancel(context)).ConfigureAwait(false);
        return new UpdateHumanEmailResponse { Details = details.ToProto() };
    }

    public override async Task<UpdateHumanPhoneResponse> UpdateHumanPhone(UpdateHumanPhoneRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new UpdateHumanPhoneCommand(request.UserId, request.Phone, request.IsPhoneVerified), Cancel(context)).ConfigureAwait(false);
        return new UpdateHumanPhoneResponse { Details = details.ToProto() };
    }

    public override async Task<ImportHumanUserResponse> ImportHumanUser(ImportHumanUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = new ImportHumanUserCommand(
            request.UserName,
            request.Profile is { } p
                ? new ImportHumanUserCommand.ProfileInput(p.FirstName, p.LastName, p.NickName, p.DisplayName, p.PreferredLanguage, (DomainGender)(int)p.Gender)
                : null,
            request.Email is { } e ? new ImportHumanUserCommand.EmailInput(e.Email_, e.IsEmailVerified) : null,
            request.Phone is { } ph ? new ImportHumanUserCommand.PhoneInput(ph.Phone_, ph.IsPhoneVerified) : null,
            request.Password,
            request.PasswordChangeRequired)
        {
            UnsupportedFields = UnsupportedImportFields(request),
            HashedPassword = request.HashedPassword?.Value,
        };
        var result = await Mediator.Send(command, Cancel(context)).ConfigureAwait(false);
        return new ImportHumanUserResponse { UserId = result.UserId, Details = result.Details.ToProto() };
    }

    public override async Task<SetHumanInitialPasswordResponse> SetHumanInitialPassword(SetHumanInitialPasswordRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new SetInitialPasswordCommand(request.UserId, request.Password), Cancel(context)).ConfigureAwait(false);
        return new SetHumanInitialPasswordResponse { Details = details.ToProto() };
    }

    public override async Task<SetHumanPasswordResponse> SetHumanPassword(SetHumanPasswordRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new SetPasswordCommand(request.UserId, request.Password, request.NoChangeRequired), Cancel(context)).ConfigureAwait(false);
        return new SetHumanPasswordResponse { Details = details.ToProto() };
    }

    public override async Task<SendHumanResetPasswordNotificationResponse> SendHumanResetPasswordNotification(SendHumanResetPasswordNotificationRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var medium = request.Type switch
        {
            SendHumanResetPasswordNotificationRequest.Types.Type.Email => PasswordResetMedium.Email,
            SendHumanResetPasswordNotificationRequest.Types.Type.Sms => PasswordResetMedium.Sms,
            _ => (PasswordResetMedium)(-1), // refused by the validator (defined_only)
        };
        var details = await Mediator.Send(new SendPasswordResetNotificationCommand(request.UserId, medium), Cancel(context)).ConfigureAwait(false);
        return new SendHumanResetPasswordNotificationResponse { Details = details.ToProto() };
    }

    public override async Task<AddMachineUserResponse> AddMachineUser(AddMachineUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Mediator.Send(
            new AddMachineUserCommand(request.UserName, request.Name, request.Description, (DomainAccessTokenType)(int)request.AccessTokenType, request.HasUserId ? request.UserId : null),
            Cancel(context)).ConfigureAwait(false);
        return new AddMachineUserResponse { UserId = result.UserId, Details = result.Details.ToProto() };
    }

    public override async Task<GenerateMachineSecretResponse> GenerateMachineSecret(GenerateMachineSecretRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Mediator.Send(new GenerateMachineSecretCommand(request.UserId), Cancel(context)).ConfigureAwait(false);
        return new GenerateMachineSecretResponse { ClientId = result.ClientId, ClientSecret = result.ClientSecret, Details = result.Details.ToProto() };
    }

    public override async Task<RemoveMachineSecretResponse> RemoveMachineSecret(RemoveMachineSecretRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new RemoveMachineSecretCommand(request.UserId), Cancel(context)).ConfigureAwait(false);
        return new RemoveMachineSecretResponse { Details = details.ToProto() };
    }

    public override async Task<GetMachineKeyByIDsResponse> GetMachineKeyByIDs(GetMachineKeyByIDsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await Mediator.Send(new GetMachineKeyByIDsQuery(request.UserId, request.KeyId), Cancel(context)).ConfigureAwait(false);
        return new GetMachineKeyByIDsResponse { Key = key.ToProto() };
    }

    public override async Task<ListMachineKeysResponse> ListMachineKeys(ListMachineKeysRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query ?? new Zitadel.V1.ListQuery();
        var list = await Mediator.Send(new ListMachineKeysQuery(request.UserId, query.Offset, query.Limit, query.Asc), Cancel(context)).ConfigureAwait(false);
        var response = new ListMachineKeysResponse { Details = list.ToProto() };
        response.Result.AddRange(list.Result.Select(k => k.ToProto()));
        return response;
    }

    public override async Task<AddMachineKeyResponse> AddMachineKey(AddMachineKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Mediator.Send(
            new AddMachineKeyCommand(request.UserId, (DomainMachineKeyType)(int)request.Type, request.ExpirationDate.ToDateTimeOffset("expiration_date"), request.PublicKey.Memory),
            Cancel(context)).ConfigureAwait(false);
        return new AddMachineKeyResponse
        {
            KeyId = result.KeyId,
            KeyDetails = Google.Protobuf.ByteString.CopyFrom(result.KeyDetails.Span),
            Details = result.Details.ToProto(),
        };
    }

    public override async Task<RemoveMachineKeyResponse> RemoveMachineKey(RemoveMachineKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new RemoveMachineKeyCommand(request.UserId, request.KeyId), Cancel(context)).ConfigureAwait(false);
        return new RemoveMachineKeyResponse { Details = details.ToProto() };
    }

    public override async Task<AddPersonalAccessTokenResponse> AddPersonalAccessToken(AddPersonalAccessTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await Mediator.Send(
            new AddPersonalAccessTokenCommand(request.UserId, request.ExpirationDate.ToDateTimeOffset("expiration_date")),
            Cancel(context)).ConfigureAwait(false);
        return new AddPersonalAccessTokenResponse { TokenId = result.TokenId, Token = result.Token, Details = result.Details.ToProto() };
    }

    public override async Task<ListPersonalAccessTokensResponse> ListPersonalAccessTokens(ListPersonalAccessTokensRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query ?? new Zitadel.V1.ListQuery();
        var list = await Mediator.Send(new ListPersonalAccessTokensQuery(request.UserId, query.Offset, query.Limit, query.Asc), Cancel(context)).ConfigureAwait(false);
        var response = new ListPersonalAccessTokensResponse { Details = list.ToProto() };
        response.Result.AddRange(list.Result.Select(t => t.ToProto()));
        return response;
    }

    public override async Task<GetPersonalAccessTokenByIDsResponse> GetPersonalAccessTokenByIDs(GetPersonalAccessTokenByIDsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await Mediator.Send(new GetPersonalAccessTokenByIDsQuery(request.UserId, request.TokenId), Cancel(context)).ConfigureAwait(false);
        return new GetPersonalAccessTokenByIDsResponse { Token = token.ToProto() };
    }

    public override async Task<RemovePersonalAccessTokenResponse> RemovePersonalAccessToken(RemovePersonalAccessTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new RemovePersonalAccessTokenCommand(request.UserId, request.TokenId), Cancel(context)).ConfigureAwait(false);
        return new RemovePersonalAccessTokenResponse { Details = details.ToProto() };
    }

    public override async Task<AddOrgMemberResponse> AddOrgMember(AddOrgMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new AddOrgMemberCommand(request.UserId, [.. request.Roles]), Cancel(context)).ConfigureAwait(false);
        return new AddOrgMemberResponse { Details = details.ToProto() };
    }

    public override async Task<ListOrgMemberRolesResponse> ListOrgMemberRoles(ListOrgMemberRolesRequest request, ServerCallContext context)
    {
        var roles = await Mediator.Send(new ListOrgMemberRolesQuery(), Cancel(context)).ConfigureAwait(false);
        return new ListOrgMemberRolesResponse { Result = { roles } };
    }

    public override async Task<ListOrgMembersResponse> ListOrgMembers(ListOrgMembersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query ?? new Zitadel.V1.ListQuery();
        var list = await Mediator.Send(
            new ListOrgMembersQuery([.. request.Queries.Select(MemberMapping.ToFilter)], query.Offset, query.Limit, query.Asc), Cancel(context)).ConfigureAwait(false);
        var response = new ListOrgMembersResponse { Details = list.ToProto() };
        response.Result.AddRange(list.Result.Select(MemberMapping.ToProto));
        return response;
    }

    public override async Task<UpdateOrgMemberResponse> UpdateOrgMember(UpdateOrgMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new UpdateOrgMemberCommand(request.UserId, [.. request.Roles]), Cancel(context)).ConfigureAwait(false);
        return new UpdateOrgMemberResponse { Details = details.ToProto() };
    }

    public override async Task<RemoveOrgMemberResponse> RemoveOrgMember(RemoveOrgMemberRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new RemoveOrgMemberCommand(request.UserId), Cancel(context)).ConfigureAwait(false);
        return new RemoveOrgMemberResponse { Details = details.ToProto() };
    }

    public override async Task<SetUserMetadataResponse> SetUserMetadata(SetUserMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new SetUserMetadataCommand(request.Id, request.Key, request.Value.Memory), Cancel(context)).ConfigureAwait(false);
        return new SetUserMetadataResponse { Details = details.ToProto() };
    }

    public override async Task<BulkSetUserMetadataResponse> BulkSetUserMetadata(BulkSetUserMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new BulkSetUserMetadataCommand(request.Id, [.. request.Metadata.Select(m => new MetadataEntry(m.Key, m.Value.Memory))]), Cancel(context)).ConfigureAwait(false);
        return new BulkSetUserMetadataResponse { Details = details.ToProto() };
    }

    public override async Task<ListUserMetadataResponse> ListUserMetadata(ListUserMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query ?? new Zitadel.V1.ListQuery();
        var list = await Mediator.Send(
            new ListUserMetadataQuery(request.Id, [.. request.Queries.Select(MetadataMapping.ToKeyQuery)], query.Offset, query.Limit, query.Asc), Cancel(context)).ConfigureAwait(false);
        var response = new ListUserMetadataResponse { Details = list.ToProto() };
        response.Result.AddRange(list.Result.Select(MetadataMapping.ToProto));
        return response;
    }

    public override async Task<GetUserMetadataResponse> GetUserMetadata(GetUserMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = await Mediator.Send(new GetUserMetadataQuery(request.Id, request.Key), Cancel(context)).ConfigureAwait(false);
        return new GetUserMetadataResponse { Metadata = MetadataMapping.ToProto(entry) };
    }

    public override async Task<RemoveUserMetadataResponse> RemoveUserMetadata(RemoveUserMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new RemoveUserMetadataCommand(request.Id, request.Key), Cancel(context)).ConfigureAwait(false);
        return new RemoveUserMetadataResponse { Details = details.ToProto() };
    }

    public override async Task<BulkRemoveUserMetadataResponse> BulkRemoveUserMetadata(BulkRemoveUserMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(new BulkRemoveUserMetadataCommand(request.Id, [.. request.Keys]), Cancel(context)).ConfigureAwait(false);
        return new BulkRemoveUserMetadataResponse { Details = details.ToProto() };
    }

    public override async Task<DeactivateUserResponse> DeactivateUser(DeactivateUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DeactivateUserResponse { Details = await ChangeStateAsync(request.Id, UserStateChange.Deactivate, context).ConfigureAwait(false) };
    }

    public override async Task<ReactivateUserResponse> ReactivateUser(ReactivateUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ReactivateUserResponse { Details = await ChangeStateAsync(request.Id, UserStateChange.Reactivate, context).ConfigureAwait(false) };
    }

    public override async Task<LockUserResponse> LockUser(LockUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new LockUserResponse { Details = await ChangeStateAsync(request.Id, UserStateChange.Lock, context).ConfigureAwait(false) };
    }

    public override async Task<UnlockUserResponse> UnlockUser(UnlockUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UnlockUserResponse { Details = await ChangeStateAsync(request.Id, UserStateChange.Unlock, context).ConfigureAwait(false) };
    }

    public override async Task<RemoveUserResponse> RemoveUser(RemoveUserRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RemoveUserResponse { Details = await ChangeStateAsync(request.Id, UserStateChange.Remove, context).ConfigureAwait(false) };
    }

    public override async Task<ListUserChangesResponse> ListUserChanges(ListUserChangesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query ?? new Zitadel.Change.V1.ChangeQuery();
        var changes = await Mediator.Send(new ListUserChangesQuery(request.UserId, query.Sequence, query.Limit, query.Asc), Cancel(context)).ConfigureAwait(false);
        var response = new ListUserChangesResponse();
        response.Result.AddRange(changes.Select(c => c.ToProto()));
        return response;
    }

    public override async Task<GetPasswordComplexityPolicyResponse> GetPasswordComplexityPolicy(GetPasswordComplexityPolicyRequest request, ServerCallContext context)
    {
        var policy = await Mediator.Send(new GetPasswordComplexityPolicyQuery(), Cancel(context)).ConfigureAwait(false);
        return new GetPasswordComplexityPolicyResponse { Policy = policy.ToProto(), IsDefault = policy.IsDefault };
    }

    public override async Task<GetDefaultPasswordComplexityPolicyResponse> GetDefaultPasswordComplexityPolicy(GetDefaultPasswordComplexityPolicyRequest request, ServerCallContext context)
    {
        var policy = await Mediator.Send(new GetDefaultPasswordComplexityPolicyQuery(), Cancel(context)).ConfigureAwait(false);
        return new GetDefaultPasswordComplexityPolicyResponse { Policy = policy.ToProto() };
    }

    public override async Task<AddCustomPasswordComplexityPolicyResponse> AddCustomPasswordComplexityPolicy(AddCustomPasswordComplexityPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new AddCustomPasswordComplexityPolicyCommand(request.MinLength, request.HasUppercase, request.HasLowercase, request.HasNumber, request.HasSymbol),
            Cancel(context)).ConfigureAwait(false);
        return new AddCustomPasswordComplexityPolicyResponse { Details = details.ToProto() };
    }

    public override async Task<UpdateCustomPasswordComplexityPolicyResponse> UpdateCustomPasswordComplexityPolicy(UpdateCustomPasswordComplexityPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new UpdateCustomPasswordComplexityPolicyCommand(request.MinLength, request.HasUppercase, request.HasLowercase, request.HasNumber, request.HasSymbol),
            Cancel(context)).ConfigureAwait(false);
        return new UpdateCustomPasswordComplexityPolicyResponse { Details = details.ToProto() };
    }

    public override async Task<ResetPasswordComplexityPolicyToDefaultResponse> ResetPasswordComplexityPolicyToDefault(ResetPasswordComplexityPolicyToDefaultRequest request, ServerCallContext context)
    {
        var details = await Mediator.Send(new ResetPasswordComplexityPolicyCommand(), Cancel(context)).ConfigureAwait(false);
        return new ResetPasswordComplexityPolicyToDefaultResponse { Details = details.ToProto() };
    }

    public override async Task<GetLockoutPolicyResponse> GetLockoutPolicy(GetLockoutPolicyRequest request, ServerCallContext context)
    {
        var policy = await Mediator.Send(new GetLockoutPolicyQuery(), Cancel(context)).ConfigureAwait(false);
        return new GetLockoutPolicyResponse { Policy = policy.ToProto(), IsDefault = policy.IsDefault };
    }

    public override async Task<AddCustomLockoutPolicyResponse> AddCustomLockoutPolicy(AddCustomLockoutPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new AddCustomLockoutPolicyCommand(request.MaxPasswordAttempts, request.MaxOtpAttempts), Cancel(context)).ConfigureAwait(false);
        return new AddCustomLockoutPolicyResponse { Details = details.ToProto() };
    }

    public override async Task<UpdateCustomLockoutPolicyResponse> UpdateCustomLockoutPolicy(UpdateCustomLockoutPolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new UpdateCustomLockoutPolicyCommand(request.MaxPasswordAttempts, request.MaxOtpAttempts), Cancel(context)).ConfigureAwait(false);
        return new UpdateCustomLockoutPolicyResponse { Details = details.ToProto() };
    }

    public override async Task<ResetLockoutPolicyToDefaultResponse> ResetLockoutPolicyToDefault(ResetLockoutPolicyToDefaultRequest request, ServerCallContext context)
    {
        var details = await Mediator.Send(new ResetLockoutPolicyCommand(), Cancel(context)).ConfigureAwait(false);
        return new ResetLockoutPolicyToDefaultResponse { Details = details.ToProto() };
    }

    public override async Task<GetPasswordAgePolicyResponse> GetPasswordAgePolicy(GetPasswordAgePolicyRequest request, ServerCallContext context)
    {
        var policy = await Mediator.Send(new GetPasswordAgePolicyQuery(), Cancel(context)).ConfigureAwait(false);
        return new GetPasswordAgePolicyResponse { Policy = policy.ToProto(), IsDefault = policy.IsDefault };
    }

    public override async Task<AddCustomPasswordAgePolicyResponse> AddCustomPasswordAgePolicy(AddCustomPasswordAgePolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new AddCustomPasswordAgePolicyCommand(request.MaxAgeDays, request.ExpireWarnDays), Cancel(context)).ConfigureAwait(false);
        return new AddCustomPasswordAgePolicyResponse { Details = details.ToProto() };
    }

    public override async Task<UpdateCustomPasswordAgePolicyResponse> UpdateCustomPasswordAgePolicy(UpdateCustomPasswordAgePolicyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = await Mediator.Send(
            new UpdateCustomPasswordAgePolicyCommand(request.MaxAgeDays, request.ExpireWarnDays), Cancel(context)).ConfigureAwait(false);
        return new UpdateCustomPasswordAgePolicyResponse { Details = details.ToProto() };
    }

    public override async Task<ResetPasswordAgePolicyToDefaultResponse> ResetPasswordAgePolicyToDefault(ResetPasswordAgePolicyToDefaultRequest request, ServerCallContext context)
    {
        var details = await Mediator.Send(new ResetPasswordAgePolicyCommand(), Cancel(context)).ConfigureAwait(false);
        return new ResetPasswordAgePolicyToDefaultResponse { Details = details.ToProto() };
    }

    private async Task<Zitadel.V1.ObjectDetails> ChangeStateAsync(string id, UserStateChange change, ServerCallContext context) =>
        (await Mediator.Send(new ChangeUserStateCommand(id, change), Cancel(context)).ConfigureAwait(false)).ToProto();

    private static CancellationToken Cancel(ServerCallContext context) => context.CancellationToken;

    private static List<string> UnsupportedImportFields(ImportHumanUserRequest request)
    {
        var fields = new List<string>();
        if (request.RequestPasswordlessRegistration)
        {
            fields.Add("request_passwordless_registration");
        }

        if (!string.IsNullOrEmpty(request.OtpCode))
        {
            fields.Add("otp_code");
        }

        if (request.Idps.Count > 0)
        {
            fields.Add("idps");
        }

        return fields;
    }
}
