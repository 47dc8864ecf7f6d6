using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Sessions;
using Identity.Domain.Users;

namespace Identity.Application.Abstractions;

internal interface IOrganizationRepository
{
    Task<Organization?> GetAsync(OrgId id, CancellationToken cancellationToken);

    Task<bool> AnyAsync(CancellationToken cancellationToken);

    Task<bool> DomainTakenAsync(string primaryDomain, CancellationToken cancellationToken);

    void Add(Organization organization);
}

internal interface IUserRepository
{
    /// <summary>The user, if it exists in that org (removed users included; callers decide).</summary>
    Task<User?> GetAsync(OrgId orgId, UserId id, CancellationToken cancellationToken);

    /// <summary>The user by id in any org: for authentication, and to find the org of a v2 request's user (<see cref="Common.ITenantFromUser"/>).</summary>
    Task<User?> FindAsync(UserId id, CancellationToken cancellationToken);

    Task<bool> UserNameTakenAsync(OrgId orgId, string userNameKey, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(UserId id, CancellationToken cancellationToken);

    /// <summary>
    /// The user with this computed login name (<c>user name@primary domain</c>): <paramref name="primaryDomain"/>
    /// in lower case, <paramref name="userNameKey"/> as <see cref="User.NormalizeUserName"/> folds it; only in
    /// an org that is not removed. Removed users never match (their key is released).
    /// </summary>
    Task<User?> FindByLoginNameAsync(string primaryDomain, string userNameKey, CancellationToken cancellationToken);

    /// <summary>Whether a user of the org that is not removed has this email address, ignoring case.</summary>
    Task<bool> EmailTakenAsync(OrgId orgId, string email, CancellationToken cancellationToken);

    /// <summary>
    /// Every user with this computed login name in any org that is not removed, as <see cref="FindByLoginNameAsync"/>
    /// matches (read-only; orgs may share a primary domain, so there can be several).
    /// </summary>
    Task<IReadOnlyList<User>> ListByLoginNameAsync(string primaryDomain, string userNameKey, CancellationToken cancellationToken);

    /// <summary>
    /// The user whose machine secret has this hash (<see cref="User.MachineSecretHash"/>), in any org, or null (read-only):
    /// a presented secret is looked up by its hash, never compared as a string.
    /// </summary>
    Task<User?> FindByMachineSecretHashAsync(string secretHash, CancellationToken cancellationToken);

    /// <summary>The users of these ids that exist, in any org (read-only, e.g. editors of changes).</summary>
    Task<IReadOnlyList<User>> FindManyAsync(IReadOnlyCollection<UserId> ids, CancellationToken cancellationToken);

    void Add(User user);
}

/// <summary>
/// ListUsers in the database: the users of one org that are not removed and match every condition, one page in
/// the asked order (ties broken by id), and the number of all matches. Comparisons are ordinal; "ignore case" folds
/// as <see cref="User.NormalizeUserName"/> for user names and by upper-casing each character (invariant) elsewhere.
/// </summary>
internal interface IUserSearch
{
    Task<UserSearchPage> SearchAsync(UserSearchRequest request, CancellationToken cancellationToken);
}

/// <param name="PrimaryDomain">The org's primary domain: a login name is <c>user name@primary domain</c>.</param>
internal sealed record UserSearchRequest(
    OrgId OrgId,
    string PrimaryDomain,
    IReadOnlyList<Users.ListUsers.UserCondition> Conditions,
    Users.ListUsers.UserSortColumn SortBy,
    bool Asc,
    int Offset,
    int Limit);

internal sealed record UserSearchPage(IReadOnlyList<User> Users, long Total);

internal interface IMembershipRepository
{
    /// <summary>Every role the user holds in any of the scopes (org ids or <see cref="Membership.InstanceScope"/>).</summary>
    Task<IReadOnlyList<string>> GetRolesAsync(UserId userId, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string scope, UserId userId, CancellationToken cancellationToken);

    /// <summary>Every membership of the user, in every scope (tracked: they can be removed).</summary>
    Task<IReadOnlyList<Membership>> ListOfUserAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>Every membership in one scope (tracked: they can be touched or removed).</summary>
    Task<IReadOnlyList<Membership>> ListInScopeAsync(string scope, CancellationToken cancellationToken);

    void Add(Membership membership);

    void Remove(Membership membership);
}

internal interface IPersonalAccessTokenRepository
{
    Task<PersonalAccessToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>One token of the user (tracked: it can be removed), or null.</summary>
    Task<PersonalAccessToken?> GetAsync(UserId userId, TokenId tokenId, CancellationToken cancellationToken);

