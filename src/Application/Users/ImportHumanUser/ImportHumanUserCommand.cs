using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;

namespace Identity.Application.Users.ImportHumanUser;

/// <summary>
/// Creates a human user in the tenant, optionally with a password (same rules as SetInitialPassword) or a
/// bcrypt hash made elsewhere (<see cref="HashedPassword"/>, stored as it is).
/// </summary>
public sealed record ImportHumanUserCommand(
    string UserName,
    ImportHumanUserCommand.ProfileInput? Profile,
    ImportHumanUserCommand.EmailInput? Email,
    ImportHumanUserCommand.PhoneInput? Phone,
    string? Password,
    bool PasswordChangeRequired) : ICommand<ImportHumanUserResult>, ITargetsNoUser, IPasswordRequest, IHumanUserInput
{
    public string Permission => Permissions.UserWrite;

    /// <summary>Only an import that carries a password hashes one.</summary>
    public bool SetsPassword => !string.IsNullOrEmpty(Password);

    /// <summary>Fields of the wire request this service does not support yet; each one sent is refused.</summary>
    public IReadOnlyList<string> UnsupportedFields { get; init; } = [];

    /// <summary>
    /// hashed_password.value: a bcrypt hash ($2a$, $2b$, $2y$) stored as it is; not with <see cref="Password"/>.
    /// Nothing is hashed for it, so it does not go through the password admission.
    /// </summary>
    public string? HashedPassword { get; init; }

    /// <summary>Never shows the password or personal data.</summary>
    public override string ToString() => $"{nameof(ImportHumanUserCommand)} {{ UserName.Length = {UserName?.Length} }}";

    IHumanProfileInput? IHumanUserInput.ProfileInput => Profile;

    string? IHumanUserInput.EmailAddress => Email?.Email;

    public sealed record ProfileInput(string FirstName, string LastName, string NickName, string DisplayName, string PreferredLanguage, Gender Gender) : IHumanProfileInput;

    public sealed record EmailInput(string Email, bool IsEmailVerified);

    public sealed record PhoneInput(string Phone, bool IsPhoneVerified);
}

public sealed record ImportHumanUserResult(string UserId, ObjectDetailsDto Details);
