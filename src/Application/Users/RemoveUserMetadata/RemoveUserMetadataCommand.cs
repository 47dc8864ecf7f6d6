using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.RemoveUserMetadata;

/// <summary>Removes one metadata entry of a user of the tenant; an unknown key is METADATA-NotFound (RemoveUserMetadata).</summary>
public sealed record RemoveUserMetadataCommand(string UserId, string Key) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
