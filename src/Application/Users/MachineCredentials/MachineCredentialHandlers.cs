using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.MachineCredentials;

internal sealed class AddMachineKeyHandler(
    RequestContext context,
    IUserRepository users,
    IMachineKeyRepository keys,
    IMachineKeyCrypto crypto,
    IIdGenerator ids,
    TimeProvider clock) : IRequestHandler<AddMachineKeyCommand, AddMachineKeyResult>
{
    public async Task<AddMachineKeyResult> Handle(AddMachineKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        GeneratedMachineKey? generated = null;
        var key = user.AddMachineKey(
            new MachineKeyId(ids.NewId()),
            request.Type,
            request.ExpirationDate,
            () =>
            {
                if (!request.PublicKey.IsEmpty)
                {
                    return crypto.NormalizePublicKey(request.PublicKey.Span);
                }

                generated = crypto.Generate();
                return generated.PublicKeyPem;
            },
            clock.GetUtcNow(),
            context.RequireCaller().UserId.Value);
        keys.Add(key);
        var keyFile = generated is null ? ReadOnlyMemory<byte>.Empty : MachineKeyFile.Create(key.Id.Value, generated.PrivateKeyPem, key.ExpiresAt, user.Id.Value);
        return new AddMachineKeyResult(key.Id.Value, keyFile, user.Details());
    }
}

internal sealed class ListMachineKeysHandler(RequestContext context, IUserRepository users, IMachineKeyRepository keys, TimeProvider clock)
    : IRequestHandler<ListMachineKeysQuery, ListResultDto<MachineKeyDto>>
{
    public async Task<ListResultDto<MachineKeyDto>> Handle(ListMachineKeysQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var limit = request.Limit == 0 ? ListMachineKeysQuery.MaxLimit : (int)request.Limit;
        var (page, total) = await keys.ListOfUserAsync(user.Id, (long)request.Offset, limit, request.Asc, cancellationToken).ConfigureAwait(false);
        return new ListResultDto<MachineKeyDto>(page.Select(k => MachineKeyDto.From(k, user)).ToList(), total, user.Sequence, clock.GetUtcNow());
    }
}

internal sealed class GetMachineKeyByIDsHandler(RequestContext context, IUserRepository users, IMachineKeyRepository keys)
    : IRequestHandler<GetMachineKeyByIDsQuery, MachineKeyDto>
{
    public async Task<MachineKeyDto> Handle(GetMachineKeyByIDsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var key = await keys.FindKeyAsync(user.Id, request.KeyId, cancellationToken).ConfigureAwait(false);
        return MachineKeyDto.From(key, user);
    }
}

internal sealed class RemoveMachineKeyHandler(RequestContext context, IUserRepository users, IMachineKeyRepository keys, TimeProvider clock)
    : IRequestHandler<RemoveMachineKeyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemoveMachineKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var key = await keys.FindKeyAsync(user.Id, request.KeyId, cancellationToken).ConfigureAwait(false);
        user.RemoveMachineKey(key, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        keys.Remove(key);
        return user.Details();
    }
}

internal sealed class GenerateMachineSecretHandler(RequestContext context, IUserRepository users, IMachineSecrets secrets, TimeProvider clock)
    : IRequestHandler<GenerateMachineSecretCommand, GenerateMachineSecretResult>
{
    public async Task<GenerateMachineSecretResult> Handle(GenerateMachineSecretCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var (secret, hash) = secrets.Generate();
        user.SetMachineSecret(hash, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return new GenerateMachineSecretResult(user.UserName, secret, user.Details());
    }
}

internal sealed class RemoveMachineSecretHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<RemoveMachineSecretCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemoveMachineSecretCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        user.RemoveMachineSecret(clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}

internal static class MachineKeyLookup
{
    /// <summary>One key of the user; an unknown id and a key of another user answer the same NotFound.</summary>
    public static async Task<MachineKey> FindKeyAsync(this IMachineKeyRepository keys, UserId userId, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return await keys.GetAsync(userId, new MachineKeyId(keyId), cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException(Errors.User.KeyNotFound, "Machine key could not be found");
    }
}
