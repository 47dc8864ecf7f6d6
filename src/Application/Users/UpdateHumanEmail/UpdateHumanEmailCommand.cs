using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.UpdateHumanEmail;

/// <summary>
/// UpdateHumanEmail: a new email address of a human, verified only when <see cref="IsEmailVerified"/> says so
/// (no verification email is sent by this service).
/// </summary>
public sealed record UpdateHumanEmailCommand(string UserId, string Email, bool IsEmailVerified) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    /// <summary>Never shows personal data.</summary>
    public override string ToString() => $"{nameof(UpdateHumanEmailCommand)} {{ UserId = {UserId} }}";
}
