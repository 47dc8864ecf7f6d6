using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Domain.Users;

/// <summary>A human or machine user of one organization.</summary>
public sealed class User : AggregateRoot
{
    public const int MaxUserNameLength = 200;

    /// <summary>Longest user id (generated ids are numeric; client-chosen ids use <see cref="IsWellFormedId"/>'s alphabet).</summary>
    public const int MaxIdLength = 200;

    /// <summary>UTF-16 units of the folded user name (NFKC and upper-casing can lengthen a name).</summary>
    public const int MaxUserNameKeyLength = 600;

    private User(UserId id, OrgId orgId, string userName, UserType type, UserState state)
    {
        Id = id;
        OrgId = orgId;
        UserName = userName;
        UserNameKey = NormalizeUserName(userName);
        Type = type;
        State = state;
    }

    public UserId Id { get; private set; }

    public OrgId OrgId { get; private set; }

    public string UserName { get; private set; }

    /// <summary>The user name folded for the case-insensitive uniqueness within the org.</summary>
    public string UserNameKey { get; private set; }

    public UserType Type { get; private set; }

    public UserState State { get; private set; }

    public HumanProfile? Human { get; private set; }

    public MachineProfile? Machine { get; private set; }

    /// <summary>PasswordHasher output; never logged, never in an event.</summary>
    public string? PasswordHash { get; private set; }

    public bool PasswordChangeRequired { get; private set; }

    public DateTimeOffset? PasswordChangedAt { get; private set; }

    /// <summary>
    /// When the current password, set by an administrator with change required and never used since, stops
    /// working for sign-in; null when it does not expire (imported, self-set, by reset code, already used once,
    /// or the lifetime is 0).
    /// </summary>
    public DateTimeOffset? InitialPasswordExpiresAt { get; private set; }

    private readonly List<PasswordHistoryEntry> _passwordHistory = [];

    /// <summary>
    /// Hashes of former passwords (not the current one), kept for the password history rule: at most the
    /// configured depth minus one (the current password counts as one). Secrets like <see cref="PasswordHash"/>.
    /// </summary>
    public IReadOnlyList<PasswordHistoryEntry> PasswordHistory => _passwordHistory;

    /// <summary>Wrong attempts a password reset code survives; the last one voids it.</summary>
    public const int MaxPasswordCodeAttempts = 5;

    /// <summary>SHA-256 (hex) of the open password reset code, or null; never the code, never logged or in an event.</summary>
    public string? PasswordCodeHash { get; private set; }

    public DateTimeOffset? PasswordCodeExpiresAt { get; private set; }

    /// <summary>Wrong attempts on the open code.</summary>
    public int PasswordCodeFailedAttempts { get; private set; }

    /// <summary>
    /// SHA-256 (hex) of a machine user's client secret (GenerateMachineSecret), or null; never the secret, never logged
    /// or in an event. A user has at most one secret: a new one replaces it.
    /// </summary>
    public string? MachineSecretHash { get; private set; }

    /// <summary>Whether the machine user has a client secret (<c>Machine.has_secret</c>).</summary>
    public bool HasMachineSecret => MachineSecretHash is not null;

    protected override string AggregateType => "user";

    protected override string AggregateId => Id.Value;

    protected override string ResourceOwnerId => OrgId.Value;

