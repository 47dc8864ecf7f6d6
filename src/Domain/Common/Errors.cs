using System.Reflection;

namespace Identity.Domain.Common;

/// <summary>
/// One error of the catalogue: its stable id (never changes once released), the kind it is answered
/// with, and a one-line meaning (the source of docs/errors.md).
/// </summary>
public sealed record ErrorCode(string Id, ErrorKind Kind, string Meaning)
{
    /// <summary>This error with the message of one occurrence (messages never hold a secret).</summary>
    public ErrorDetail Detail(string message) => new(Id, message);

    public override string ToString() => Id;
}

/// <summary>
/// The error catalogue: every error id the module answers with, its kind and its meaning, grouped by
/// prefix. Code refers to these entries and never spells an id itself (an architecture test scans
/// src/ for id-shaped string literals). Each entry has its id as a constant (<c>...Id</c>, for
/// attributes and constants elsewhere) beside the <see cref="ErrorCode"/>. docs/errors.md lists them
/// all with their HTTP status and gRPC code (a test compares the two).
/// </summary>
public static class Errors
{
    /// <summary>Refusals of the API host itself, before or around the service (routing, limits, transport).</summary>
    public static class Api
    {
        public const string InvalidRequestId = "API-InvalidRequest";
        public static readonly ErrorCode InvalidRequest = new(InvalidRequestId, ErrorKind.InvalidArgument, "The HTTP request is invalid before it reaches the service (e.g. malformed JSON)");
        public const string PermissionDeniedId = "API-PermissionDenied";
        public static readonly ErrorCode PermissionDenied = new(PermissionDeniedId, ErrorKind.PermissionDenied, "The host refused the request (HTTP 403 produced outside the service)");
        public const string RouteNotFoundId = "API-RouteNotFound";
        public static readonly ErrorCode RouteNotFound = new(RouteNotFoundId, ErrorKind.NotFound, "No route matches the path");
        public const string MethodNotAllowedId = "API-MethodNotAllowed";
        public static readonly ErrorCode MethodNotAllowed = new(MethodNotAllowedId, ErrorKind.Unimplemented, "The route exists but not for this HTTP method");
        public const string BodyTooLargeId = "API-BodyTooLarge";
        public static readonly ErrorCode BodyTooLarge = new(BodyTooLargeId, ErrorKind.ResourceExhausted, "The request body exceeds Identity:Limits:MaxRequestBodyBytes");
        public const string UnsupportedMediaTypeId = "API-UnsupportedMediaType";
        public static readonly ErrorCode UnsupportedMediaType = new(UnsupportedMediaTypeId, ErrorKind.InvalidArgument, "The request's content type is not supported");
        public const string TooManyRequestsId = "API-TooManyRequests";
        public static readonly ErrorCode TooManyRequests = new(TooManyRequestsId, ErrorKind.ResourceExhausted, "The host answered 429 outside the service");
        public const string UnavailableId = "API-Unavailable";
        public static readonly ErrorCode Unavailable = new(UnavailableId, ErrorKind.Unavailable, "The host answered 503 outside the service");
        public const string CancelledId = "API-Cancelled";
        public static readonly ErrorCode Cancelled = new(CancelledId, ErrorKind.Cancelled, "The client cancelled the call");
        public const string TimestampInvalidId = "API-TimestampInvalid";
        public static readonly ErrorCode TimestampInvalid = new(TimestampInvalidId, ErrorKind.InvalidArgument, "A timestamp is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z or has nanos outside 0..999,999,999");
        public const string OverloadedId = "API-Overloaded";
        public static readonly ErrorCode Overloaded = new(OverloadedId, ErrorKind.Unavailable, "The password hashing queue is full; retry after Retry-After");
        public const string RateLimitedId = "API-RateLimited";
        public static readonly ErrorCode RateLimited = new(RateLimitedId, ErrorKind.ResourceExhausted, "A password-call budget of the caller or the org is spent; retry after Retry-After");
    }

    /// <summary>Authentication, tenant and permission checks.</summary>
    public static class Auth
    {
        public const string UnauthenticatedId = "AUTH-Unauthenticated";
        public static readonly ErrorCode Unauthenticated = new(UnauthenticatedId, ErrorKind.Unauthenticated, "No bearer token, or one that is unknown, malformed, expired or of a disabled user");
        public const string OrgNotFoundId = "AUTH-OrgNotFound";
        public static readonly ErrorCode OrgNotFound = new(OrgNotFoundId, ErrorKind.PermissionDenied, "The org named by x-zitadel-orgid does not exist, is removed, or the caller holds no role in it");
        public const string OrgRequiredId = "AUTH-OrgRequired";
        public static readonly ErrorCode OrgRequired = new(OrgRequiredId, ErrorKind.InvalidArgument, "An in-process system caller named no org for a request that acts in one");
        public const string PermissionDeniedId = "AUTH-PermissionDenied";
        public static readonly ErrorCode PermissionDenied = new(PermissionDeniedId, ErrorKind.PermissionDenied, "The caller lacks the method's permission in the org");
        public const string TargetOutranksCallerId = "AUTH-TargetOutranksCaller";
        public static readonly ErrorCode TargetOutranksCaller = new(TargetOutranksCallerId, ErrorKind.PermissionDenied, "The target user holds permissions the caller does not have in some scope");
    }