    /// <summary>A page of the user's tokens by creation (read-only) and how many the user has in all.</summary>
    Task<(IReadOnlyList<PersonalAccessToken> Page, long Total)> ListOfUserAsync(UserId userId, long offset, int limit, bool ascending, CancellationToken cancellationToken);

    /// <summary>Every token of the user (tracked: they can be removed).</summary>
    Task<IReadOnlyList<PersonalAccessToken>> AllOfUserAsync(UserId userId, CancellationToken cancellationToken);

    void Add(PersonalAccessToken token);

    void Remove(PersonalAccessToken token);
}

/// <summary>The public keys of machine users (JWT profile).</summary>
internal interface IMachineKeyRepository
{
    /// <summary>One key of the user (tracked: it can be removed), or null.</summary>
    Task<MachineKey?> GetAsync(UserId userId, MachineKeyId keyId, CancellationToken cancellationToken);

    /// <summary>One key of the user that has not expired at <paramref name="now"/> (read-only), or null: what a JWT-profile assertion is verified with.</summary>
    Task<MachineKey?> FindActiveAsync(UserId userId, MachineKeyId keyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A page of the user's keys by creation (read-only) and how many the user has in all.</summary>
    Task<(IReadOnlyList<MachineKey> Page, long Total)> ListOfUserAsync(UserId userId, long offset, int limit, bool ascending, CancellationToken cancellationToken);

    /// <summary>Every key of the user (tracked: they can be removed).</summary>
    Task<IReadOnlyList<MachineKey>> AllOfUserAsync(UserId userId, CancellationToken cancellationToken);

    void Add(MachineKey key);

    void Remove(MachineKey key);
}

/// <summary>One RSA key of the OAuth token endpoint: its <c>kid</c> and the key (with its private part where this replica can sign with it).</summary>
internal sealed record OAuthSigningKey(string KeyId, System.Security.Cryptography.RSA Rsa);

/// <summary>
/// The keys the OAuth token endpoint signs access tokens with (RS256). They are generated on first use, stored in the
/// database so that every replica signs and verifies with the same keys, rotated on a schedule, and kept for
/// verification until the last token signed with them has expired.
/// </summary>
internal interface IOAuthSigningKeys
{
    /// <summary>The key new access tokens are signed with (a new one is made when there is none that may still sign).</summary>
    ValueTask<OAuthSigningKey> SigningKeyAsync(CancellationToken cancellationToken);

    /// <summary>Every key a live access token may be signed with (what <c>/oauth/v2/keys</c> publishes).</summary>
    ValueTask<IReadOnlyList<OAuthSigningKey>> VerificationKeysAsync(CancellationToken cancellationToken);

    /// <summary>The key <paramref name="keyId"/> while tokens signed with it may live; an unknown id reloads the keys once (another replica's new key), at most every few seconds.</summary>
    ValueTask<OAuthSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken);
}

/// <summary>The <c>jti</c> values of JWT-profile assertions already used, shared by the replicas.</summary>
internal interface IAssertionReplayGuard
{
    /// <summary>True the first time (<paramref name="issuer"/>, <paramref name="jti"/>) is used; false on a replay. Kept until <paramref name="expiresAt"/>.</summary>
    Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}

/// <summary>
/// RSA keys of machine users: a new pair for AddMachineKey without a public key, and the check of a supplied one.
/// </summary>
internal interface IMachineKeyCrypto
{
    /// <summary>
    /// A new RSA 2048 pair: the private key as PKCS#1 PEM (<c>RSA PRIVATE KEY</c>, as upstream's key file holds it; handed
    /// out once, never stored) and the public key as SubjectPublicKeyInfo PEM (<c>PUBLIC KEY</c>, stored).
    /// </summary>
    GeneratedMachineKey Generate();

    /// <summary>
    /// The stored form (SubjectPublicKeyInfo PEM) of a supplied public key: PEM text of an RSA public key
    /// (<c>PUBLIC KEY</c> or <c>RSA PUBLIC KEY</c>) of 2048 to 8192 bits. Anything else throws a
    /// <see cref="DomainException"/> (InvalidArgument <c>COMMAND-5F3h1</c>) whose message never echoes the input.
    /// </summary>
    string NormalizePublicKey(ReadOnlySpan<byte> pem);
}

/// <summary>A generated key pair; <see cref="ToString"/> never shows the private key.</summary>
internal sealed record GeneratedMachineKey(string PrivateKeyPem, string PublicKeyPem)
{
    public override string ToString() => nameof(GeneratedMachineKey);
}

/// <summary>
/// Client secrets of machine users: 64 characters of <c>[A-Za-z0-9]</c> from a CSPRNG (upstream's default for client
/// secrets), stored only as their SHA-256. A random secret of about 381 bits needs no slow hash; a fast one keeps the
/// client-credentials grant from being a CPU sink, and lets a presented secret be looked up by its hash.
/// </summary>
internal interface IMachineSecrets
{
    /// <summary>A new secret (answered once) and its hash (stored).</summary>
    (string Secret, string Hash) Generate();

