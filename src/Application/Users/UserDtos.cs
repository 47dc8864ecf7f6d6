using Identity.Application.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using Mapster;

namespace Identity.Application.Users;

public sealed record UserDto(
    string Id,
    ObjectDetailsDto Details,
    UserState State,
    string UserName,
    IReadOnlyList<string> LoginNames,
    string PreferredLoginName,
    HumanDto? Human,
    MachineDto? Machine)
{
    /// <summary>The user as GetUserByID (v1 and v2) answers it; its login name is <c>user@primarydomain</c> of its org.</summary>
    internal static UserDto From(User user, Organization org)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(org);
        var loginName = $"{user.UserName}@{org.PrimaryDomain}";
        return new UserDto(
            user.Id.Value,
            user.Details(),
            user.State,
            user.UserName,
            [loginName],
            loginName,
            user.Human is { } h
                ? new HumanDto(h.Adapt<HumanProfileDto>(Mappings.Config), h.Email, h.IsEmailVerified, h.Phone, h.IsPhoneVerified, user.PasswordChangedAt)
                {
                    PasswordChangeRequired = user.PasswordChangeRequired,
                }
                : null,
            user.Machine is { } m ? new MachineDto(m.Name, m.Description, user.HasMachineSecret, m.AccessTokenType) : null);
    }
}

public sealed record HumanDto(HumanProfileDto Profile, string Email, bool IsEmailVerified, string Phone, bool IsPhoneVerified, DateTimeOffset? PasswordChanged)
{
    /// <summary>The password must be changed at the next sign-in (as SetHumanInitialPassword sets it); v2 shows it.</summary>
    public bool PasswordChangeRequired { get; init; }
}

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
