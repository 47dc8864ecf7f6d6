using System.Reflection;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>A hand-written <see cref="ICommonPasswords"/>: a fixed list, and a record of what it was asked.</summary>
internal sealed class FakeCommonPasswords(params string[] common) : ICommonPasswords
{
    private readonly HashSet<string> _common = new(common, StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public bool IsCommon(string normalizedPassword)
    {
        Asked.Add(normalizedPassword);
        return _common.Contains(normalizedPassword);
    }
}

/// <summary>A hand-written <see cref="IPasswordStrength"/>: a fixed score, and a record of what it was asked.</summary>
internal sealed class FakePasswordStrength(int score) : IPasswordStrength
{
    public List<(string Password, string[] UserInputs)> Asked { get; } = [];

    public int Score(string normalizedPassword, IReadOnlyCollection<string> userInputs)
    {
        Asked.Add((normalizedPassword, [.. userInputs]));
        return score;
    }
}

/// <summary>A hash function that records its calls and returns a recognisable fake hash.</summary>
internal sealed class HashSpy
{
    public const string Prefix = "HASH::";

    public List<string> Calls { get; } = [];

    public string Hash(NormalizedPassword password)
    {
        Calls.Add(password.Value);
        return Prefix + Calls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

internal static class TestData
{
    public static readonly OrgId Org = new("100");
    public static readonly OrgId OtherOrg = new("200");
    public static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
    public const string Editor = "900";

    /// <summary>Only complexity rules; nothing else (no common list, no personal check).</summary>
    public static PasswordPolicy Policy(int minLength = 8, bool upper = true, bool lower = true, bool number = true, bool symbol = true, ICommonPasswords? common = null, bool personal = false) =>
        new(new PasswordComplexityPolicy(minLength, upper, lower, number, symbol), common, personal);

    /// <summary>No complexity at all: length 1..72 only.</summary>
    public static PasswordPolicy Lenient(ICommonPasswords? common = null, bool personal = false) =>
        Policy(1, false, false, false, false, common, personal);

    /// <summary>The instance default (8, all four classes) with both extra rules on.</summary>
    public static PasswordPolicy Strict(ICommonPasswords? common = null) =>
        new(PasswordComplexityPolicy.Default, common ?? new FakeCommonPasswords(), true);

    public static HumanProfile Profile(string first = "Alice", string last = "Wonder", string email = "alice.w@example.com") =>
        new(first, last, "Ali", $"{first} {last}", "en", Gender.Female, email, true, "+41000000000", false);

    public static User Human(string id = "1", OrgId? org = null, string userName = "alice", HumanProfile? profile = null, string? password = null) =>
        User.ImportHuman(new UserId(id), org ?? Org, userName, profile ?? Profile(), password, false, Strict(), new HashSpy().Hash, Created, Editor);

    public static User Machine(string id = "2", OrgId? org = null) =>
        User.CreateMachine(new UserId(id), org ?? Org, "robot", new MachineProfile("Robot", "automation", AccessTokenType.Bearer), Created, Editor);

    /// <summary>
    /// Forces the aggregate's state through its private setter. Only for states no public method reaches
    /// (organizations have no state-change methods yet); users have real transitions: use <see cref="Reach"/>.
    /// </summary>
    public static T WithState<T, TState>(this T aggregate, TState state)
        where T : AggregateRoot
    {
        var property = typeof(T).GetProperty("State", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no State");
        property.SetValue(aggregate, state);
        return aggregate;
    }

    /// <summary>
    /// Brings a freshly created user (a human: Initial, or Active when imported with a password; a machine:
    /// Active) into <paramref name="state"/> through the aggregate's own transitions, at <paramref name="at"/>
    /// (default <see cref="Created"/>). Throws when the transitions cannot get there.
    /// </summary>
    public static User Reach(this User user, UserState state, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var when = at ?? Created;
        switch (state)
        {
            case UserState.Locked:
                user.Lock(when, Editor);
                break;
            case UserState.Inactive:
                user.Deactivate(when, Editor);
                break;
            case UserState.Removed:
                user.Remove(when, Editor);
                break;
            default:
                break;
        }

        return user.State == state ? user : throw new InvalidOperationException($"Could not bring the user from {user.State} to {state}.");
    }

    public static Organization Org1() => Organization.Create(Org, "ACME", "acme.localhost", Created, Editor);
}
