using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.SetUserMetadata;

/// <summary>Adds or changes one metadata entry of a user of the tenant (SetUserMetadata).</summary>
public sealed record SetUserMetadataCommand(string UserId, string Key, ReadOnlyMemory<byte> Value) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    /// <summary>Never shows the value.</summary>
    public override string ToString() => $"{nameof(SetUserMetadataCommand)} {{ UserId = {UserId}, Key = {Key}, Value = ({Value.Length} bytes) }}";
}
