using System.Globalization;
using Identity.Domain.Common;

namespace Identity.Domain.Passwords;

/// <summary>
/// A bcrypt hash as other systems (ZITADEL among them) export it: <c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>,
/// a two-digit cost from 4 to <see cref="MaxCost"/>, <c>$</c>, then 53 characters of bcrypt's base64 (22 of
/// salt, 31 of hash): 60 characters in all. Only the shape is checked here; the hash is verified at sign-in.
/// The cost is capped because every step doubles the work of each check: a cost-31 hash would keep a core
/// busy for about 40 hours per sign-in, so anyone allowed to import users could plant one to stall the
/// service.
/// <see cref="ToString"/> never shows the hash.
/// </summary>
public sealed class BcryptHash
{
    /// <summary>The supported formats, as error messages name them.</summary>
    public const string SupportedFormats = "bcrypt ($2a$, $2b$ or $2y$, cost 04 to 15, 60 characters)";

    /// <summary>The highest accepted cost: twice the work of cost 14, which took 1.2 s for one check on the build machine.</summary>
    public const int MaxCost = 15;

    private const int Length = 60;
    private const string Alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private BcryptHash(string value, int cost)
    {
        Value = value;
        Cost = cost;
    }

    /// <summary>The hash as imported; never logged, never in an event or error.</summary>
    public string Value { get; }

    /// <summary>The work factor (log2 of the rounds).</summary>
    public int Cost { get; }

    /// <summary>Whether <paramref name="value"/> is a well-formed bcrypt hash of a supported variant and cost.</summary>
    public static bool IsWellFormed(string? value) => TryCost(value, out _);

    /// <summary>The hash, or InvalidArgument <c>USER-HashFormatUnsupported</c> (without echoing the value).</summary>
    public static BcryptHash Parse(string? value)
    {
        if (!TryCost(value, out var cost))
        {
            throw new DomainException(Errors.User.HashFormatUnsupported, $"hashed_password.value is not in a supported format; supported: {SupportedFormats}");
        }

        return new BcryptHash(value!, cost);
    }

    public override string ToString() => $"{nameof(BcryptHash)} {{ Cost = {Cost.ToString(CultureInfo.InvariantCulture)} }}";

    private static bool TryCost(string? value, out int cost)
    {
        cost = 0;
        if (value is null || value.Length != Length
            || value[0] != '$' || value[1] != '2' || value[2] is not ('a' or 'b' or 'y') || value[3] != '$'
            || !char.IsAsciiDigit(value[4]) || !char.IsAsciiDigit(value[5]) || value[6] != '$')
        {
            return false;
        }

        for (var i = 7; i < Length; i++)
        {
            if (!Alphabet.Contains(value[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        cost = ((value[4] - '0') * 10) + (value[5] - '0');
        return cost is >= 4 and <= MaxCost;
    }
}