    /// <summary>ListUserChanges queries.</summary>
    public static class Change
    {
        public const string LimitTooLargeId = "CHANGE-LimitTooLarge";
        public static readonly ErrorCode LimitTooLarge = new(LimitTooLargeId, ErrorKind.InvalidArgument, "query.limit of ListUserChanges is above 1000");
        public const string SequenceInvalidId = "CHANGE-SequenceInvalid";
        public static readonly ErrorCode SequenceInvalid = new(SequenceInvalidId, ErrorKind.InvalidArgument, "query.sequence of ListUserChanges is out of range");
    }

    /// <summary>Committing a command.</summary>
    public static class Command
    {
        /// <summary>ZITADEL's own id for a failed password check, kept for wire compatibility.</summary>
        public const string PasswordInvalidId = "COMMAND-3M0fs";
        public static readonly ErrorCode PasswordInvalid = new(PasswordInvalidId, ErrorKind.InvalidArgument, "The password check failed: the password is wrong, or there is no active human user with a password of that id or login name (one answer for all, in about the same time)");
        /// <summary>ZITADEL's own id for a locked user's check, kept for wire compatibility.</summary>
        public const string UserLockedId = "COMMAND-JLK35";
        public static readonly ErrorCode UserLocked = new(UserLockedId, ErrorKind.FailedPrecondition, "The password was right but the user is locked (by an administrator or by the lockout policy)");
        /// <summary>ZITADEL's own id for an UpdateUserName with the current name, kept for wire compatibility.</summary>
        public const string UserNameNotChangedId = "COMMAND-6m9gs";
        public static readonly ErrorCode UserNameNotChanged = new(UserNameNotChangedId, ErrorKind.FailedPrecondition, "UpdateUserName with the user's current name");
        /// <summary>ZITADEL's own id for an UpdateHumanProfile that changes nothing, kept for wire compatibility.</summary>
        public const string ProfileNotChangedId = "COMMAND-2M0fs";
        public static readonly ErrorCode ProfileNotChanged = new(ProfileNotChangedId, ErrorKind.FailedPrecondition, "UpdateHumanProfile with the current profile");
        /// <summary>ZITADEL's own id for an UpdateHumanEmail that changes nothing, kept for wire compatibility.</summary>
        public const string EmailNotChangedId = "COMMAND-2b7fM";
        public static readonly ErrorCode EmailNotChanged = new(EmailNotChangedId, ErrorKind.FailedPrecondition, "UpdateHumanEmail with the current address (ignoring case), unless an unverified one is now declared verified");
        /// <summary>ZITADEL's own id for an UpdateHumanPhone that changes nothing, kept for wire compatibility.</summary>
        public const string PhoneNotChangedId = "COMMAND-wF94r";
        public static readonly ErrorCode PhoneNotChanged = new(PhoneNotChangedId, ErrorKind.FailedPrecondition, "UpdateHumanPhone with the current number (normal form), unless an unverified one is now declared verified");
        /// <summary>ZITADEL's own id for a public key of AddMachineKey that is not one, kept for wire compatibility.</summary>
        public const string MachineKeyInvalidId = "COMMAND-5F3h1";
        public static readonly ErrorCode MachineKeyInvalid = new(MachineKeyInvalidId, ErrorKind.InvalidArgument, "public_key of AddMachineKey is not the PEM text of an RSA public key (PUBLIC KEY or RSA PUBLIC KEY) of 2048 to 8192 bits");
        /// <summary>ZITADEL's own id for RemoveMachineSecret without a secret, kept for wire compatibility.</summary>
        public const string MachineSecretNotFoundId = "COMMAND-coi82n";
        public static readonly ErrorCode MachineSecretNotFound = new(MachineSecretNotFoundId, ErrorKind.FailedPrecondition, "RemoveMachineSecret on a machine user that has no secret");
        public const string ConcurrentModificationId = "COMMAND-ConcurrentModification";
        public static readonly ErrorCode ConcurrentModification = new(ConcurrentModificationId, ErrorKind.Aborted, "The object was changed concurrently and the retries did not succeed");
    }

