namespace Identity.Domain.Passwords;

/// <summary>The outcome of checking a password against a stored hash.</summary>
public enum PasswordVerification
{
    /// <summary>The password does not match (or the stored hash is not in a format this service reads).</summary>
    Failed = 0,

    /// <summary>The password matches and the hash is as strong as the current setting.</summary>
    Success = 1,

    /// <summary>
    /// The password matches but the hash is weaker than the current setting (fewer iterations, an older
    /// format, or an imported bcrypt hash): it should be replaced with a fresh hash of the same password.
    /// </summary>
    SuccessRehashNeeded = 2,
}
