using Google.Protobuf.WellKnownTypes;
using Identity.Application.Common;
using Identity.Application.Users;
using Zitadel.Object.V2;
using Zitadel.User.V2;
using DomainAccessTokenType = Identity.Domain.Users.AccessTokenType;
using DomainGender = Identity.Domain.Users.Gender;
using DomainUserState = Identity.Domain.Users.UserState;

namespace Identity.Api.Grpc;

/// <summary>Application DTOs to the zitadel.user.v2 and zitadel.object.v2 messages.</summary>
internal static class UserV2Mapping
{
    /// <summary>zitadel.object.v2.Details (its field order differs from v1's ObjectDetails; the JSON is the same).</summary>
    public static Details ToV2Proto(this ObjectDetailsDto details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new Details
        {
            Sequence = (ulong)details.Sequence,
            ChangeDate = Timestamp.FromDateTimeOffset(details.ChangeDate),
            ResourceOwner = details.ResourceOwner,
            CreationDate = Timestamp.FromDateTimeOffset(details.CreationDate),
        };
    }

    /// <summary>
    /// The v2 user. As upstream, the profile's optional fields are always set (so an empty nick name is
    /// <c>"nickName":""</c> and the gender is always present), and email and phone are always present.
    /// </summary>
    public static User ToV2Proto(this UserDto user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var proto = new User
        {
            UserId = user.Id,
            Details = user.Details.ToV2Proto(),
            State = ToV2(user.State),
            Username = user.UserName,
            PreferredLoginName = user.PreferredLoginName,
        };
        proto.LoginNames.AddRange(user.LoginNames);
        if (user.Human is { } h)
        {
            proto.Human = new HumanUser
            {
                Profile = new HumanProfile
                {
                    GivenName = h.Profile.FirstName,
                    FamilyName = h.Profile.LastName,
                    NickName = h.Profile.NickName,
                    DisplayName = h.Profile.DisplayName,
                    PreferredLanguage = h.Profile.PreferredLanguage,
                    Gender = ToV2(h.Profile.Gender),
                },
                Email = new HumanEmail { Email = h.Email, IsVerified = h.IsEmailVerified },
                Phone = new HumanPhone { Phone = h.Phone, IsVerified = h.IsPhoneVerified },
                PasswordChangeRequired = h.PasswordChangeRequired,
                PasswordChanged = h.PasswordChanged is { } changed ? Timestamp.FromDateTimeOffset(changed) : null,
            };
        }
        else if (user.Machine is { } m)
        {
            proto.Machine = new MachineUser
            {
                Name = m.Name,
                Description = m.Description,
                HasSecret = m.HasSecret,
                AccessTokenType = m.AccessTokenType == DomainAccessTokenType.Jwt ? AccessTokenType.Jwt : AccessTokenType.Bearer,
            };
        }

        return proto;
    }

    /// <summary>By meaning: the v2 numbers differ from the domain's (which are v1's: INITIAL is 6 there, 5 here).</summary>
    public static UserState ToV2(DomainUserState state) => state switch
    {
        DomainUserState.Active => UserState.Active,
        DomainUserState.Inactive => UserState.Inactive,
        DomainUserState.Removed => UserState.Deleted,
        DomainUserState.Locked => UserState.Locked,
        DomainUserState.Initial => UserState.Initial,
        _ => UserState.Unspecified,
    };

    private static Gender ToV2(DomainGender gender) => gender switch
    {
        DomainGender.Female => Gender.Female,
        DomainGender.Male => Gender.Male,
        DomainGender.Diverse => Gender.Diverse,
        _ => Gender.Unspecified,
    };
}
