using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddHumanUser;

/// <summary>
/// AddHumanUser: creates a human in the tenant. With an initial password (checked by the same rules as every
/// password, hashed in the hashing slot) the user is active and need not change it; without one it stays in the
/// initial state. No initialization or verification email is sent; the email and phone are verified only when the
/// request says so.
/// </summary>
public sealed record AddHumanUserCommand(
    string UserName,
    AddHumanUserCommand.ProfileInput? Profile,
    AddHumanUserCommand.EmailInput? Email,
    AddHumanUserCommand.PhoneInput? Phone,
    string? Password) : ICommand<AddHumanUserResult>, ITargetsNoUser, IPasswordRequest, IHumanUserInput
{
    public string Permission => Permissions.UserWrite;

    /// <summary>Only a request with an initial password hashes one.</summary>
    public bool SetsPassword => !string.IsNullOrEmpty(Password);

    /// <summary>Never shows the password or personal data.</summary>
    public override string ToString() => $"{nameof(AddHumanUserCommand)} {{ UserName.Length = {UserName?.Length} }}";

    IHumanProfileInput? IHumanUserInput.ProfileInput => Profile;

    string? IHumanUserInput.EmailAddress => Email?.Email;

    public sealed record ProfileInput(string FirstName, string LastName, string NickName, string DisplayName, string PreferredLanguage, Gender Gender) : IHumanProfileInput;

    public sealed record EmailInput(string Email, bool IsEmailVerified);

    public sealed record PhoneInput(string Phone, bool IsPhoneVerified);
}

public sealed record AddHumanUserResult(string UserId, ObjectDetailsDto Details);
