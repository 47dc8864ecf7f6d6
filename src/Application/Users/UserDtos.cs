using Identity.Application.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users;

public sealed record UserDto(
    string Id,
    ObjectDetailsDto Details,
    UserState State,
    string UserName,
    IReadOnlyList<string> LoginNames,
    string PreferredLoginName,
    HumanDto? Human,
    MachineDto? Machine);

public sealed record HumanDto(HumanProfileDto Profile, string Email, bool IsEmailVerified, string Phone, bool IsPhoneVerified, DateTimeOffset? PasswordChanged);

public sealed record HumanProfileDto(string FirstName, string LastName, string NickName, string DisplayName, string PreferredLanguage, Gender Gender);

public sealed record MachineDto(string Name, string Description, bool HasSecret, AccessTokenType AccessTokenType);
