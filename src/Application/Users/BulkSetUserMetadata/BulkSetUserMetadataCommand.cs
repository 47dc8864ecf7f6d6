using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.BulkSetUserMetadata;

/// <summary>Adds or changes several metadata entries of a user of the tenant, all or nothing, as one change (BulkSetUserMetadata).</summary>
public sealed record BulkSetUserMetadataCommand(string UserId, IReadOnlyList<MetadataEntry> Entries) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    /// <summary>Never shows the values.</summary>
    public override string ToString() => $"{nameof(BulkSetUserMetadataCommand)} {{ UserId = {UserId}, Entries = {Entries?.Count ?? 0} }}";
}