    /// <summary>The database.</summary>
    public static class Db
    {
        public const string UnavailableId = "DB-Unavailable";
        public static readonly ErrorCode Unavailable = new(UnavailableId, ErrorKind.Unavailable, "The database cannot be reached; retry later");
    }

    /// <summary>Rules upstream keeps in its domain package, with its ids.</summary>
    public static class Domain
    {
        /// <summary>ZITADEL's own id for a key expiration that is not in the future, kept for wire compatibility.</summary>
        public const string ExpireBeforeNowId = "DOMAIN-dv3t5";
        public static readonly ErrorCode ExpireBeforeNow = new(ExpireBeforeNowId, ErrorKind.InvalidArgument, "expiration_date of AddMachineKey is not in the future");
    }

    /// <summary>Unexpected failures (answered without their text).</summary>
    public static class Internal
    {
        public const string ErrorId = "INTERNAL-Error";
        public static readonly ErrorCode Error = new(ErrorId, ErrorKind.Internal, "An unexpected failure in the service");
        public const string UnknownId = "INTERNAL-Unknown";
        public static readonly ErrorCode Unknown = new(UnknownId, ErrorKind.Internal, "A DomainException created without an error code");
    }

    /// <summary>Org members (AddOrgMember, UpdateOrgMember, RemoveOrgMember).</summary>
    public static class Member
    {
        public const string AlreadyExistsId = "MEMBER-AlreadyExists";
        public static readonly ErrorCode AlreadyExists = new(AlreadyExistsId, ErrorKind.AlreadyExists, "The user is already a member of the org");
        public const string RoleInvalidId = "MEMBER-RoleInvalid";
        public static readonly ErrorCode RoleInvalid = new(RoleInvalidId, ErrorKind.InvalidArgument, "A role is not one of the org roles");
        public const string RolesRequiredId = "MEMBER-RolesRequired";
        public static readonly ErrorCode RolesRequired = new(RolesRequiredId, ErrorKind.InvalidArgument, "roles names no role");
        public const string UserIdInvalidId = "MEMBER-UserIdInvalid";
        public static readonly ErrorCode UserIdInvalid = new(UserIdInvalidId, ErrorKind.InvalidArgument, "user_id of the member is not 1 to 200 characters");
        public const string NotFoundId = "MEMBER-NotFound";
        public static readonly ErrorCode NotFound = new(NotFoundId, ErrorKind.NotFound, "The user is not a member of the org");
        public const string NotChangedId = "MEMBER-NotChanged";
        public static readonly ErrorCode NotChanged = new(NotChangedId, ErrorKind.FailedPrecondition, "The member already holds exactly these roles");
        public const string LastOwnerId = "MEMBER-LastOwner";
        public static readonly ErrorCode LastOwner = new(LastOwnerId, ErrorKind.FailedPrecondition, "The last active ORG_OWNER of the org cannot be removed or lose the role");
        public const string RoleAboveCallerId = "MEMBER-RoleAboveCaller";
        public static readonly ErrorCode RoleAboveCaller = new(RoleAboveCallerId, ErrorKind.PermissionDenied, "The roles grant permissions the caller does not have in the org");
    }

    /// <summary>Organizations.</summary>
    public static class Org
    {
        public const string AlreadyExistsId = "ORG-AlreadyExists";
        public static readonly ErrorCode AlreadyExists = new(AlreadyExistsId, ErrorKind.AlreadyExists, "An org with this name (or the same primary domain label) exists");
        public const string NameBlankId = "ORG-NameBlank";
        public static readonly ErrorCode NameBlank = new(NameBlankId, ErrorKind.InvalidArgument, "The org name is only white space");
        public const string NameInvalidId = "ORG-NameInvalid";
        public static readonly ErrorCode NameInvalid = new(NameInvalidId, ErrorKind.InvalidArgument, "The org name is not 1 to 200 characters");
    }

