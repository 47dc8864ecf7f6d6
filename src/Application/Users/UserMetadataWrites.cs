using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users;

/// <summary>
/// The one path of every metadata write: the user of the tenant (absent, removed or of another org: USER-NotFound),
/// all of its entries, the domain's change (all or nothing, one event), then the entries to add or delete.
/// </summary>
internal static class UserMetadataWrites
{
    public static async Task<ObjectDetailsDto> SetAsync(
        this IUserMetadataRepository metadata,
        IUserRepository users,
        RequestContext context,
        MetadataLimits limits,
        TimeProvider clock,
        string userId,
        IReadOnlyList<KeyValuePair<string, byte[]>> entries,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, userId, cancellationToken).ConfigureAwait(false);
        var current = await metadata.AllOfUserAsync(user.Id, cancellationToken).ConfigureAwait(false);
        foreach (var added in user.SetMetadata(current, entries, limits, clock.GetUtcNow(), context.RequireCaller().UserId.Value))
        {
            metadata.Add(added);
        }

        return user.Details();
    }

    public static async Task<ObjectDetailsDto> RemoveAsync(
        this IUserMetadataRepository metadata,
        IUserRepository users,
        RequestContext context,
        TimeProvider clock,
        string userId,
        IReadOnlyList<string> keys,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, userId, cancellationToken).ConfigureAwait(false);
        var current = await metadata.AllOfUserAsync(user.Id, cancellationToken).ConfigureAwait(false);
        foreach (var removed in user.RemoveMetadata(current, keys, clock.GetUtcNow(), context.RequireCaller().UserId.Value))
        {
            metadata.Remove(removed);
        }

        return user.Details();
    }
}