    /// <summary>The stored hash of a presented secret, or null when it cannot be one of ours (empty, or absurdly long).</summary>
    string? HashOf(string secret);
}

/// <summary>The metadata entries of users (a user has few: Identity:Limits:MetadataKeysPerUser).</summary>
internal interface IUserMetadataRepository
{
    /// <summary>Every entry of the user (tracked: they can be changed or removed).</summary>
    Task<IReadOnlyList<UserMetadata>> AllOfUserAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>The entry of the user with exactly this key (read-only), or null.</summary>
    Task<UserMetadata?> GetAsync(UserId userId, string key, CancellationToken cancellationToken);

    void Add(UserMetadata entry);

    void Remove(UserMetadata entry);
}

internal interface ISessionRepository
{
    /// <summary>The session (tracked: it can be changed or removed), or null.</summary>
    Task<Session?> GetAsync(SessionId id, CancellationToken cancellationToken);

    /// <summary>
    /// A page of sessions by creation (read-only) and how many match in all: those of <paramref name="ids"/>
    /// (when given) and of <paramref name="userId"/> (when given); when <paramref name="visibleTo"/> is given,
    /// only sessions it created or whose user it is.
    /// </summary>
    Task<(IReadOnlyList<Session> Page, long Total)> ListAsync(
        IReadOnlyCollection<SessionId>? ids, UserId? userId, string? visibleTo, DateTimeOffset notExpiredAt, long offset, int limit, bool ascending, CancellationToken cancellationToken);

    void Add(Session session);

    void Remove(Session session);
}

/// <summary>
/// Consecutive failed password checks per user (the lockout policy's count). Each call is its own
/// committed statement, outside the request's unit of work: a failed check counts even though its request
/// answers an error, and concurrent failures never lose a count.
/// </summary>
internal interface IPasswordCheckFailures
{
    /// <summary>Adds one failed check and answers the user's count since its last successful check or unlock.</summary>
    Task<long> AddAsync(UserId userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The user's current count (0 when none).</summary>
    Task<long> CountAsync(UserId userId, CancellationToken cancellationToken);

    /// <summary>Starts the user's count again at 0.</summary>
    Task ResetAsync(UserId userId, CancellationToken cancellationToken);
}

/// <summary>
/// One transaction per command. <see cref="SaveChangesAsync"/> writes state and events atomically and
/// throws <see cref="ConcurrencyConflictException"/> when another writer got there first.
/// </summary>
internal interface IUnitOfWork
{
    Task SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>Forgets everything loaded or changed, so that a retry starts from the stored state.</summary>
    void Reset();
}

/// <summary>Thrown by the unit of work on an optimistic-concurrency or uniqueness conflict.</summary>
internal sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>One-way, salted, slow password hashing.</summary>
internal interface IPasswordHasher
{
    string Hash(string normalizedPassword);

    /// <summary>
    /// Checks <paramref name="password"/>, as the user sent it, against a stored hash: this service's own
    /// hashes are checked against its normal form (<see cref="Domain.Passwords.PasswordPolicy.NormalForm"/>, as they
    /// were made), imported bcrypt hashes against the password as sent (other systems hash it without
    /// normalizing). <see cref="PasswordVerification.SuccessRehashNeeded"/> asks the caller to store a fresh
    /// <see cref="Hash"/> of the same password (see <see cref="User.UpgradePasswordHash"/>).
    /// </summary>
    PasswordVerification Verify(string hash, string password);
}

/// <summary>
/// Admission to password hashing. A lease is held while one password call runs; a refusal is a
/// <see cref="DomainException"/> (ResourceExhausted <c>API-RateLimited</c> for a caller or org past its
/// budget, Unavailable <c>API-Overloaded</c> when the hashing queue is full) with a
/// <see cref="DomainException.RetryAfter"/>.
/// </summary>
internal interface IPasswordCallGate
{
    ValueTask<IDisposable> EnterAsync(UserId caller, OrgId org, CancellationToken cancellationToken);

