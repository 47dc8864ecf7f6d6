namespace Identity.Domain.Passwords;

/// <summary>
/// A password that passed the rules, in NFKC form. Only <see cref="PasswordPolicy"/> creates it, so
/// holding one proves the rules ran. Its text form never shows the secret.
/// </summary>
public readonly struct NormalizedPassword : IEquatable<NormalizedPassword>
{
    internal NormalizedPassword(string value) => Value = value;

    public string Value { get; }

    public static bool operator ==(NormalizedPassword left, NormalizedPassword right) => left.Equals(right);

    public static bool operator !=(NormalizedPassword left, NormalizedPassword right) => !left.Equals(right);

    public override string ToString() => "***";

    public bool Equals(NormalizedPassword other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is NormalizedPassword other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value ?? string.Empty);
}
