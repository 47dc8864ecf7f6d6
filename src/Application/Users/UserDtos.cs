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

/// <summary>A personal access token's metadata; the token itself is only ever shown by AddPersonalAccessToken.</summary>
public sealed record PersonalAccessTokenDto(string Id, ObjectDetailsDto Details, DateTimeOffset? ExpirationDate, IReadOnlyList<string> Scopes)
{
    public static PersonalAccessTokenDto From(PersonalAccessToken token, User owner)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(owner);
        return new PersonalAccessTokenDto(token.Id.Value, new ObjectDetailsDto(token.Sequence, token.CreatedAt, token.CreatedAt, owner.OrgId.Value), token.ExpiresAt, []);
    }
}

/// <summary>A page of a v1 list: the items, how many match in all, and the state it was read at.</summary>
public sealed record ListResultDto<T>(IReadOnlyList<T> Result, long TotalResult, long ProcessedSequence, DateTimeOffset ViewTimestamp);