    /// <summary>
    /// Admission of one password check (sign-in): only a hashing slot, shared with <see cref="EnterAsync"/>
    /// (503 <c>API-Overloaded</c> when the queue is full). The caller and org budgets do not apply, since one
    /// login client signs in every user; failed checks have their own budgets (<see cref="ISignInThrottle"/>).
    /// </summary>
    ValueTask<IDisposable> EnterCheckAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Budgets of failed password checks, so that online guessing is slow even when the lockout policy is 0
/// (never lock): per user (keyed by the user id or login name as sent, so an unknown user is limited like a
/// known one) and per source (<see cref="Common.RequestContext.Source"/>). A refusal is a
/// <see cref="DomainException"/> (ResourceExhausted <c>SESSION-TooManyFailedChecks</c>) with a
/// <see cref="DomainException.RetryAfter"/>. Kept in memory per replica.
/// </summary>
internal interface ISignInThrottle
{
    /// <summary>Throws when the user key or the source has no failed-check budget left; checks before any hashing.</summary>
    void EnsureAllowed(string userKey, string? source);

    /// <summary>Takes one failed check from both budgets.</summary>
    void RecordFailure(string userKey, string? source);
}

/// <summary>Time-ordered numeric string ids that stay unique across replicas.</summary>
internal interface IIdGenerator
{
    string NewId();
}

/// <summary>Opaque bearer tokens: generation and the one-way hash under which they are stored.</summary>
internal interface ITokenService
{
    /// <summary>A new random token (shown once) and its hash (stored).</summary>
    (string Token, string Hash) Generate();

    /// <summary>The stored hash of a presented token, or null when it cannot be one of ours.</summary>
    string? HashOf(string token);
}

/// <summary>
/// Password reset codes: random, short enough to type (upstream's default: 6 upper-case letters and digits),
/// stored only as a one-way hash; the attempt limit on the user makes up for the short code.
/// </summary>
internal interface IPasswordResetCodes
{
    /// <summary>A new random code (answered once) and its hash (stored).</summary>
    (string Code, string Hash) Generate();

    /// <summary>The hash of a presented code, as it would have been stored.</summary>
    string HashOf(string code);
}

/// <summary>Reads the audit trail (the events table).</summary>
internal interface IChangeReader
{
    /// <summary>
    /// Events of one aggregate after <paramref name="afterSequence"/> (ascending) or before it
    /// (descending; 0 means from the newest), at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<DomainEvent>> ListAsync(string aggregateType, string aggregateId, long afterSequence, int limit, bool ascending, CancellationToken cancellationToken);
}

/// <summary>Whether the database can be reached, and whether a failure means it could not be.</summary>
internal interface IDatabaseStatus
{
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);

    /// <summary>True when the exception (or one it wraps) says the database is down, unreachable or timed out.</summary>
    bool IsUnavailable(Exception exception);
}

/// <summary>
/// One plain-text email. Its body may hold a secret (a reset link): it is never logged, and
/// <see cref="ToString"/> leaves it out.
/// </summary>
internal sealed record EmailMessage(string To, string Subject, string TextBody)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("To = ").Append(To).Append(", Subject = ").Append(Subject).Append(", TextBody = (").Append(TextBody.Length).Append(" chars)");
        return true;
    }
}

/// <summary>
/// Sends email (over SMTP, <c>Identity:Smtp:*</c>). A caller checks <see cref="IsConfigured"/> first and answers
/// FailedPrecondition when it is false; sending through a sender that is not configured throws
/// <see cref="InvalidOperationException"/>.
/// </summary>
internal interface IEmailSender
{
    /// <summary>False when no SMTP server is configured (no <c>Identity:Smtp:Host</c>).</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Hands the message to the SMTP server. Throws <see cref="TransientEmailException"/> when a later attempt may
    /// succeed (server down or unreachable, timeout, a 4xx answer, TLS or login not possible) and
    /// <see cref="PermanentEmailException"/> when the server refused this message for good (a 5xx answer to its
    /// recipient or content).
    /// </summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>A failed email delivery. Its message names the server and the reason, never the body or a password.</summary>
internal abstract class EmailDeliveryException : Exception
{
    protected EmailDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The message was not delivered, and sending it again later may work: keep it and retry.</summary>
internal sealed class TransientEmailException : EmailDeliveryException
{
    public TransientEmailException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The server refused this message for good (e.g. 550, recipient unknown): retrying will not help.</summary>
internal sealed class PermanentEmailException : EmailDeliveryException
{
    public PermanentEmailException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
