using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.UpdateHumanPhone;

/// <summary>
/// UpdateHumanPhone: a new phone number of a human (stored in E.164 form, <see cref="Domain.Users.PhoneNumber"/>),
/// verified only when <see cref="IsPhoneVerified"/> says so (no SMS is sent by this service).
/// </summary>
public sealed record UpdateHumanPhoneCommand(string UserId, string Phone, bool IsPhoneVerified) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    /// <summary>Never shows personal data.</summary>
    public override string ToString() => $"{nameof(UpdateHumanPhoneCommand)} {{ UserId = {UserId} }}";
}
