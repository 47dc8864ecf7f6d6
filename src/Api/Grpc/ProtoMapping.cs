using Google.Protobuf.WellKnownTypes;
using Identity.Application.Common;
using Identity.Application.Orgs;
using Identity.Application.Policies;
using Identity.Application.Sessions;
using Zitadel.Policy.V1;
using Identity.Application.Users;
using Identity.Application.Users.ListUserChanges;
using Zitadel.Change.V1;
using Zitadel.Org.V1;
using Zitadel.User.V1;
using Zitadel.V1;

namespace Identity.Api.Grpc;

/// <summary>Application DTOs to the contract's protobuf messages.</summary>
internal static class ProtoMapping
{
    /// <summary>zitadel.v1.TextQueryMethod: the numbers are the same; one the application does not define is refused by validation.</summary>
    public static TextQuery ToTextQuery(this Zitadel.V1.TextQueryMethod method, string value) => new(value, (TextMatch)(int)method);

    /// <summary>Why a Timestamp is refused: outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z, or nanos outside 0..999,999,999.</summary>
    public const string TimestampInvalidMessage = "is not a valid timestamp (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z)";

    /// <summary>Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of a protobuf Timestamp.</summary>
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>
    /// A request's Timestamp as a date; binary gRPC can carry any seconds and nanos, and a value outside
    /// the Timestamp's range answers InvalidArgument (not Internal, as the library's conversion would).
    /// </summary>
    public static DateTimeOffset? ToDateTimeOffset(this Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (timestamp.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || timestamp.Nanos is < 0 or > 999_999_999)
        {
            throw new Identity.Domain.Common.DomainException(Identity.Domain.Common.Errors.Api.TimestampInvalid, $"{field} {TimestampInvalidMessage}");
        }

        return timestamp.ToDateTimeOffset();
    }

    public static ObjectDetails ToProto(this ObjectDetailsDto details) => new()
    {
        Sequence = (ulong)details.Sequence,
        CreationDate = Timestamp.FromDateTimeOffset(details.CreationDate),
        ChangeDate = Timestamp.FromDateTimeOffset(details.ChangeDate),
        ResourceOwner = details.ResourceOwner,
    };

    public static PersonalAccessToken ToProto(this PersonalAccessTokenDto token)
    {
        var proto = new PersonalAccessToken { Id = token.Id, Details = token.Details.ToProto() };
        if (token.ExpirationDate is { } expiration)
        {
            proto.ExpirationDate = Timestamp.FromDateTimeOffset(expiration);
        }

        proto.Scopes.AddRange(token.Scopes);
        return proto;
    }

    public static Zitadel.Authn.V1.Key ToProto(this Identity.Application.Users.MachineKeyDto key) => new()
    {
        Id = key.Id,
        Details = key.Details.ToProto(),
        Type = (Zitadel.Authn.V1.KeyType)(int)key.Type,
        ExpirationDate = Timestamp.FromDateTimeOffset(key.ExpirationDate),
    };

    public static ListDetails ToProto<T>(this ListResultDto<T> list) => new()
    {
        TotalResult = (ulong)list.TotalResult,
        ProcessedSequence = (ulong)list.ProcessedSequence,
        ViewTimestamp = Timestamp.FromDateTimeOffset(list.ViewTimestamp),
    };

    public static Org ToProto(this OrgDto org) => new()
    {
        Id = org.Id,
        Details = org.Details.ToProto(),
        State = (OrgState)(int)org.State,
        Name = org.Name,
        PrimaryDomain = org.PrimaryDomain,
    };

    public static Change ToProto(this ChangeDto change) => new()
    {
        ChangeDate = Timestamp.FromDateTimeOffset(change.ChangeDate),
        EventType = new LocalizedMessage { Key = change.EventType, LocalizedMessage_ = change.LocalizedMessage },
        Sequence = (ulong)change.Sequence,
        EditorId = change.EditorId,
        EditorDisplayName = change.EditorDisplayName,
        EditorPreferredLoginName = change.EditorPreferredLoginName,
        ResourceOwnerId = change.ResourceOwnerId,
    };

    public static PasswordComplexityPolicy ToProto(this PasswordComplexityPolicyDto policy) => new()
    {
        Details = policy.Details?.ToProto(),
        MinLength = (ulong)policy.MinLength,
        HasUppercase = policy.HasUppercase,
        HasLowercase = policy.HasLowercase,
        HasNumber = policy.HasNumber,
        HasSymbol = policy.HasSymbol,
        IsDefault = policy.IsDefault,
    };

    public static LockoutPolicy ToProto(this LockoutPolicyDto policy) => new()
    {
        Details = policy.Details.ToProto(),
        MaxPasswordAttempts = policy.MaxPasswordAttempts,
        MaxOtpAttempts = policy.MaxOtpAttempts,
        IsDefault = policy.IsDefault,
    };

    public static PasswordAgePolicy ToProto(this PasswordAgePolicyDto policy) => new()
    {
        Details = policy.Details.ToProto(),
        MaxAgeDays = policy.MaxAgeDays,
        ExpireWarnDays = policy.ExpireWarnDays,
        IsDefault = policy.IsDefault,
    };

    /// <summary>The wire value of a sign-in answer's password_change_reason (empty when none).</summary>
    public static string ToWire(PasswordChangeReason reason) => reason switch
    {
        PasswordChangeReason.SetByAdministrator => "set_by_administrator",
        PasswordChangeReason.Expired => "expired",
        _ => string.Empty,
    };

    public static User ToProto(this UserDto user)
    {
        var proto = new User
        {
            Id = user.Id,
            Details = user.Details.ToProto(),
            State = (UserState)(int)user.State,
            UserName = user.UserName,
            PreferredLoginName = user.PreferredLoginName,
        };
        proto.LoginNames.AddRange(user.LoginNames);
        if (user.Human is { } h)
        {
            proto.Human = new Human
            {
                Profile = new Profile
                {
                    FirstName = h.Profile.FirstName,
                    LastName = h.Profile.LastName,
                    NickName = h.Profile.NickName,
                    DisplayName = h.Profile.DisplayName,
                    PreferredLanguage = h.Profile.PreferredLanguage,
                    Gender = (Gender)(int)h.Profile.Gender,
                },
                Email = new Email { Email_ = h.Email, IsEmailVerified = h.IsEmailVerified },
                Phone = new Phone { Phone_ = h.Phone, IsPhoneVerified = h.IsPhoneVerified },
                PasswordChanged = h.PasswordChanged is { } changed ? Timestamp.FromDateTimeOffset(changed) : null,
            };
        }
        else if (user.Machine is { } m)
        {
            proto.Machine = new Machine
            {
                Name = m.Name,
                Description = m.Description,
                HasSecret = m.HasSecret,
                AccessTokenType = (AccessTokenType)(int)m.AccessTokenType,
            };
        }

        return proto;
    }
}
