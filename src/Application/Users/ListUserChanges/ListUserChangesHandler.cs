using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.ListUserChanges;

internal sealed class ListUserChangesHandler(RequestContext context, IUserRepository users, IOrganizationRepository organizations, IChangeReader changes)
    : IRequestHandler<ListUserChangesQuery, IReadOnlyList<ChangeDto>>
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["user.human.added"] = "User added",
        ["user.machine.added"] = "Machine user added",
        ["user.human.password.changed"] = "Password changed",
        ["user.human.password.code.added"] = "Password reset code issued",
        ["user.human.password.reset.email.requested"] = "Password reset email requested",
        ["user.human.password.code.failed"] = "Password reset code refused",
        ["user.human.password.hash.upgraded"] = "Password hash upgraded",
        ["user.human.password.initial.used"] = "Initial password used",
        ["user.human.password.initial.expired"] = "Expired initial password refused",
        ["user.personal.access.token.added"] = "Personal access token added",
        ["user.personal.access.token.removed"] = "Personal access token removed",
        ["user.machine.key.added"] = "Machine key added",
        ["user.machine.key.removed"] = "Machine key removed",
        ["user.machine.secret.set"] = "Machine secret generated",
        ["user.machine.secret.removed"] = "Machine secret removed",
        ["user.deactivated"] = "User deactivated",
        ["user.reactivated"] = "User reactivated",
        ["user.locked"] = "User locked",
        ["user.unlocked"] = "User unlocked",
        ["user.removed"] = "User removed",
        ["user.username.changed"] = "User name changed",
        ["user.human.profile.changed"] = "Profile changed",
        ["user.human.email.changed"] = "Email changed",
        ["user.human.email.verified"] = "Email verified",
        ["user.human.phone.changed"] = "Phone changed",
        ["user.human.phone.verified"] = "Phone verified",
        ["user.metadata.set"] = "Metadata set",
        ["user.metadata.removed"] = "Metadata removed",
    };

    public async Task<IReadOnlyList<ChangeDto>> Handle(ListUserChangesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var limit = request.Limit == 0 ? ListUserChangesQuery.DefaultLimit : (int)request.Limit;
        var events = await changes.ListAsync("user", user.Id.Value, (long)request.Sequence, limit, request.Asc, cancellationToken).ConfigureAwait(false);

        // A system editor is shown as the system, never looked up as a user.
        var editorIds = events.Select(e => e.EditorId).Where(id => !SystemEditor.IsSystem(id))
            .Distinct(StringComparer.Ordinal).Select(id => new UserId(id)).ToList();
        var editors = (await users.FindManyAsync(editorIds, cancellationToken).ConfigureAwait(false)).ToDictionary(u => u.Id.Value, StringComparer.Ordinal);
        var orgDomains = new Dictionary<string, string>(StringComparer.Ordinal) { [org.Id.Value] = org.PrimaryDomain };
        foreach (var editorOrg in editors.Values.Select(e => e.OrgId).Distinct().Where(id => !orgDomains.ContainsKey(id.Value)))
        {
            if (await organizations.GetAsync(editorOrg, cancellationToken).ConfigureAwait(false) is { } found)
            {
                orgDomains[found.Id.Value] = found.PrimaryDomain;
            }
        }

        return events.Select(e =>
        {
            var system = SystemEditor.IsSystem(e.EditorId);
            var editor = system ? null : editors.GetValueOrDefault(e.EditorId);
            var loginName = editor is null ? string.Empty
                : orgDomains.TryGetValue(editor.OrgId.Value, out var domain) ? $"{editor.UserName}@{domain}" : editor.UserName;
            var displayName = system ? SystemEditor.DisplayName : editor?.Human?.DisplayName ?? editor?.Machine?.Name ?? string.Empty;
            return new ChangeDto(e.CreatedAt, e.Type, Messages.GetValueOrDefault(e.Type, e.Type), e.Sequence, e.EditorId, displayName, loginName, e.ResourceOwner);
        }).ToList();
    }
}
