using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;

namespace Identity.Application.Users.UpdateHumanProfile;

/// <summary>UpdateHumanProfile: replaces a human's names, language and gender (display_name required here).</summary>
public sealed record UpdateHumanProfileCommand(
    string UserId, string FirstName, string LastName, string NickName, string DisplayName, string PreferredLanguage, Gender Gender)
    : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    /// <summary>Never shows personal data.</summary>
    public override string ToString() => $"{nameof(UpdateHumanProfileCommand)} {{ UserId = {UserId} }}";
}