    public static string NormalizeUserName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return userName.Trim().Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();
    }

    /// <summary>
    /// Imports a human. With a password the user is active (the password passed the same rules as
    /// <see cref="SetInitialPassword"/>); without one the user stays in the initial state. A new user has no
    /// password history, and an imported password never expires unused, even with change required (migrated
    /// users would otherwise be locked out).
    /// </summary>
    public static User ImportHuman(
        UserId id,
        OrgId orgId,
        string userName,
        HumanProfile profile,
        string? password,
        bool passwordChangeRequired,
        PasswordPolicy policy,
        Func<NormalizedPassword, string> hash,
        DateTimeOffset now,
        string editorId)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(hash);
        var user = NewHuman(id, orgId, userName, profile);
        if (!string.IsNullOrEmpty(password))
        {
            var normalized = policy.Validate(password, user.PersonalInformation());
            user.SetImportedPassword(hash(normalized), passwordChangeRequired, now);
        }

        user.RaiseHumanAdded(now, editorId);
        return user;
    }

    /// <summary>
    /// Imports a human with a password hash made elsewhere (a bcrypt hash, stored as it is): the user is
    /// active. The password policy cannot be checked against a hash; the first successful sign-in
    /// replaces the hash with this service's own (<see cref="UpgradePasswordHash"/>).
    /// </summary>
    public static User ImportHumanWithPasswordHash(
        UserId id,
        OrgId orgId,
        string userName,
        HumanProfile profile,
        BcryptHash passwordHash,
        bool passwordChangeRequired,
        DateTimeOffset now,
        string editorId)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(passwordHash);
        var user = NewHuman(id, orgId, userName, profile);
        user.SetImportedPassword(passwordHash.Value, passwordChangeRequired, now);
        user.RaiseHumanAdded(now, editorId);
        return user;
    }

    private static User NewHuman(UserId id, OrgId orgId, string userName, HumanProfile profile)
    {
        EnsureWellFormedId(id);
        EnsureAllowedText(
            (userName, "user_name"),
            (profile.FirstName, "profile.first_name"),
            (profile.LastName, "profile.last_name"),
            (profile.NickName, "profile.nick_name"),
            (profile.DisplayName, "profile.display_name"),
            (profile.PreferredLanguage, "profile.preferred_language"),
            (profile.Email, "email.email"),
            (profile.Phone, "phone.phone"));
        return new User(id, orgId, RequireUserName(userName), UserType.Human, UserState.Initial) { Human = profile };
    }

    private void SetImportedPassword(string passwordHash, bool changeRequired, DateTimeOffset now)
    {
        PasswordHash = passwordHash;
        PasswordChangeRequired = changeRequired;
        PasswordChangedAt = now;
        State = UserState.Active;
    }

    private void RaiseHumanAdded(DateTimeOffset now, string editorId)
    {
        var profile = Human!;
        Raise(
            new HumanUserAdded(UserName, profile.FirstName, profile.LastName, profile.DisplayName, profile.Email, PasswordHash is not null, PasswordChangeRequired),
            now,
            editorId);
    }

    public static User CreateMachine(UserId id, OrgId orgId, string userName, MachineProfile machine, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(machine);
        EnsureWellFormedId(id);
        EnsureAllowedText((userName, "user_name"), (machine.Name, "name"), (machine.Description, "description"));
        var user = new User(id, orgId, RequireUserName(userName), UserType.Machine, UserState.Active) { Machine = machine };
        user.Raise(new MachineUserAdded(user.UserName, machine.Name, machine.Description), now, editorId);
        return user;
    }

    /// <summary>
    /// SetHumanInitialPassword, docs/rules.md steps 6-10: human only, not deactivated, the policy holds
    /// (every violation reported), then hash and apply. Nothing is hashed when a rule fails.
    /// </summary>
    public void SetInitialPassword(string password, PasswordPolicy policy, Func<NormalizedPassword, string> hash, DateTimeOffset now, string editorId)
    {
        ApplyNewPassword(password, changeRequired: true, expires: true, policy, hash, now);
        Raise(new InitialPasswordSet(ChangeRequired: true), now, editorId);
    }

    /// <summary>
    /// SetHumanPassword (v1) and SetPassword (v2): a new password, by an administrator or by the user itself
    /// (<paramref name="setBy"/>), under the same rules as <see cref="SetInitialPassword"/> (human only, not
    /// removed, not deactivated, the policy with normalization, strength and personal information). The
    /// forced-change flag becomes <paramref name="changeRequired"/>: a user that sets its own password clears it.
    /// A user in the initial state becomes active. One event, <see cref="PasswordChanged"/>, never with the password.
    /// </summary>
    public void SetPassword(
        string password,
        bool changeRequired,
        PasswordSetter setBy,
        PasswordPolicy policy,
        Func<NormalizedPassword, string> hash,
        DateTimeOffset now,
        string editorId)
    {
        // Only an administrator's password with change required expires unused; any other ends an expiry.
        ApplyNewPassword(password, changeRequired, expires: changeRequired && setBy == PasswordSetter.Administrator, policy, hash, now);
        Raise(new PasswordChanged(changeRequired, setBy), now, editorId);
    }

    /// <summary>
    /// PasswordReset and SendHumanResetPasswordNotification: opens a reset code, of which only
    /// <paramref name="codeHash"/> is kept, valid until <paramref name="expiresAt"/>. Human only, not removed, not
    /// deactivated. A code issued before is void from now on; the count of wrong attempts starts again.
    /// </summary>
    public void RequestPasswordReset(string codeHash, DateTimeOffset expiresAt, DateTimeOffset now, string editorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeHash);
        EnsureCanHavePassword();
        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "A reset code must expire after it was issued.");
        }

        PasswordCodeHash = codeHash;
        PasswordCodeExpiresAt = expiresAt;
        PasswordCodeFailedAttempts = 0;
        Raise(new PasswordCodeAdded(expiresAt), now, editorId);
    }

    /// <summary>
    /// PasswordReset with send_link and SendHumanResetPasswordNotification by email: records the request
    /// (<see cref="PasswordResetEmailRequested"/>, with the request's link template if it named one). No code is
    /// issued here: the notification sender issues one (<see cref="RequestPasswordReset"/>) when it sends the
    /// email, so a code never waits in the outbox. Human only, not removed, not deactivated.
    /// </summary>
    public void RequestPasswordResetEmail(string? urlTemplate, DateTimeOffset now, string editorId)
    {
        EnsureCanHavePassword();
        Raise(new PasswordResetEmailRequested(urlTemplate), now, editorId);
    }

    /// <summary>
    /// SetPassword with a reset code (the hash of the code as sent): when it matches the open code (compared in
    /// constant time) and has not expired, the new password is checked and set under the same rules as every
    /// other path (<see cref="SetPassword"/>), the code is used up, and the forced-change flag becomes
    /// <paramref name="changeRequired"/>. Otherwise nothing of the password changes and the failure is recorded
    /// (<see cref="PasswordCodeCheckFailed"/>: a wrong code counts, the <see cref="MaxPasswordCodeAttempts"/>th
    /// voids the code; an expired one is voided): the caller must persist it and answer USER-ResetCodeInvalid
    /// whatever the reason. Returns whether the password was set.
    /// </summary>
    public bool ResetPasswordWithCode(
        string codeHash,
        string password,
        bool changeRequired,
        PasswordPolicy policy,
        Func<NormalizedPassword, string> hash,
        DateTimeOffset now,
        string editorId)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        EnsureCanHavePassword();
        if (PasswordCodeHash is null || PasswordCodeExpiresAt is null)
        {
            Raise(new PasswordCodeCheckFailed(PasswordCodeFailure.NoCode, PasswordCodeFailedAttempts, Voided: false), now, editorId);
            return false;
        }

        var matches = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(PasswordCodeHash), System.Text.Encoding.UTF8.GetBytes(codeHash));
        if (PasswordCodeExpiresAt <= now)
        {
            var attempts = PasswordCodeFailedAttempts;
            ClearPasswordCode();
            Raise(new PasswordCodeCheckFailed(PasswordCodeFailure.Expired, attempts, Voided: true), now, editorId);
            return false;
        }

        if (!matches)
        {
            PasswordCodeFailedAttempts++;
            var attempts = PasswordCodeFailedAttempts;
            var voided = attempts >= MaxPasswordCodeAttempts;
            if (voided)
            {
                ClearPasswordCode();
            }

            Raise(new PasswordCodeCheckFailed(PasswordCodeFailure.Wrong, attempts, voided), now, editorId);
            return false;
        }

        SetPassword(password, changeRequired, PasswordSetter.ResetCode, policy, hash, now, editorId);
        return true;
    }

    private void ClearPasswordCode()
    {
        PasswordCodeHash = null;
        PasswordCodeExpiresAt = null;
        PasswordCodeFailedAttempts = 0;
    }

    private void EnsureCanHavePassword()
    {
        EnsureNotRemoved();
        if (Type != UserType.Human)
        {
            throw new DomainException(Errors.User.NotHuman, "The user is a machine user and cannot have a password");
        }

        if (State == UserState.Inactive)
        {
            throw new DomainException(Errors.User.Inactive, "The user is deactivated");
        }
    }

    /// <summary>
    /// The one path of every new password (initial, administrator, self, reset): the policy, then the history
    /// (the new password verified against the current hash and the kept ones, newest first), then the hash. The
    /// replaced hash joins the history, which is trimmed to the policy's depth (the current password counts as one).
    /// </summary>
    private void ApplyNewPassword(
        string password, bool changeRequired, bool expires, PasswordPolicy policy, Func<NormalizedPassword, string> hash, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(hash);
        EnsureCanHavePassword();
        var normalized = policy.Validate(password, PersonalInformation());
        policy.History.EnsureNotReused(normalized, RecentPasswordHashes());
        var previousHash = PasswordHash;
        var previousSetAt = PasswordChangedAt ?? now;
        PasswordHash = hash(normalized);
        KeepInHistory(previousHash, previousSetAt, policy.History.Depth);
        PasswordChangeRequired = changeRequired;
        PasswordChangedAt = now;
        InitialPasswordExpiresAt = expires && policy.InitialPasswordLifetime > TimeSpan.Zero ? now + policy.InitialPasswordLifetime : null;

        // Any new password (initial, administrator, self, reset) voids an open reset code.
        ClearPasswordCode();
        if (State == UserState.Initial)
        {
            State = UserState.Active;
        }
    }

    /// <summary>The current hash, then the kept ones, newest first.</summary>
    private IEnumerable<string> RecentPasswordHashes()
    {
        if (PasswordHash is not null)
        {
            yield return PasswordHash;
        }

        foreach (var entry in _passwordHistory.OrderByDescending(e => e.Number))
        {
            yield return entry.Hash;
        }
    }

    /// <summary>Keeps the replaced hash (if any) and trims the history to <paramref name="depth"/> - 1 former passwords.</summary>
    private void KeepInHistory(string? previousHash, DateTimeOffset previousSetAt, int depth)
    {
        if (previousHash is not null && depth > 1)
        {
            var number = _passwordHistory.Count == 0 ? 1 : _passwordHistory.Max(e => e.Number) + 1;
            _passwordHistory.Add(new PasswordHistoryEntry(number, previousHash, previousSetAt));
        }

        var keep = Math.Max(depth - 1, 0);
        foreach (var old in _passwordHistory.OrderByDescending(e => e.Number).Skip(keep).ToList())
        {
            _passwordHistory.Remove(old);
        }
    }

    /// <summary>Whether the current password is an unused initial password past its lifetime (sign-in refuses it after it matched).</summary>
    public bool InitialPasswordHasExpired(DateTimeOffset now) => InitialPasswordExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>
    /// Sign-in, after the password matched and <see cref="InitialPasswordHasExpired"/> said no: the first use of an
    /// expiring initial password ends its expiry (the change stays required) and is recorded
    /// (<see cref="InitialPasswordUsed"/>). Returns whether this was that first use.
    /// </summary>
    public bool UseInitialPassword(DateTimeOffset now, string editorId)
    {
        if (InitialPasswordExpiresAt is null)
        {
            return false;
        }

        if (InitialPasswordHasExpired(now))
        {
            throw new InvalidOperationException("An expired initial password cannot be used.");
        }

        InitialPasswordExpiresAt = null;
        Raise(new InitialPasswordUsed(), now, editorId);
        return true;
    }

    /// <summary>
    /// Sign-in refused an expired initial password after it matched: records the refusal
    /// (<see cref="InitialPasswordExpired"/>; the caller commits it on its own, as the request fails). Returns
    /// false when the password no longer is an expired initial one (e.g. an administrator set a new one meanwhile).
    /// </summary>
    public bool RecordExpiredInitialPasswordRefused(DateTimeOffset now, string editorId)
    {
        if (InitialPasswordExpiresAt is not { } expiresAt || expiresAt > now)
        {
            return false;
        }

        Raise(new InitialPasswordExpired(expiresAt), now, editorId);
        return true;
    }

    /// <summary>
    /// Sign-in, after <paramref name="password"/> (as sent) matched the stored hash: when the check answered
    /// <see cref="PasswordVerification.SuccessRehashNeeded"/> (an imported bcrypt hash, or a hash weaker than
    /// the current setting), stores a fresh hash of the same password in its normal form. It is a change like
    /// any other: one sequence step and one event (<see cref="PasswordHashUpgraded"/>, no payload), so a
    /// concurrent password change conflicts instead of being overwritten with a hash of the old password, and
    /// the audit trail shows when an imported hash was retired. The password's change date, its
    /// change-required flag and the state stay as they are. Returns whether the hash was replaced.
    /// </summary>
    public bool UpgradePasswordHash(
        PasswordVerification verification, string password, Func<NormalizedPassword, string> hash, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(hash);
        if (verification != PasswordVerification.SuccessRehashNeeded)
        {
            return false;
        }

        EnsureNotRemoved();
        if (Type != UserType.Human || PasswordHash is null)
        {
            throw new InvalidOperationException("Only a human whose password was just verified can have its hash upgraded.");
        }

        PasswordHash = hash(PasswordPolicy.NormalizeVerified(password));
        Raise(new PasswordHashUpgraded(), now, editorId);
        return true;
    }

    /// <summary>
    /// Whether a password check of this user can succeed at all: a human that is not removed and has a
    /// password. For any other user (and for no user) the check verifies against a dummy hash and fails,
    /// with the same answer as a wrong password.
    /// </summary>
    public bool HasCheckablePassword => Type == UserType.Human && State != UserState.Removed && PasswordHash is not null;

    /// <summary>
    /// Sign-in, after the password was verified: a locked or deactivated user cannot sign in, each refused
    /// with its own id (only someone who knows the password learns the state).
    /// </summary>
    public void EnsureCanSignIn()
    {
        if (!HasCheckablePassword)
        {
            throw new InvalidOperationException("Only a user whose password was just verified can be signed in.");
        }

        switch (State)
        {
            case UserState.Locked:
                throw new DomainException(Errors.Command.UserLocked, "The user is locked");
            case UserState.Inactive:
                throw new DomainException(Errors.Session.UserInactive, "The user is deactivated");
        }
    }

    /// <summary>
    /// The lockout policy's lock after too many consecutive failed password checks: the user is locked by
    /// the system (<see cref="SystemEditor.Lockout"/>). Returns false when the user is not active (already
    /// locked, deactivated or removed), so that concurrent failures lock it once.
    /// </summary>
    public bool LockAfterFailedPasswordChecks(DateTimeOffset now)
    {
        if (State != UserState.Active)
        {
            return false;
        }

        Lock(now, SystemEditor.Lockout);
        return true;
    }

    /// <summary>Active or locked users can be deactivated; a deactivated user cannot sign in or get a password.</summary>
    public void Deactivate(DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        if (State == UserState.Inactive)
        {
            throw new DomainException(Errors.User.AlreadyInactive, "The user is already deactivated");
        }

        if (State == UserState.Initial)
        {
            throw new DomainException(Errors.User.CantDeactivateInitial, "A user in the initial state cannot be deactivated");
        }

        State = UserState.Inactive;
        Raise(new UserDeactivated(), now, editorId);
    }

    /// <summary>Back to active, or to initial for a human who never got a password.</summary>
    public void Reactivate(DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        if (State != UserState.Inactive)
        {
            throw new DomainException(Errors.User.NotInactive, "Only a deactivated user can be reactivated");
        }

        State = ActiveOrInitial;
        Raise(new UserReactivated(), now, editorId);
    }

    /// <summary>Where a lock or a deactivation ends: active, or initial for a human who never got a password.</summary>
    private UserState ActiveOrInitial => Type == UserType.Human && PasswordHash is null ? UserState.Initial : UserState.Active;

    /// <summary>Active or initial users can be locked; a locked user cannot sign in.</summary>
    public void Lock(DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        if (State is not (UserState.Active or UserState.Initial))
        {
            throw new DomainException(Errors.User.CantLock, "Only an active or initial user can be locked");
        }

        State = UserState.Locked;
        Raise(new UserLocked(), now, editorId);
    }

    /// <summary>Back to active, or to initial for a human who never got a password.</summary>
    public void Unlock(DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        if (State != UserState.Locked)
        {
            throw new DomainException(Errors.User.NotLocked, "The user is not locked");
        }

        State = ActiveOrInitial;
        Raise(new UserUnlocked(), now, editorId);
    }

    /// <summary>Removes the user for good: it is not found any more and its user name is free again in the org.</summary>
    public void Remove(DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        State = UserState.Removed;
        UserNameKey = RemovedUserNameKey(Id);
        MachineSecretHash = null;
        Raise(new UserRemoved(UserName), now, editorId);
    }

    /// <summary>The user-name key a removed user keeps: unique per user, and never equal to a live key (those are upper case).</summary>
    public static string RemovedUserNameKey(UserId id) => "removed:" + id.Value;

    /// <summary>Records that a personal access token was issued; only machine users get tokens.</summary>
    public PersonalAccessToken AddPersonalAccessToken(TokenId tokenId, string tokenHash, DateTimeOffset? expiresAt, DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        if (Type != UserType.Machine)
        {
            throw new DomainException(Errors.User.TokenMachineOnly, "Personal access tokens are only for machine users");
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new DomainException(Errors.User.TokenExpirationPast, "The expiration date must be in the future");
        }

        Raise(new PersonalAccessTokenAdded(tokenId.Value, expiresAt), now, editorId);
        return new PersonalAccessToken(tokenId, Id, tokenHash, expiresAt, now, Sequence);
    }

    /// <summary>Records that one of this user's tokens was revoked; the caller deletes the token in the same transaction.</summary>
    public void RemovePersonalAccessToken(PersonalAccessToken token, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(token);
        EnsureNotRemoved();
        if (token.UserId != Id)
        {
            throw new DomainException(Errors.User.TokenNotFound, "Personal access token could not be found");
        }

        Raise(new PersonalAccessTokenRemoved(token.Id.Value), now, editorId);
    }

    /// <summary>
    /// AddMachineKey: records a key of a machine user for the JWT-profile grant. The rules come first (a machine user
    /// that is not removed, <see cref="MachineKeyType.Json"/>, an expiration in the future or none:
    /// <see cref="MachineKey.NoExpiration"/>); only then is <paramref name="publicKey"/> asked for its PEM text (it
    /// parses a supplied key or generates a pair), so nothing is generated when a rule fails. The event holds the key's
    /// id, type and expiration, never key material.
    /// </summary>
    public MachineKey AddMachineKey(MachineKeyId keyId, MachineKeyType type, DateTimeOffset? expiresAt, Func<string> publicKey, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        EnsureMachine();
        if (type != MachineKeyType.Json)
        {
            throw new DomainException(Errors.User.KeyTypeInvalid, "type must be KEY_TYPE_JSON");
        }

        var expiry = MachineKey.ValidateExpiration(expiresAt, now);
        var pem = publicKey();
        Raise(new MachineKeyAdded(keyId.Value, type, expiry), now, editorId);
        return new MachineKey(keyId, Id, type, pem, expiry, now, Sequence);
    }

    /// <summary>RemoveMachineKey: records that one of this user's keys was removed; the caller deletes it in the same transaction.</summary>
    public void RemoveMachineKey(MachineKey key, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureNotRemoved();
        if (key.UserId != Id)
        {
            throw new DomainException(Errors.User.KeyNotFound, "Machine key could not be found");
        }

        Raise(new MachineKeyRemoved(key.Id.Value), now, editorId);
    }

    /// <summary>
    /// GenerateMachineSecret: the machine user's client secret is now the one of <paramref name="secretHash"/>; a secret
    /// it had is replaced (it stops working). The event says whether one was replaced, never the secret or its hash.
    /// </summary>
    public void SetMachineSecret(string secretHash, DateTimeOffset now, string editorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretHash);
        EnsureMachine();
        var replaced = MachineSecretHash is not null;
        MachineSecretHash = secretHash;
        Raise(new MachineSecretSet(replaced), now, editorId);
    }

    /// <summary>RemoveMachineSecret: the client secret stops working; a user without one answers <c>COMMAND-coi82n</c>, as upstream.</summary>
    public void RemoveMachineSecret(DateTimeOffset now, string editorId)
    {
        EnsureMachine();
        if (MachineSecretHash is null)
        {
            throw new DomainException(Errors.Command.MachineSecretNotFound, "The machine user has no secret");
        }

        MachineSecretHash = null;
        Raise(new MachineSecretRemoved(), now, editorId);
    }

    /// <summary>Keys and secrets, like personal access tokens, are only for machine users that are not removed.</summary>
    private void EnsureMachine()
    {
        EnsureNotRemoved();
        if (Type != UserType.Machine)
        {
            throw new DomainException(Errors.User.TokenMachineOnly, "Keys and secrets are only for machine users");
        }
    }

    /// <summary>
    /// UpdateUserName: the new name (trimmed) under the rules of a new user's name; the caller checks that its
    /// folded form is free in the org (unless only its case or compatibility form changes). The login names follow
    /// (they are computed from the name), so the user signs in with the new name from now on. Nothing changes
    /// when the name is exactly the current one (<see cref="Errors.Command.UserNameNotChanged"/>).
    /// </summary>
    public void ChangeUserName(string userName, DateTimeOffset now, string editorId)
    {
        EnsureNotRemoved();
        EnsureAllowedText((userName, "user_name"));
        var trimmed = RequireUserName(userName);
        if (string.Equals(trimmed, UserName, StringComparison.Ordinal))
        {
            throw new DomainException(Errors.Command.UserNameNotChanged, "The user name is the current one");
        }

        UserName = trimmed;
        UserNameKey = NormalizeUserName(trimmed);
        Raise(new UserNameChanged(trimmed), now, editorId);
    }

    /// <summary>
    /// UpdateHumanProfile: names, language and gender of a human (email and phone stay); nothing changes when
    /// every field is the current one (<see cref="Errors.Command.ProfileNotChanged"/>).
    /// </summary>
    public void ChangeProfile(
        string firstName, string lastName, string nickName, string displayName, string preferredLanguage, Gender gender, DateTimeOffset now, string editorId)
    {
        var human = RequireHuman();
        EnsureAllowedText(
            (firstName, "first_name"), (lastName, "last_name"), (nickName, "nick_name"), (displayName, "display_name"), (preferredLanguage, "preferred_language"));
        var changed = human with
        {
            FirstName = firstName,
            LastName = lastName,
            NickName = nickName,
            DisplayName = displayName,
            PreferredLanguage = preferredLanguage,
            Gender = gender,
        };
        if (changed == human)
        {
            throw new DomainException(Errors.Command.ProfileNotChanged, "The profile has not changed");
        }

        Human = changed;
        Raise(new HumanProfileChanged(firstName, lastName, nickName, displayName, preferredLanguage, gender), now, editorId);
    }

    /// <summary>
    /// UpdateHumanEmail, as upstream: a new address is unverified unless <paramref name="verified"/> says it is
    /// (it is never marked verified silently); the same address (ignoring case) only changes when an unverified
    /// one is now declared verified. Anything else changes nothing (<see cref="Errors.Command.EmailNotChanged"/>).
    /// </summary>
    public void ChangeEmail(string email, bool verified, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(email);
        var human = RequireHuman();
        EnsureAllowedText((email, "email"));
        if (string.Equals(email, human.Email, StringComparison.OrdinalIgnoreCase))
        {
            if (!verified || human.IsEmailVerified)
            {
                throw new DomainException(Errors.Command.EmailNotChanged, "The email address has not changed");
            }

            Human = human with { IsEmailVerified = true };
            Raise(new HumanEmailVerified(), now, editorId);
            return;
        }

        Human = human with { Email = email, IsEmailVerified = verified };
        Raise(new HumanEmailChanged(email, verified), now, editorId);
    }

    /// <summary>
    /// UpdateHumanPhone, as <see cref="ChangeEmail"/>: <paramref name="phone"/> in its normal form
    /// (<see cref="PhoneNumber.Normalize"/>); a new number is unverified unless <paramref name="verified"/> says so;
    /// the same number only changes when it is now declared verified (<see cref="Errors.Command.PhoneNotChanged"/>).
    /// </summary>
    public void ChangePhone(string phone, bool verified, DateTimeOffset now, string editorId)
    {
        var human = RequireHuman();
        var normalized = PhoneNumber.Normalize(phone)
            ?? throw new DomainException(Errors.User.PhoneInvalid, PhoneNumber.Rule);
        if (string.Equals(normalized, human.Phone, StringComparison.Ordinal))
        {
            if (!verified || human.IsPhoneVerified)
            {
                throw new DomainException(Errors.Command.PhoneNotChanged, "The phone number has not changed");
            }

            Human = human with { IsPhoneVerified = true };
            Raise(new HumanPhoneVerified(), now, editorId);
            return;
        }

        Human = human with { Phone = normalized, IsPhoneVerified = verified };
        Raise(new HumanPhoneChanged(normalized, verified), now, editorId);
    }

    /// <summary>The human profile of a user that is not removed; a machine user has none (<see cref="Errors.User.NotHuman"/>).</summary>
    private HumanProfile RequireHuman()
    {
        EnsureNotRemoved();
        return Human ?? throw new DomainException(Errors.User.NotHuman, "The user is a machine user and has no profile, email or phone");
    }

    /// <summary>
    /// SetUserMetadata and BulkSetUserMetadata: adds or changes the entries (a key given twice: the last value wins),
    /// all or nothing. <paramref name="current"/> are all of the user's entries (tracked: changed ones are updated in
    /// place); the new ones are returned for the caller to add. Each entry is checked (key 1..200 code points of allowed
    /// text, value 1..500,000 bytes), then the user's totals after the change (<paramref name="limits"/>). One event,
    /// <see cref="UserMetadataSet"/>, with the keys and never the values; every entry set gets the new sequence.
    /// </summary>
    public IReadOnlyList<UserMetadata> SetMetadata(
        IReadOnlyCollection<UserMetadata> current,
        IReadOnlyList<KeyValuePair<string, byte[]>> entries,
        MetadataLimits limits,
        DateTimeOffset now,
        string editorId)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(limits);
        EnsureNotRemoved();
        if (entries.Count == 0)
        {
            throw new DomainException(Errors.Metadata.NoData, "No metadata given");
        }

        var wanted = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var (key, value) in entries)
        {
            EnsureValidKey(key);
            if (!MetadataLimits.IsValueLengthValid(value))
            {
                throw new DomainException(Errors.Metadata.ValueInvalid, $"A metadata value must be 1 to {MetadataLimits.MaxValueBytes} bytes");
            }

            if (wanted.TryAdd(key, value))
            {
                keys.Add(key);
            }
            else
            {
                wanted[key] = value;
            }
        }

        var after = current.ToDictionary(m => m.Key, m => (long)m.Value.Length, StringComparer.Ordinal);
        foreach (var (key, value) in wanted)
        {
            after[key] = value.Length;
        }

        if (after.Count > limits.MaxKeysPerUser)
        {
            throw new DomainException(Errors.Metadata.TooManyKeys, $"A user has at most {limits.MaxKeysPerUser} metadata keys");
        }

        if (after.Values.Sum() > limits.MaxBytesPerUser)
        {
            throw new DomainException(Errors.Metadata.TooLarge, $"The metadata values of a user have at most {limits.MaxBytesPerUser} bytes in all");
        }

        Raise(new UserMetadataSet(keys), now, editorId);
        var byKey = current.ToDictionary(m => m.Key, StringComparer.Ordinal);
        var added = new List<UserMetadata>();
        foreach (var key in keys)
        {
            if (byKey.TryGetValue(key, out var existing))
            {
                existing.Change(wanted[key], now, Sequence);
            }
            else
            {
                added.Add(new UserMetadata(Id, key, wanted[key], now, Sequence));
            }
        }

        return added;
    }

    /// <summary>
    /// RemoveUserMetadata and BulkRemoveUserMetadata: removes the entries of <paramref name="keys"/> (a key given twice
    /// counts once), all or nothing: a key the user does not have fails the whole call (METADATA-NotFound, as upstream's
    /// bulk remove). Returns the entries for the caller to delete; one event, <see cref="UserMetadataRemoved"/>.
    /// </summary>
    public IReadOnlyList<UserMetadata> RemoveMetadata(IReadOnlyCollection<UserMetadata> current, IReadOnlyList<string> keys, DateTimeOffset now, string editorId)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(keys);
        EnsureNotRemoved();
        if (keys.Count == 0)
        {
            throw new DomainException(Errors.Metadata.NoData, "No metadata key given");
        }

        var byKey = current.ToDictionary(m => m.Key, StringComparer.Ordinal);
        var removed = new List<UserMetadata>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            EnsureValidKey(key);
            if (!byKey.TryGetValue(key, out var entry))
            {
                throw new DomainException(Errors.Metadata.NotFound, "Metadata could not be found");
            }

            removed.Add(entry);
        }

        Raise(new UserMetadataRemoved([.. removed.Select(m => m.Key)]), now, editorId);
        return removed;
    }

    private static void EnsureValidKey(string? key)
    {
        if (!MetadataLimits.IsKeyLengthValid(key))
        {
            throw new DomainException(Errors.Metadata.KeyInvalid, $"A metadata key must be 1 to {MetadataLimits.MaxKeyLength} characters");
        }

        Text.EnsureAllowed(key, "key");
    }

    /// <summary>User name, email local part, first and last name: what a password must not contain.</summary>
    public IEnumerable<string?> PersonalInformation() =>
        [UserName, Human?.EmailLocalPart, Human?.FirstName, Human?.LastName];

    private void EnsureNotRemoved()
    {
        if (State == UserState.Removed)
        {
            throw new DomainException(Errors.User.NotFound, "User could not be found");
        }
    }

    /// <summary>
    /// The alphabet of user ids: 1 to <see cref="MaxIdLength"/> ASCII letters, digits, '_' and '-'. Generated
    /// ids (numeric) have it; a client-chosen id (AddMachineUser's user_id) must have it.
    /// </summary>
    public static bool IsWellFormedId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static void EnsureWellFormedId(UserId id)
    {
        if (!IsWellFormedId(id.Value))
        {
            throw new DomainException(Errors.User.UserIdInvalid, $"user_id must be 1 to {MaxIdLength} characters of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    private static void EnsureAllowedText(params (string? Value, string Field)[] fields)
    {
        foreach (var (value, field) in fields)
        {
            Text.EnsureAllowed(value, field);
        }
    }

    private static string RequireUserName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var trimmed = userName.Trim();
        if (Text.CodePoints(trimmed) is 0 or > MaxUserNameLength || NormalizeUserName(trimmed).Length > MaxUserNameKeyLength)
        {
            throw new DomainException(Errors.User.UserNameInvalid, $"User name must be 1 to {MaxUserNameLength} characters");
        }

        return trimmed;
    }
}
