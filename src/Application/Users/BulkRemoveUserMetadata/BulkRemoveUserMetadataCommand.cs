using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.BulkRemoveUserMetadata;

/// <summary>
/// Removes several metadata entries of a user of the tenant, all or nothing, as one change: one unknown key fails the
/// call with METADATA-NotFound and removes nothing, as upstream (BulkRemoveUserMetadata).
/// </summary>
public sealed record BulkRemoveUserMetadataCommand(string UserId, IReadOnlyList<string> Keys) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
