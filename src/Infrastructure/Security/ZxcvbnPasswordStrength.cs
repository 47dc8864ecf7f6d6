using Identity.Domain.Passwords;

namespace Identity.Infrastructure.Security;

/// <summary>
/// Guessability by zxcvbn (the zxcvbn-core package): dictionary words (common passwords, English words,
/// names, surnames, TV and film), l33t substitutions, keyboard patterns, repeats, sequences, dates and the
/// user's own data. One estimator is shared: building it loads the word lists once (about 60 ms); an
/// estimate then reads them only.
/// </summary>
internal sealed class ZxcvbnPasswordStrength : IPasswordStrength
{
    private readonly Zxcvbn.Zxcvbn _estimator = new(Zxcvbn.Translation.English);

    public int Score(string normalizedPassword, IReadOnlyCollection<string> userInputs)
    {
        ArgumentNullException.ThrowIfNull(normalizedPassword);
        ArgumentNullException.ThrowIfNull(userInputs);
        return Math.Clamp(_estimator.EvaluatePassword(normalizedPassword, userInputs.Where(i => !string.IsNullOrEmpty(i))).Score, 0, PasswordPolicy.MaxStrengthScore);
    }
}