    /// <summary>Password complexity and lockout policies, and the password rules.</summary>
    public static class Policy
    {
        public const string AlreadyExistsId = "POLICY-AlreadyExists";
        public static readonly ErrorCode AlreadyExists = new(AlreadyExistsId, ErrorKind.AlreadyExists, "The org already has a custom policy of that kind (password complexity, lockout)");
        public const string NotFoundId = "POLICY-NotFound";
        public static readonly ErrorCode NotFound = new(NotFoundId, ErrorKind.NotFound, "The org has no custom policy of that kind (password complexity, lockout)");
        public const string NotChangedId = "POLICY-NotChanged";
        public static readonly ErrorCode NotChanged = new(NotChangedId, ErrorKind.FailedPrecondition, "The update changes nothing in the policy");
        public const string MinLengthRangeId = "POLICY-MinLengthRange";
        public static readonly ErrorCode MinLengthRange = new(MinLengthRangeId, ErrorKind.InvalidArgument, "min_length of a policy is not 1..72");
        public const string PasswordInvalidId = "POLICY-PasswordInvalid";
        public static readonly ErrorCode PasswordInvalid = new(PasswordInvalidId, ErrorKind.InvalidArgument, "Summary: the password breaks one or more rules (one detail per rule)");
        public const string ControlCharacterId = "POLICY-ControlCharacter";
        public static readonly ErrorCode ControlCharacter = new(ControlCharacterId, ErrorKind.InvalidArgument, "The password holds a control character");
        public const string InvalidCharacterId = "POLICY-InvalidCharacter";
        public static readonly ErrorCode InvalidCharacter = new(InvalidCharacterId, ErrorKind.InvalidArgument, "The password holds a format, private-use, unassigned or unpaired surrogate character");
        public const string MinLengthId = "POLICY-MinLength";
        public static readonly ErrorCode MinLength = new(MinLengthId, ErrorKind.InvalidArgument, "The password is shorter than the policy's min_length");
        public const string MaxLengthId = "POLICY-MaxLength";
        public static readonly ErrorCode MaxLength = new(MaxLengthId, ErrorKind.InvalidArgument, "The password is longer than 72 code points");
        public const string HasUppercaseId = "POLICY-HasUppercase";
        public static readonly ErrorCode HasUppercase = new(HasUppercaseId, ErrorKind.InvalidArgument, "The policy requires an uppercase letter");
        public const string HasLowercaseId = "POLICY-HasLowercase";
        public static readonly ErrorCode HasLowercase = new(HasLowercaseId, ErrorKind.InvalidArgument, "The policy requires a lowercase letter");
        public const string HasNumberId = "POLICY-HasNumber";
        public static readonly ErrorCode HasNumber = new(HasNumberId, ErrorKind.InvalidArgument, "The policy requires a number");
        public const string HasSymbolId = "POLICY-HasSymbol";
        public static readonly ErrorCode HasSymbol = new(HasSymbolId, ErrorKind.InvalidArgument, "The policy requires a symbol");
        public const string CommonPasswordId = "POLICY-CommonPassword";
        public static readonly ErrorCode CommonPassword = new(CommonPasswordId, ErrorKind.InvalidArgument, "The password is one of the 30,000 most common passwords");
        public const string TooGuessableId = "POLICY-TooGuessable";
        public static readonly ErrorCode TooGuessable = new(TooGuessableId, ErrorKind.InvalidArgument, "The password's strength score is below Identity:Passwords:MinStrengthScore");
        public const string PasswordReusedId = "POLICY-PasswordReused";
        public static readonly ErrorCode PasswordReused = new(PasswordReusedId, ErrorKind.InvalidArgument, "The new password equals one of the user's Identity:Passwords:HistoryDepth most recent passwords (the current one included)");
        public const string PersonalInformationId = "POLICY-PersonalInformation";
        public static readonly ErrorCode PersonalInformation = new(PersonalInformationId, ErrorKind.InvalidArgument, "The password contains the user's user name, email local part, first or last name");
    }

    /// <summary>List queries.</summary>
    public static class Query
    {
        /// <summary>ZITADEL's own id for a list limit above the maximum, kept for wire compatibility.</summary>
        public const string LimitExceededId = "QUERY-4M0fs";
        public static readonly ErrorCode LimitExceeded = new(LimitExceededId, ErrorKind.InvalidArgument, "query.limit of a list is above 1000");
        /// <summary>ZITADEL's own id for an unknown user in a user check, kept for wire compatibility.</summary>
        public const string UserNotFoundId = "QUERY-Dfbg2";
        public static readonly ErrorCode UserNotFound = new(UserNotFoundId, ErrorKind.NotFound, "A user check without a password check names no active user (with a password check the answer is COMMAND-3M0fs)");
        public const string OffsetInvalidId = "QUERY-OffsetInvalid";
        public static readonly ErrorCode OffsetInvalid = new(OffsetInvalidId, ErrorKind.InvalidArgument, "query.offset of a list is out of range");
        public const string InvalidId = "QUERY-Invalid";
        public static readonly ErrorCode Invalid = new(InvalidId, ErrorKind.InvalidArgument, "A search query names no condition, or its text is too long or holds a character that is not allowed");
    }

