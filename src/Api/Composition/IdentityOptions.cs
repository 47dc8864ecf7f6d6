using Identity.Domain.Passwords;
using Identity.Infrastructure;
using Identity.Infrastructure.Security;

namespace Identity.Api.Composition;

/// <summary>The <c>Identity</c> configuration section. Every key is documented in the README.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public DatabaseOptions Database { get; set; } = new();

    public PasswordOptions Passwords { get; set; } = new();

    public InstanceOptions Instance { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public SessionOptions Sessions { get; set; } = new();

    public CorsOptions Cors { get; set; } = new();

    public OAuthOptions OAuth { get; set; } = new();

    /// <summary>Reads and checks the section; a bad value stops start-up with a message naming its key.</summary>
    public static IdentityOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new IdentityOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Invalid configuration in section '{Section}': {ex.Message}", ex);
        }

        options.Validate();
        return options;
    }

    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.TryParse<DatabaseProvider>(Database.Provider, ignoreCase: true, out _))
        {
            errors.Add($"Identity:Database:Provider must be one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())} (was '{Database.Provider}')");
        }

        if (string.IsNullOrWhiteSpace(Database.ConnectionString))
        {
            errors.Add("Identity:Database:ConnectionString is required");
        }

        if (Passwords.HashIterations < 1)
        {
            errors.Add("Identity:Passwords:HashIterations must be at least 1");
        }
        else if (Passwords.HashIterations < PasswordOptions.MinimumHashIterations && !Passwords.AllowWeakHashingForTests)
        {
            errors.Add($"Identity:Passwords:HashIterations must be at least {PasswordOptions.MinimumHashIterations} (was {Passwords.HashIterations}); "
                + "only tests may go lower, with Identity:Passwords:AllowWeakHashingForTests=true");
        }

        if (Passwords.MinStrengthScore is < 0 or > PasswordPolicy.MaxStrengthScore)
        {
            errors.Add($"Identity:Passwords:MinStrengthScore must be between 0 (off) and {PasswordPolicy.MaxStrengthScore}");
        }

        var policy = Passwords.DefaultPolicy;
        if (policy.MinLength is < 1 or > PasswordComplexityPolicy.MaxLength)
        {
            errors.Add($"Identity:Passwords:DefaultPolicy:MinLength must be between 1 and {PasswordComplexityPolicy.MaxLength}");
        }

        if (Passwords.Lockout.MaxPasswordAttempts is < 0 or > uint.MaxValue)
        {
            errors.Add($"Identity:Passwords:Lockout:MaxPasswordAttempts must be between 0 (never lock) and {uint.MaxValue}");
        }

        if (Passwords.Lockout.MaxOtpAttempts is < 0 or > uint.MaxValue)
        {
            errors.Add($"Identity:Passwords:Lockout:MaxOtpAttempts must be between 0 (never lock) and {uint.MaxValue}");
        }

        if (Passwords.Age.MaxAgeDays is < 0 or > uint.MaxValue)
        {
            errors.Add($"Identity:Passwords:Age:MaxAgeDays must be between 0 (never expires) and {uint.MaxValue}");
        }

        if (Passwords.Age.ExpireWarnDays is < 0 or > uint.MaxValue)
        {
            errors.Add($"Identity:Passwords:Age:ExpireWarnDays must be between 0 and {uint.MaxValue}");
        }

        if (string.IsNullOrWhiteSpace(Instance.Domain))
        {
            errors.Add("Identity:Instance:Domain is required");
        }

        if (Passwords.ResetCodeLifetime < TimeSpan.FromSeconds(1) || Passwords.ResetCodeLifetime > TimeSpan.FromDays(7))
        {
            errors.Add("Identity:Passwords:ResetCodeLifetime must be between 00:00:01 and 7.00:00:00");
        }

        if (Passwords.HistoryDepth is < 0 or > PasswordHistoryRule.MaxDepth)
        {
            errors.Add($"Identity:Passwords:HistoryDepth must be between 0 (off) and {PasswordHistoryRule.MaxDepth}");
        }

        if (Passwords.InitialPasswordLifetime < TimeSpan.Zero || Passwords.InitialPasswordLifetime > TimeSpan.FromDays(365))
        {
            errors.Add("Identity:Passwords:InitialPasswordLifetime must be between 00:00:00 (never expires) and 365.00:00:00");
        }

        if (Instance.NodeId is < 0 or > SnowflakeIdGenerator.MaxNodeId)
        {
            errors.Add($"Identity:Instance:NodeId must be between 0 and {SnowflakeIdGenerator.MaxNodeId}");
        }

        if (Bootstrap.Enabled && (string.IsNullOrWhiteSpace(Bootstrap.OrgName) || string.IsNullOrWhiteSpace(Bootstrap.AdminUserName) || string.IsNullOrWhiteSpace(Bootstrap.TokenFile)))
        {
            errors.Add("Identity:Bootstrap:OrgName, AdminUserName and TokenFile are required when Identity:Bootstrap:Enabled is true");
        }

        if (Bootstrap.TokenLifetime is { } lifetime && (lifetime < TimeSpan.FromMinutes(1) || lifetime > TimeSpan.FromDays(3650)))
        {
            errors.Add("Identity:Bootstrap:TokenLifetime must be between 00:01:00 and 3650.00:00:00, or empty for a token that never expires");
        }

        if (Limits.PasswordConcurrency is < 1 || Limits.PasswordQueue is < 0)
        {
            errors.Add("Identity:Limits:PasswordConcurrency must be at least 1 and Identity:Limits:PasswordQueue at least 0");
        }

        if (Limits.MetadataKeysPerUser < 1 || Limits.MetadataBytesPerUser < 1)
        {
            errors.Add("Identity:Limits:MetadataKeysPerUser and Identity:Limits:MetadataBytesPerUser must be at least 1");
        }

        if (Limits.MaxRequestBodyBytes < 1024)
        {
            errors.Add("Identity:Limits:MaxRequestBodyBytes must be at least 1024");
        }

        if (Limits.PasswordCallsPerCallerPerMinute < 0 || Limits.PasswordCallsPerCallerBurst < 1)
        {
            errors.Add("Identity:Limits:PasswordCallsPerCallerPerMinute must be at least 0 (0 switches it off) and Identity:Limits:PasswordCallsPerCallerBurst at least 1");
        }

        if (Limits.PasswordCallsPerOrgPerMinute < 0 || Limits.PasswordCallsPerOrgBurst < 1 || Limits.PasswordCallsPerOrgInFlight is < 1)
        {
            errors.Add("Identity:Limits:PasswordCallsPerOrgPerMinute must be at least 0 (0 switches it off), Identity:Limits:PasswordCallsPerOrgBurst and Identity:Limits:PasswordCallsPerOrgInFlight at least 1");
        }

        if (Limits.FailedChecksPerUserPerMinute < 0 || Limits.FailedChecksPerUserBurst < 1)
        {
            errors.Add("Identity:Limits:FailedChecksPerUserPerMinute must be at least 0 (0 switches it off) and Identity:Limits:FailedChecksPerUserBurst at least 1");
        }

        if (Limits.FailedChecksPerSourcePerMinute < 0 || Limits.FailedChecksPerSourceBurst < 1)
        {
            errors.Add("Identity:Limits:FailedChecksPerSourcePerMinute must be at least 0 (0 switches it off) and Identity:Limits:FailedChecksPerSourceBurst at least 1");
        }

        Smtp.Validate(errors);
        Notifications.Validate(errors);
        Outbox.Validate(errors);
        Sessions.Validate(errors);
        Cors.Validate(errors);
        OAuth.Validate(errors);

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
        }
    }

    public InfrastructureSettings ToInfrastructureSettings() => new(
        new DatabaseSettings(Enum.Parse<DatabaseProvider>(Database.Provider, ignoreCase: true), Database.ConnectionString),
        Passwords.HashIterations,
        Instance.NodeId,
        new BootstrapSettings(Bootstrap.Enabled, Bootstrap.OrgName, Bootstrap.AdminUserName, Bootstrap.TokenFile, Bootstrap.TokenLifetime, Bootstrap.ReissueAdminToken))
    {
        Smtp = Smtp.ToSettings(),
        Outbox = Outbox.ToSettings(),
        SessionCleanup = Sessions.ToSettings(),
        OAuth = OAuth.ToSettings(),
    };

    public sealed class DatabaseOptions
    {
        /// <summary><c>Sqlite</c> (default), <c>SqlServer</c> or <c>Postgres</c>.</summary>
        public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

        public string ConnectionString { get; set; } = "Data Source=data/identity.db";
    }

    public sealed class PasswordOptions
    {
        /// <summary>Fewer PBKDF2 iterations stop start-up unless <see cref="AllowWeakHashingForTests"/> is set.</summary>
        public const int MinimumHashIterations = 100_000;

        public int HashIterations { get; set; } = IdentityPasswordHasher.DefaultIterations;

        /// <summary>Lets test hosts hash with fewer than <see cref="MinimumHashIterations"/> iterations; never set it in production.</summary>
        public bool AllowWeakHashingForTests { get; set; }

        public PolicyOptions DefaultPolicy { get; set; } = new();

        public bool RefuseCommonPasswords { get; set; } = true;

        public bool RefusePersonalInformation { get; set; } = true;

        /// <summary>Lowest accepted zxcvbn score of a password (0..4); 0 switches the guessability rule off.</summary>
        public int MinStrengthScore { get; set; } = DefaultMinStrengthScore;

        /// <summary>The instance's lockout policy (orgs without their own); 0 = never lock, as ZITADEL's default.</summary>
        public LockoutOptions Lockout { get; set; } = new();

        /// <summary>The instance's password age policy (orgs without their own); 0 = never expires, as ZITADEL's default.</summary>
        public PasswordAgeOptions Age { get; set; } = new();

        /// <summary>How long a password reset code stays valid; ZITADEL's default is one hour.</summary>
        public TimeSpan ResetCodeLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How many recent passwords (the current one included) a new one may not equal; 0 switches the rule off.</summary>
        public int HistoryDepth { get; set; } = 5;

        /// <summary>How long an unused initial password set by an administrator works for sign-in; 0 = it never expires.</summary>
        public TimeSpan InitialPasswordLifetime { get; set; } = TimeSpan.FromDays(7);
    }

    public sealed class PasswordAgeOptions
    {
        public long MaxAgeDays { get; set; }

        public long ExpireWarnDays { get; set; }

        /// <summary>Only after <see cref="Validate"/> has accepted both values (0..uint32 max).</summary>
        public PasswordAgePolicy ToPolicy() => new((uint)MaxAgeDays, (uint)ExpireWarnDays);
    }

    public sealed class LockoutOptions
    {
        public long MaxPasswordAttempts { get; set; }

        public long MaxOtpAttempts { get; set; }

        /// <summary>Only after <see cref="Validate"/> has accepted both values (0..uint32 max).</summary>
        public LockoutPolicy ToPolicy() => new((uint)MaxPasswordAttempts, (uint)MaxOtpAttempts);
    }

    /// <summary>
    /// zxcvbn score 2 (about 28 bits by its estimate): refuses Password1!, Qwerty123!, Summer2024! and the like,
    /// keeps passphrases such as Correct-Horse-42!. Operators may raise it to 3 or 4.
    /// </summary>
    public const int DefaultMinStrengthScore = 2;

    public sealed class PolicyOptions
    {
        public int MinLength { get; set; } = PasswordComplexityPolicy.Default.MinLength;

        public bool HasUppercase { get; set; } = true;

        public bool HasLowercase { get; set; } = true;

        public bool HasNumber { get; set; } = true;

        public bool HasSymbol { get; set; } = true;

        public PasswordComplexityPolicy ToPolicy() => new(MinLength, HasUppercase, HasLowercase, HasNumber, HasSymbol);
    }

    public sealed class InstanceOptions
    {
        public string Domain { get; set; } = "localhost";

        public int? NodeId { get; set; }
    }

    public sealed class BootstrapOptions
    {
        public bool Enabled { get; set; } = true;

        public string OrgName { get; set; } = "Default";

        public string AdminUserName { get; set; } = "admin";

        public string TokenFile { get; set; } = "data/admin.pat";

        /// <summary>How long the bootstrap admin's token works (default 7 days); empty: it never expires.</summary>
        public TimeSpan? TokenLifetime { get; set; } = TimeSpan.FromDays(7);

        /// <summary>At start, give the bootstrap admin a new token when the token file is absent (recovery).</summary>
        public bool ReissueAdminToken { get; set; }
    }

    public sealed class LimitOptions
    {
        /// <summary>Largest request body (REST JSON or gRPC message) in bytes; beyond: 413 / ResourceExhausted.</summary>
        public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

        /// <summary>Password calls that run at once; default: the number of cores.</summary>
        public int? PasswordConcurrency { get; set; }

        /// <summary>Password calls that may wait for a slot; beyond: 503 with Retry-After. Default: 4 x concurrency.</summary>
        public int? PasswordQueue { get; set; }

        /// <summary>Sustained password calls per caller (authenticated user) and minute; beyond: 429. 0 switches it off.</summary>
        public int PasswordCallsPerCallerPerMinute { get; set; } = 300;

        /// <summary>How many password calls a caller may make at once before the per-minute rate applies.</summary>
        public int PasswordCallsPerCallerBurst { get; set; } = 50;

        /// <summary>Sustained password calls per org (the tenant a call acts in) and minute; beyond: 429. 0 (default) switches it off.</summary>
        public int PasswordCallsPerOrgPerMinute { get; set; }

        /// <summary>How many password calls an org may make at once before its per-minute rate applies.</summary>
        public int PasswordCallsPerOrgBurst { get; set; } = 100;

        /// <summary>Password calls of one org that may run or wait at once; beyond: 429. Default: concurrency + half the queue.</summary>
        public int? PasswordCallsPerOrgInFlight { get; set; }

        /// <summary>Sustained failed password checks per user (its id; the id or login name as sent when there is no such user) and minute; beyond: 429 <c>SESSION-TooManyFailedChecks</c>. 0 switches it off.</summary>
        public int FailedChecksPerUserPerMinute { get; set; } = 10;

        /// <summary>How many failed checks a user may collect at once before the per-minute rate applies.</summary>
        public int FailedChecksPerUserBurst { get; set; } = 10;

        /// <summary>Sustained failed password checks per source (remote IP; IPv6 by /64) and minute; beyond: 429. 0 switches it off.</summary>
        public int FailedChecksPerSourcePerMinute { get; set; } = 60;

        /// <summary>How many failed checks a source may collect at once before the per-minute rate applies.</summary>
        public int FailedChecksPerSourceBurst { get; set; } = 100;

        /// <summary>Metadata keys a user may have (SetUserMetadata beyond: 429 <c>METADATA-TooManyKeys</c>).</summary>
        public int MetadataKeysPerUser { get; set; } = 100;

        /// <summary>Bytes of all metadata values of a user (SetUserMetadata beyond: 429 <c>METADATA-TooLarge</c>); one value has at most 500,000.</summary>
        public long MetadataBytesPerUser { get; set; } = 1_000_000;

        internal int EffectiveConcurrency => PasswordConcurrency ?? Environment.ProcessorCount;

        internal int EffectiveQueue => PasswordQueue ?? 4 * EffectiveConcurrency;

        internal int EffectivePerOrgInFlight => PasswordCallsPerOrgInFlight ?? Math.Max(1, EffectiveConcurrency + (EffectiveQueue / 2));
    }

    /// <summary>
    /// The SMTP server outgoing email goes through. Without <see cref="Host"/> nothing is configured and email
    /// features answer FailedPrecondition. <see cref="Password"/> is never logged.
    /// </summary>
    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        /// <summary>Default: 587 for StartTls, 465 for SslOnConnect, 25 for None.</summary>
        public int? Port { get; set; }

        /// <summary><c>None</c>, <c>StartTls</c> (default) or <c>SslOnConnect</c>.</summary>
        public string TlsMode { get; set; } = nameof(SmtpTlsMode.StartTls);

        public string? User { get; set; }

        public string? Password { get; set; }

        /// <summary>The sender address, e.g. <c>Identity &lt;no-reply@example.com&gt;</c>; required with a host.</summary>
        public string? From { get; set; }

        /// <summary>For connecting and for each SMTP command (default 30 s).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        internal bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

        internal void Validate(List<string> errors)
        {
            if (!IsConfigured)
            {
                if (!string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(User) || !string.IsNullOrEmpty(Password) || Port is not null)
                {
                    errors.Add("Identity:Smtp:Host is required when other Identity:Smtp keys are set");
                }

                return;
            }

            if (!Enum.TryParse<SmtpTlsMode>(TlsMode, ignoreCase: true, out _) || int.TryParse(TlsMode, out _))
            {
                errors.Add($"Identity:Smtp:TlsMode must be one of {string.Join(", ", Enum.GetNames<SmtpTlsMode>())} (was '{TlsMode}')");
            }

            if (Port is < 1 or > 65535)
            {
                errors.Add("Identity:Smtp:Port must be between 1 and 65535");
            }

            if (!SmtpSettings.IsValidAddress(From))
            {
                errors.Add("Identity:Smtp:From must be an email address (e.g. 'Identity <no-reply@example.com>') when Identity:Smtp:Host is set");
            }

            if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password))
            {
                errors.Add("Identity:Smtp:User and Identity:Smtp:Password go together: set both or neither");
            }

            if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(10))
            {
                errors.Add("Identity:Smtp:Timeout must be between 00:00:01 and 00:10:00");
            }
        }

        /// <summary>Only after <see cref="Validate"/> has accepted the values; null when no host is set.</summary>
        internal SmtpSettings? ToSettings()
        {
            if (!IsConfigured)
            {
                return null;
            }

            var mode = Enum.Parse<SmtpTlsMode>(TlsMode, ignoreCase: true);
            var port = Port ?? mode switch
            {
                SmtpTlsMode.SslOnConnect => 465,
                SmtpTlsMode.None => 25,
                _ => 587,
            };
            return new SmtpSettings(Host!.Trim(), port, mode, string.IsNullOrEmpty(User) ? null : User, string.IsNullOrEmpty(Password) ? null : Password, From!, Timeout);
        }
    }

    /// <summary>Emails the module sends (with <see cref="Smtp"/>).</summary>
    public sealed class NotificationOptions
    {
        /// <summary>
        /// The link of a password reset email whose request names no url_template, with the placeholders
        /// <c>{{.UserID}}</c>, <c>{{.Code}}</c> (required) and <c>{{.OrgID}}</c>; unset: such a request answers FailedPrecondition.
        /// </summary>
        public string? PasswordResetUrl { get; set; }

        internal void Validate(List<string> errors)
        {
            if (PasswordResetUrl is not null
                && Application.Notifications.PasswordResetLink.Problem(PasswordResetUrl, Application.Notifications.PasswordResetLink.MaxConfiguredLength) is { } problem)
            {
                errors.Add($"Identity:Notifications:PasswordResetUrl is not a usable link template: {problem} "
                    + "(an absolute http or https URL with {{.Code}} and optionally {{.UserID}} and {{.OrgID}})");
            }
        }

        internal Application.Notifications.NotificationSettings ToSettings() =>
            new(string.IsNullOrEmpty(PasswordResetUrl) ? null : PasswordResetUrl);
    }

    /// <summary>How the outbox retries a subscriber that failed (e.g. the reset email while the SMTP server is down).</summary>
    public sealed class OutboxOptions
    {
        /// <summary>First wait after a failed delivery; doubled after each further failure.</summary>
        public TimeSpan RetryInitialDelay { get; set; } = new OutboxSettings().RetryInitialDelay;

        /// <summary>The longest wait between two attempts.</summary>
        public TimeSpan RetryMaxDelay { get; set; } = new OutboxSettings().RetryMaxDelay;

        internal void Validate(List<string> errors)
        {
            if (RetryInitialDelay < TimeSpan.FromMilliseconds(10) || RetryInitialDelay > TimeSpan.FromMinutes(10))
            {
                errors.Add("Identity:Outbox:RetryInitialDelay must be between 00:00:00.010 and 00:10:00");
            }

            if (RetryMaxDelay < RetryInitialDelay || RetryMaxDelay > TimeSpan.FromHours(1))
            {
                errors.Add("Identity:Outbox:RetryMaxDelay must be at least Identity:Outbox:RetryInitialDelay and at most 01:00:00");
            }
        }

        internal OutboxSettings ToSettings() => new OutboxSettings() with { RetryInitialDelay = RetryInitialDelay, RetryMaxDelay = RetryMaxDelay };
    }

    /// <summary>How long an expired session's row is kept before it is deleted.</summary>
    public sealed class SessionOptions
    {
        public TimeSpan DeleteExpiredAfter { get; set; } = new SessionCleanupSettings().DeleteExpiredAfter;

        internal void Validate(List<string> errors)
        {
            if (DeleteExpiredAfter < TimeSpan.Zero || DeleteExpiredAfter > TimeSpan.FromDays(365))
            {
                errors.Add("Identity:Sessions:DeleteExpiredAfter must be between 00:00:00 and 365.00:00:00");
            }
        }

        internal SessionCleanupSettings ToSettings() => new SessionCleanupSettings() with { DeleteExpiredAfter = DeleteExpiredAfter };
    }

    /// <summary>The OAuth token endpoint of machine users (<c>/oauth/v2/token</c>) and the access tokens it issues.</summary>
    public sealed class OAuthOptions
    {
        /// <summary>
        /// The issuer URL (the external URL of the module, without a trailing slash: clients compare it byte for byte).
        /// Unset: taken from each request's scheme and host. Assertions must name it in <c>aud</c>.
        /// </summary>
        public Uri? Issuer { get; set; }

        /// <summary>Lifetime of an access token (default 12 hours, as upstream).</summary>
        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

        /// <summary>Clock skew allowed on a JWT-profile assertion's <c>exp</c>, <c>nbf</c> and <c>iat</c> (default 1 minute).</summary>
        public TimeSpan AssertionClockSkew { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>How long a signing key signs new tokens before the next one takes over (default 6 hours, as upstream).</summary>
        public TimeSpan SigningKeyRotation { get; set; } = TimeSpan.FromHours(6);

        /// <summary>
        /// 32 random bytes, base64: the signing keys' private parts are stored encrypted with it (AES-256-GCM). Every
        /// replica needs the same value. Unset: they are stored as PEM text and the log says so at start.
        /// </summary>
        public string? KeyEncryptionKey { get; set; }

        internal OAuthKeySettings ToSettings() =>
            new(SigningKeyRotation, AccessTokenLifetime, KeyEncryptionKey is { Length: > 0 } key ? Convert.FromBase64String(key) : null);

        internal void Validate(List<string> errors)
        {
            if (Issuer is { } issuer && (!issuer.IsAbsoluteUri || issuer.Query.Length > 0 || issuer.Fragment.Length > 0))
            {
                errors.Add($"Identity:OAuth:Issuer must be an absolute URL without query or fragment (was '{issuer}')");
            }

            if (AccessTokenLifetime < TimeSpan.FromMinutes(1) || AccessTokenLifetime > TimeSpan.FromDays(7))
            {
                errors.Add("Identity:OAuth:AccessTokenLifetime must be between 1 minute and 7 days");
            }

            if (AssertionClockSkew < TimeSpan.Zero || AssertionClockSkew > TimeSpan.FromMinutes(10))
            {
                errors.Add("Identity:OAuth:AssertionClockSkew must be between 0 and 10 minutes");
            }

            if (SigningKeyRotation < TimeSpan.FromMinutes(15) || SigningKeyRotation > TimeSpan.FromDays(90))
            {
                errors.Add("Identity:OAuth:SigningKeyRotation must be between 15 minutes and 90 days");
            }

            if (KeyEncryptionKey is { Length: > 0 } key && !IsKey(key))
            {
                // the value is a secret: the message does not repeat it
                errors.Add("Identity:OAuth:KeyEncryptionKey must be 32 bytes in base64 (e.g. openssl rand -base64 32)");
            }

            static bool IsKey(string text)
            {
                Span<byte> bytes = stackalloc byte[33];
                return Convert.TryFromBase64String(text, bytes, out var written) && written == 32;
            }
        }
    }

    /// <summary>
    /// Browser origins allowed to call the module (REST, gRPC-Web, Connect). Empty (the default): no CORS
    /// headers at all. <c>*</c> (alone) allows every origin; only an operator who writes it gets it.
    /// </summary>
    public sealed class CorsOptions
    {
        public IList<string> AllowedOrigins { get; } = [];

        /// <summary>How long a browser may cache a preflight answer (default 10 minutes; 0 = not at all).</summary>
        public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);

        internal bool IsEnabled => AllowedOrigins.Count > 0;

        internal bool AllowsAnyOrigin => AllowedOrigins is ["*"];

        internal void Validate(List<string> errors)
        {
            for (var i = 0; i < AllowedOrigins.Count; i++)
            {
                var origin = AllowedOrigins[i];
                if (origin == "*")
                {
                    if (AllowedOrigins.Count > 1)
                    {
                        errors.Add("Identity:Cors:AllowedOrigins: '*' allows every origin and must be the only entry");
                    }
                }
                else if (OriginProblem(origin) is { } problem)
                {
                    errors.Add($"Identity:Cors:AllowedOrigins:{i} must be an origin such as 'https://app.example.com' or 'http://localhost:3000' (was '{origin}': {problem})");
                }
            }

            if (PreflightMaxAge < TimeSpan.Zero || PreflightMaxAge > TimeSpan.FromDays(1))
            {
                errors.Add("Identity:Cors:PreflightMaxAge must be between 00:00:00 and 1.00:00:00");
            }
        }

        /// <summary>Why <paramref name="origin"/> is no origin (scheme, host and optional port, nothing else), or null.</summary>
        private static string? OriginProblem(string? origin)
        {
            if (string.IsNullOrWhiteSpace(origin))
            {
                return "empty";
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return "not an absolute http or https URL";
            }

            if (origin.Contains('*', StringComparison.Ordinal))
            {
                return "wildcards other than a lone '*' are not supported";
            }

            if (!string.IsNullOrEmpty(uri.UserInfo) || uri.AbsolutePath != "/" || origin.EndsWith('/') || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                return "an origin has no path, query, fragment, user or trailing slash";
            }

            return null;
        }
    }
}
