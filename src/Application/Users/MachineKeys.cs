using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users;

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