    /// <summary>Sign-in: v2 sessions and the password check (also through the facade).</summary>
    public static class Session
    {
        public const string UserInactiveId = "SESSION-UserInactive";
        public static readonly ErrorCode UserInactive = new(UserInactiveId, ErrorKind.FailedPrecondition, "The password was right but the user is deactivated");
        public const string NotFoundId = "SESSION-NotFound";
        public static readonly ErrorCode NotFound = new(NotFoundId, ErrorKind.NotFound, "No such session (or it was deleted, or it expired), or the caller may not see it (no session.read or session.delete, not its creator or user, no or a wrong session token)");
        public const string CheckUnsupportedId = "SESSION-CheckUnsupported";
        public static readonly ErrorCode CheckUnsupported = new(CheckUnsupportedId, ErrorKind.Unimplemented, "A check, challenge or search query this module does not offer (only the user and password checks, ids and user id queries are served)");
        public const string UserCheckRequiredId = "SESSION-UserCheckRequired";
        public static readonly ErrorCode UserCheckRequired = new(UserCheckRequiredId, ErrorKind.FailedPrecondition, "A password check needs a user check, in the same request or before it");
        public const string UserChangedId = "SESSION-UserChanged";
        public static readonly ErrorCode UserChanged = new(UserChangedId, ErrorKind.FailedPrecondition, "The session's user was already checked and cannot be changed");
        public const string LifetimeInvalidId = "SESSION-LifetimeInvalid";
        public static readonly ErrorCode LifetimeInvalid = new(LifetimeInvalidId, ErrorKind.InvalidArgument, "lifetime is not a positive duration of at most 100 years");
        public const string MetadataInvalidId = "SESSION-MetadataInvalid";
        public static readonly ErrorCode MetadataInvalid = new(MetadataInvalidId, ErrorKind.InvalidArgument, "Session metadata breaks its limits (key 1..200 characters, value up to 2 KiB, at most 20 keys)");
        public const string UserCheckInvalidId = "SESSION-UserCheckInvalid";
        public static readonly ErrorCode UserCheckInvalid = new(UserCheckInvalidId, ErrorKind.InvalidArgument, "checks.user names not exactly one of user_id and login_name, or one that is not 1 to 200 characters");
        public const string PasswordCheckInvalidId = "SESSION-PasswordCheckInvalid";
        public static readonly ErrorCode PasswordCheckInvalid = new(PasswordCheckInvalidId, ErrorKind.InvalidArgument, "checks.password.password is not 1 to 200 characters");
        public const string IdInvalidId = "SESSION-IdInvalid";
        public static readonly ErrorCode IdInvalid = new(IdInvalidId, ErrorKind.InvalidArgument, "session_id is not 1 to 200 characters, or a search query's id is not");
        public const string UserAgentInvalidId = "SESSION-UserAgentInvalid";
        public static readonly ErrorCode UserAgentInvalid = new(UserAgentInvalidId, ErrorKind.InvalidArgument, "user_agent has a field longer than 200 characters, or too many or too long headers");
        public const string InitialPasswordExpiredId = "SESSION-InitialPasswordExpired";
        public static readonly ErrorCode InitialPasswordExpired = new(InitialPasswordExpiredId, ErrorKind.FailedPrecondition, "The password was right but it is an initial password set by an administrator that was never used within Identity:Passwords:InitialPasswordLifetime; an administrator sets a new one");
        public const string TooManyFailedChecksId = "SESSION-TooManyFailedChecks";
        public static readonly ErrorCode TooManyFailedChecks = new(TooManyFailedChecksId, ErrorKind.ResourceExhausted, "Too many failed password checks for this user or from this source; retry after Retry-After");
    }

    /// <summary>The text rule of names and identifiers.</summary>
    public static class Text
    {
        public const string InvalidCharacterId = "TEXT-InvalidCharacter";
        public static readonly ErrorCode InvalidCharacter = new(InvalidCharacterId, ErrorKind.InvalidArgument, "A name or identifier holds a control, format or line-separator character or an unpaired surrogate");
    }

    /// <summary>User metadata (SetUserMetadata, ListUserMetadata, ...).</summary>
    public static class Metadata
    {
        public const string KeyInvalidId = "METADATA-KeyInvalid";
        public static readonly ErrorCode KeyInvalid = new(KeyInvalidId, ErrorKind.InvalidArgument, "A metadata key is not 1 to 200 characters");
        public const string ValueInvalidId = "METADATA-ValueInvalid";
        public static readonly ErrorCode ValueInvalid = new(ValueInvalidId, ErrorKind.InvalidArgument, "A metadata value is not 1 to 500,000 bytes");
        public const string NoDataId = "METADATA-NoData";
        public static readonly ErrorCode NoData = new(NoDataId, ErrorKind.InvalidArgument, "BulkSetUserMetadata without entries or BulkRemoveUserMetadata without keys");
        public const string NotFoundId = "METADATA-NotFound";
        public static readonly ErrorCode NotFound = new(NotFoundId, ErrorKind.NotFound, "The user has no metadata with that key (a bulk remove with one such key removes nothing)");
        public const string TooManyKeysId = "METADATA-TooManyKeys";
        public static readonly ErrorCode TooManyKeys = new(TooManyKeysId, ErrorKind.ResourceExhausted, "The user would have more metadata keys than Identity:Limits:MetadataKeysPerUser");
        public const string TooLargeId = "METADATA-TooLarge";
        public static readonly ErrorCode TooLarge = new(TooLargeId, ErrorKind.ResourceExhausted, "The user's metadata values would exceed Identity:Limits:MetadataBytesPerUser bytes in all");
    }

