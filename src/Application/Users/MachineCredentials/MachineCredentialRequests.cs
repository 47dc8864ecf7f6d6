using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.MachineCredentials;

/// <summary>
/// AddMachineKey: a key of a machine user of the tenant for the JWT-profile grant. Without <see cref="PublicKey"/> an RSA
/// 2048 pair is generated and the answer carries the key file (shown once; only the public key is stored); with one
/// (PEM text of an RSA public key) the answer has no key file.
/// </summary>
public sealed record AddMachineKeyCommand(string UserId, MachineKeyType Type, DateTimeOffset? ExpirationDate, ReadOnlyMemory<byte> PublicKey)
    : ICommand<AddMachineKeyResult>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}

/// <summary>The new key's id, the key file of a generated key (empty for a supplied public key) and the user's details.</summary>
public sealed record AddMachineKeyResult(string KeyId, ReadOnlyMemory<byte> KeyDetails, ObjectDetailsDto Details)
{
    /// <summary>Never shows the key file (it holds the private key).</summary>
    public override string ToString() => $"{nameof(AddMachineKeyResult)} {{ KeyId = {KeyId} }}";
}

/// <summary>The keys of a machine user of the tenant (metadata only, never key material), oldest first when <see cref="Asc"/>.</summary>
public sealed record ListMachineKeysQuery(string UserId, ulong Offset, uint Limit, bool Asc) : IRequest<ListResultDto<MachineKeyDto>>, ITargetsUser
{
    /// <summary>ZITADEL's v1 list limit: 0 means this many, more is refused.</summary>
    public const int MaxLimit = 1000;

    public string Permission => Permissions.UserRead;

    public string TargetUserId => UserId;
}

/// <summary>One key of a machine user of the tenant (metadata only).</summary>
public sealed record GetMachineKeyByIDsQuery(string UserId, string KeyId) : IRequest<MachineKeyDto>, ITargetsUser
{
    public string Permission => Permissions.UserRead;

    public string TargetUserId => UserId;
}

/// <summary>RemoveMachineKey: the key no longer authenticates.</summary>
public sealed record RemoveMachineKeyCommand(string UserId, string KeyId) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}

/// <summary>GenerateMachineSecret: a new client secret for a machine user of the tenant (shown once; it replaces one it had).</summary>
public sealed record GenerateMachineSecretCommand(string UserId) : ICommand<GenerateMachineSecretResult>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}

/// <summary>The client id (the user's user name) and the secret, shown only here.</summary>
public sealed record GenerateMachineSecretResult(string ClientId, string ClientSecret, ObjectDetailsDto Details)
{
    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"{nameof(GenerateMachineSecretResult)} {{ ClientId = {ClientId} }}";
}

/// <summary>RemoveMachineSecret: the secret no longer authenticates.</summary>
public sealed record RemoveMachineSecretCommand(string UserId) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}

/// <summary>A machine key's metadata (<c>zitadel.authn.v1.Key</c>); its key material is never answered.</summary>
public sealed record MachineKeyDto(string Id, ObjectDetailsDto Details, MachineKeyType Type, DateTimeOffset ExpirationDate)
{
    internal static MachineKeyDto From(MachineKey key, User owner)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(owner);
        return new MachineKeyDto(key.Id.Value, new ObjectDetailsDto(key.Sequence, key.CreatedAt, key.CreatedAt, owner.OrgId.Value), key.Type, key.ExpiresAt);
    }
}
