namespace Identity.Domain.Users;

/// <summary>States of a user; values equal ZITADEL's <c>zitadel.user.v1.UserState</c>.</summary>
public enum UserState
{
    Active = 1,
    Inactive = 2,
    Removed = 3,
    Locked = 4,
    Initial = 6,
}

public enum UserType
{
    Human = 1,
    Machine = 2,
}

public enum Gender
{
    Unspecified = 0,
    Female = 1,
    Male = 2,
    Diverse = 3,
}

public enum AccessTokenType
{
    Bearer = 0,
    Jwt = 1,
}

/// <summary>Profile, email and phone of a human user.</summary>
public sealed record HumanProfile(
    string FirstName,
    string LastName,
    string NickName,
    string DisplayName,
    string PreferredLanguage,
    Gender Gender,
    string Email,
    bool IsEmailVerified,
    string Phone,
    bool IsPhoneVerified)
{
    public string EmailLocalPart => Email.Split('@')[0];
}

/// <summary>What describes a machine user (an automation account).</summary>
public sealed record MachineProfile(string Name, string Description, AccessTokenType AccessTokenType);