    /// <summary>Users, their state, their tokens and their fields.</summary>
    public static class User
    {
        public const string NotFoundId = "USER-NotFound";
        public static readonly ErrorCode NotFound = new(NotFoundId, ErrorKind.NotFound, "No such user in the org (also: removed, or a user of another org; v2: a user of an org where the caller holds no role)");
        public const string UserNameTakenId = "USER-UserNameTaken";
        public static readonly ErrorCode UserNameTaken = new(UserNameTakenId, ErrorKind.AlreadyExists, "The user name is taken in the org");
        public const string IdTakenId = "USER-IdTaken";
        public static readonly ErrorCode IdTaken = new(IdTakenId, ErrorKind.AlreadyExists, "The chosen user id is taken in the instance");
        public const string NotHumanId = "USER-NotHuman";
        public static readonly ErrorCode NotHuman = new(NotHumanId, ErrorKind.FailedPrecondition, "A machine user cannot have a password, profile, email or phone");
        public const string InactiveId = "USER-Inactive";
        public static readonly ErrorCode Inactive = new(InactiveId, ErrorKind.FailedPrecondition, "The user is deactivated");
        public const string AlreadyInactiveId = "USER-AlreadyInactive";
        public static readonly ErrorCode AlreadyInactive = new(AlreadyInactiveId, ErrorKind.FailedPrecondition, "DeactivateUser on a deactivated user");
        public const string CantDeactivateInitialId = "USER-CantDeactivateInitial";
        public static readonly ErrorCode CantDeactivateInitial = new(CantDeactivateInitialId, ErrorKind.FailedPrecondition, "DeactivateUser on a user in the initial state");
        public const string NotInactiveId = "USER-NotInactive";
        public static readonly ErrorCode NotInactive = new(NotInactiveId, ErrorKind.FailedPrecondition, "ReactivateUser on a user that is not deactivated");
        public const string CantLockId = "USER-CantLock";
        public static readonly ErrorCode CantLock = new(CantLockId, ErrorKind.FailedPrecondition, "LockUser on a user that is neither active nor initial");
        public const string NotLockedId = "USER-NotLocked";
        public static readonly ErrorCode NotLocked = new(NotLockedId, ErrorKind.FailedPrecondition, "UnlockUser on a user that is not locked");
        public const string CannotLockOutSelfId = "USER-CannotLockOutSelf";
        public static readonly ErrorCode CannotLockOutSelf = new(CannotLockOutSelfId, ErrorKind.FailedPrecondition, "The caller tries to lock, deactivate or remove itself");
        public const string LastIamOwnerId = "USER-LastIamOwner";
        public static readonly ErrorCode LastIamOwner = new(LastIamOwnerId, ErrorKind.FailedPrecondition, "The change would leave no active IAM_OWNER");
        public const string StateChangeInvalidId = "USER-StateChangeInvalid";
        public static readonly ErrorCode StateChangeInvalid = new(StateChangeInvalidId, ErrorKind.InvalidArgument, "An unknown state change (in-process callers only)");
        public const string TokenNotFoundId = "USER-TokenNotFound";
        public static readonly ErrorCode TokenNotFound = new(TokenNotFoundId, ErrorKind.NotFound, "No such personal access token of the user");
        public const string TokenMachineOnlyId = "USER-TokenMachineOnly";
        public static readonly ErrorCode TokenMachineOnly = new(TokenMachineOnlyId, ErrorKind.FailedPrecondition, "Personal access tokens, machine keys and machine secrets are only for machine users");
        public const string TokenExpirationPastId = "USER-TokenExpirationPast";
        public static readonly ErrorCode TokenExpirationPast = new(TokenExpirationPastId, ErrorKind.InvalidArgument, "The token's expiration date is not in the future");
        public const string TokenIdInvalidId = "USER-TokenIdInvalid";
        public static readonly ErrorCode TokenIdInvalid = new(TokenIdInvalidId, ErrorKind.InvalidArgument, "token_id is not 1 to 200 characters");
        public const string KeyNotFoundId = "USER-KeyNotFound";
        public static readonly ErrorCode KeyNotFound = new(KeyNotFoundId, ErrorKind.NotFound, "No such machine key of the user");
        public const string KeyIdInvalidId = "USER-KeyIdInvalid";
        public static readonly ErrorCode KeyIdInvalid = new(KeyIdInvalidId, ErrorKind.InvalidArgument, "key_id is not 1 to 200 characters");
        public const string KeyTypeInvalidId = "USER-KeyTypeInvalid";
        public static readonly ErrorCode KeyTypeInvalid = new(KeyTypeInvalidId, ErrorKind.InvalidArgument, "type of AddMachineKey is not KEY_TYPE_JSON");
        public const string UserIdInvalidId = "USER-UserIdInvalid";
        public static readonly ErrorCode UserIdInvalid = new(UserIdInvalidId, ErrorKind.InvalidArgument, "A user id is not 1 to 200 characters (a chosen one: of A-Z, a-z, 0-9, _ and -)");
        public const string UserNameInvalidId = "USER-UserNameInvalid";
        public static readonly ErrorCode UserNameInvalid = new(UserNameInvalidId, ErrorKind.InvalidArgument, "user_name is not 1 to 200 characters");
        public const string UserNameBlankId = "USER-UserNameBlank";
        public static readonly ErrorCode UserNameBlank = new(UserNameBlankId, ErrorKind.InvalidArgument, "user_name is only white space");
        public const string LoginNameInvalidId = "USER-LoginNameInvalid";
        public static readonly ErrorCode LoginNameInvalid = new(LoginNameInvalidId, ErrorKind.InvalidArgument, "login_name of GetUserByLoginNameGlobal is not 1 to 200 characters");
        public const string PasswordLengthId = "USER-PasswordLength";
        public static readonly ErrorCode PasswordLength = new(PasswordLengthId, ErrorKind.InvalidArgument, "password is not 1 to 72 code points");
        public const string ProfileRequiredId = "USER-ProfileRequired";
        public static readonly ErrorCode ProfileRequired = new(ProfileRequiredId, ErrorKind.InvalidArgument, "ImportHumanUser without a profile");
        public const string FirstNameInvalidId = "USER-FirstNameInvalid";
        public static readonly ErrorCode FirstNameInvalid = new(FirstNameInvalidId, ErrorKind.InvalidArgument, "profile.first_name is not 1 to 200 characters");
        public const string LastNameInvalidId = "USER-LastNameInvalid";
        public static readonly ErrorCode LastNameInvalid = new(LastNameInvalidId, ErrorKind.InvalidArgument, "profile.last_name is not 1 to 200 characters");
        public const string NickNameInvalidId = "USER-NickNameInvalid";
        public static readonly ErrorCode NickNameInvalid = new(NickNameInvalidId, ErrorKind.InvalidArgument, "profile.nick_name is longer than 200 characters");
        public const string DisplayNameInvalidId = "USER-DisplayNameInvalid";
        public static readonly ErrorCode DisplayNameInvalid = new(DisplayNameInvalidId, ErrorKind.InvalidArgument, "profile.display_name is longer than 200 characters");
        public const string PreferredLanguageInvalidId = "USER-PreferredLanguageInvalid";
        public static readonly ErrorCode PreferredLanguageInvalid = new(PreferredLanguageInvalidId, ErrorKind.InvalidArgument, "profile.preferred_language is longer than 10 characters");
        public const string GenderInvalidId = "USER-GenderInvalid";
        public static readonly ErrorCode GenderInvalid = new(GenderInvalidId, ErrorKind.InvalidArgument, "profile.gender is not a known gender");
        public const string EmailRequiredId = "USER-EmailRequired";
        public static readonly ErrorCode EmailRequired = new(EmailRequiredId, ErrorKind.InvalidArgument, "ImportHumanUser without an email");
        public const string EmailInvalidId = "USER-EmailInvalid";
        public static readonly ErrorCode EmailInvalid = new(EmailInvalidId, ErrorKind.InvalidArgument, "email.email is not a valid address of at most 200 characters");
        public const string PhoneInvalidId = "USER-PhoneInvalid";
        public static readonly ErrorCode PhoneInvalid = new(PhoneInvalidId, ErrorKind.InvalidArgument, "The phone number does not start with + or is longer than 50 characters (UpdateHumanPhone and AddHumanUser: not + and 7 to 15 digits, E.164)");
        public const string ImportUnsupportedId = "USER-ImportUnsupported";
        public static readonly ErrorCode ImportUnsupported = new(ImportUnsupportedId, ErrorKind.InvalidArgument, "ImportHumanUser sets a field this service does not support (request_passwordless_registration, otp_code, idps)");
        public const string HashFormatUnsupportedId = "USER-HashFormatUnsupported";
        public static readonly ErrorCode HashFormatUnsupported = new(HashFormatUnsupportedId, ErrorKind.InvalidArgument, "hashed_password of ImportHumanUser is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04 to 15, 60 characters)");
        public const string PasswordAndHashId = "USER-PasswordAndHash";
        public static readonly ErrorCode PasswordAndHash = new(PasswordAndHashId, ErrorKind.InvalidArgument, "ImportHumanUser sets both password and hashed_password");
        public const string MachineNameInvalidId = "USER-MachineNameInvalid";
        public static readonly ErrorCode MachineNameInvalid = new(MachineNameInvalidId, ErrorKind.InvalidArgument, "name of a machine user is not 1 to 200 characters");
        public const string DescriptionInvalidId = "USER-DescriptionInvalid";
        public static readonly ErrorCode DescriptionInvalid = new(DescriptionInvalidId, ErrorKind.InvalidArgument, "description of a machine user is longer than 500 characters");
        public const string AccessTokenTypeInvalidId = "USER-AccessTokenTypeInvalid";
        public static readonly ErrorCode AccessTokenTypeInvalid = new(AccessTokenTypeInvalidId, ErrorKind.InvalidArgument, "access_token_type is not a known type");
        public const string CurrentPasswordInvalidId = "USER-CurrentPasswordInvalid";
        public static readonly ErrorCode CurrentPasswordInvalid = new(CurrentPasswordInvalidId, ErrorKind.InvalidArgument, "current_password of SetPassword is not 1 to 200 characters");
        public const string ResetCodeInvalidId = "USER-ResetCodeInvalid";
        public static readonly ErrorCode ResetCodeInvalid = new(ResetCodeInvalidId, ErrorKind.InvalidArgument, "SetPassword with verification_code: the code is wrong, expired, used, void after too many wrong attempts, or none was requested (one id for all)");
    }

