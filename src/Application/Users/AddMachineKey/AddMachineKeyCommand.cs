using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddMachineKey;

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
