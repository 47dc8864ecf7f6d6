namespace Identity.Domain.Passwords;

/// <summary>Estimates how hard a password is to guess, the way an attacker with dictionaries and patterns would try.</summary>
public interface IPasswordStrength
{
    /// <summary>
    /// A score from 0 (guessed within a few hundred tries) to <see cref="PasswordPolicy.MaxStrengthScore"/>
    /// (very hard to guess).
    /// </summary>
    /// <param name="normalizedPassword">The NFKC-normalized password.</param>
    /// <param name="userInputs">The user's own data (names, email local part), which an attacker tries first.</param>
    int Score(string normalizedPassword, IReadOnlyCollection<string> userInputs);
}
