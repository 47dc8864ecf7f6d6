using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.ChangeUserState;

/// <summary>
/// One transition of a user of the tenant. A caller cannot lock, deactivate or remove itself, and the
/// last active IAM_OWNER cannot be locked, deactivated or removed (nothing could recover the instance).
/// RemoveUser deletes the user's memberships, tokens, machine keys and metadata in the same transaction (the machine
/// secret goes with the user: <see cref="User.Remove"/> clears it); UnlockUser starts the lockout
/// policy's count of failed password checks again.
/// </summary>
internal sealed class ChangeUserStateHandler(
    RequestContext context,
    IUserRepository users,
    IOrganizationRepository organizations,
    IMembershipRepository memberships,
    IPersonalAccessTokenRepository tokens,
    IMachineKeyRepository machineKeys,
    IUserMetadataRepository metadata,
    IPasswordCheckFailures failures,
    TimeProvider clock) : IRequestHandler<ChangeUserStateCommand, ObjectDetailsDto>
{

    public async Task<ObjectDetailsDto> Handle(ChangeUserStateCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.Id, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var editor = context.RequireCaller().UserId;
        var disables = request.Change is UserStateChange.Deactivate or UserStateChange.Lock or UserStateChange.Remove;
        if (disables && user.Id == editor)
        {
            throw new DomainException(Errors.User.CannotLockOutSelf, "A user cannot lock, deactivate or remove itself");
        }

        if (disables && user.State == UserState.Active)
        {
            await EnsureAnotherIamOwnerStaysAsync(user.Id, cancellationToken).ConfigureAwait(false);
        }

        Action<DateTimeOffset, string> transition = request.Change switch
        {
            UserStateChange.Deactivate => user.Deactivate,
            UserStateChange.Reactivate => user.Reactivate,
            UserStateChange.Lock => user.Lock,
            UserStateChange.Unlock => user.Unlock,
            UserStateChange.Remove => user.Remove,
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Change, "Unknown state change."),
        };
        transition(now, editor.Value);
        if (request.Change == UserStateChange.Unlock)
        {
            // The lockout policy counts again from 0 (also after a lock an administrator made).
            await failures.ResetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        }

        if (request.Change == UserStateChange.Remove)
        {
            await RemoveAccessAsync(user.Id, now, editor.Value, cancellationToken).ConfigureAwait(false);
        }

        return user.Details();
    }

    /// <summary>
    /// Refuses when the user is an IAM_OWNER and no other active user is one. Every IAM_OWNER membership
    /// is touched, so that two transactions disabling the last two owners at once cannot both commit
    /// (the second meets a concurrency conflict, is retried and then sees the first one's change).
    /// </summary>
    private async Task EnsureAnotherIamOwnerStaysAsync(UserId userId, CancellationToken cancellationToken)
    {
        var owners = (await memberships.ListInScopeAsync(Membership.InstanceScope, cancellationToken).ConfigureAwait(false))
            .Where(m => m.Roles.Contains(Roles.IamOwner, StringComparer.Ordinal))
            .ToList();
        if (!owners.Any(m => m.UserId == userId))
        {
            return;
        }

        var others = owners.Where(m => m.UserId != userId).Select(m => m.UserId).ToList();
        var activeOthers = (await users.FindManyAsync(others, cancellationToken).ConfigureAwait(false)).Count(u => u.State == UserState.Active);
        if (activeOthers == 0)
        {
            throw new DomainException(Errors.User.LastIamOwner, "The last active IAM_OWNER cannot be locked, deactivated or removed");
        }

        owners.ForEach(m => m.Touch());
    }

    private async Task RemoveAccessAsync(UserId userId, DateTimeOffset now, string editor, CancellationToken cancellationToken)
    {
        foreach (var membership in await memberships.ListOfUserAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            if (membership.Scope != Membership.InstanceScope
                && await organizations.GetAsync(new OrgId(membership.Scope), cancellationToken).ConfigureAwait(false) is { } org)
            {
                org.RemoveMemberOfRemovedUser(userId, now, editor);
            }

            memberships.Remove(membership);
        }

        foreach (var token in await tokens.AllOfUserAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            tokens.Remove(token);
        }

        foreach (var key in await machineKeys.AllOfUserAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            machineKeys.Remove(key);
        }

        foreach (var entry in await metadata.AllOfUserAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            metadata.Remove(entry);
        }
    }
}