    /// <summary>Notifications (email, SMS).</summary>
    public static class Notify
    {
        public const string EmailUnavailableId = "NOTIFY-EmailUnavailable";
        public static readonly ErrorCode EmailUnavailable = new(EmailUnavailableId, ErrorKind.FailedPrecondition, "A password reset by email (send_link, no medium, TYPE_EMAIL) while no SMTP server is configured (Identity:Smtp:Host); use return_code and deliver the code yourself");
        public const string ResetLinkUnconfiguredId = "NOTIFY-ResetLinkUnconfigured";
        public static readonly ErrorCode ResetLinkUnconfigured = new(ResetLinkUnconfiguredId, ErrorKind.FailedPrecondition, "A password reset by email without a link template: the request names no url_template and Identity:Notifications:PasswordResetUrl is not set");
        public const string UrlTemplateInvalidId = "NOTIFY-UrlTemplateInvalid";
        public static readonly ErrorCode UrlTemplateInvalid = new(UrlTemplateInvalidId, ErrorKind.InvalidArgument, "send_link.url_template is not an absolute http(s) URL of at most 200 characters with {{.Code}} and only the placeholders {{.UserID}}, {{.Code}}, {{.OrgID}}");
        public const string TypeInvalidId = "NOTIFY-TypeInvalid";
        public static readonly ErrorCode TypeInvalid = new(TypeInvalidId, ErrorKind.InvalidArgument, "type of SendHumanResetPasswordNotification is not TYPE_EMAIL or TYPE_SMS");
        public const string SmsUnavailableId = "NOTIFY-SmsUnavailable";
        public static readonly ErrorCode SmsUnavailable = new(SmsUnavailableId, ErrorKind.Unimplemented, "A password reset by SMS (TYPE_SMS, NOTIFICATION_TYPE_SMS) is not offered");
    }

    /// <summary>Request validation.</summary>
    public static class Validation
    {
        public const string InvalidArgumentId = "VALIDATION-InvalidArgument";
        public static readonly ErrorCode InvalidArgument = new(InvalidArgumentId, ErrorKind.InvalidArgument, "Summary: the request breaks one or more validation rules (one detail per violation)");
    }

    /// <summary>Every entry of the catalogue, in declaration order.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } = typeof(Errors)
        .GetNestedTypes()
        .SelectMany(group => group.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(field => field.FieldType == typeof(ErrorCode))
        .Select(field => (ErrorCode)field.GetValue(null)!)
        .ToList();

    /// <summary>The entry with this id, or null.</summary>
    public static ErrorCode? Find(string id) => All.FirstOrDefault(e => e.Id == id);
}
