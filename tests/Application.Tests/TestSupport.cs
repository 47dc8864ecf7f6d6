using System.Reflection;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>A clock that says what the test tells it.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A fixed list of common passwords.</summary>
internal sealed class FakeCommonPasswords(params string[] common) : ICommonPasswords
{
    private readonly HashSet<string> _common = new(common, StringComparer.Ordinal);

    public int Calls { get; private set; }

    public bool IsCommon(string normalizedPassword)
    {
        Calls++;
        return _common.Contains(normalizedPassword);
    }
}

/// <summary>A guessability estimator with a fixed score, recording what it was asked.</summary>
internal sealed class FakePasswordStrength(int score) : IPasswordStrength
{
    public List<(string Password, IReadOnlyCollection<string> UserInputs)> Asked { get; } = [];

    public int Score(string normalizedPassword, IReadOnlyCollection<string> userInputs)
    {
        Asked.Add((normalizedPassword, userInputs));
        return score;
    }
}

internal static class TestData
{
    public static readonly OrgId OrgId = new("100");
    public static readonly OrgId OtherOrgId = new("200");
    public static readonly UserId CallerId = new("900");
    public static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
    public const string InstanceDomain = "acme.localhost";
    public const string GoodPassword = "Correct-Horse-7";

    public static Organization Org(OrgId? id = null, string name = "ACME") =>
        Organization.Create(id ?? OrgId, name, InstanceDomain, Created, CallerId.Value);

    public static HumanProfile Profile() =>
        new("Alice", "Wonder", "Ali", "Alice Wonder", "en", Gender.Female, "alice.w@example.com", true, "+41000000000", false);

    public static User Human(string id = "1", OrgId? org = null, string userName = "alice") =>
        User.ImportHuman(
            new UserId(id), org ?? OrgId, userName, Profile(), null, false,
            new PasswordPolicy(PasswordComplexityPolicy.Default, null, false), _ => throw new InvalidOperationException("no password"), Created, CallerId.Value);

    public static User Machine(string id = "2", OrgId? org = null) =>
        User.CreateMachine(new UserId(id), org ?? OrgId, "robot", new MachineProfile("Robot", "automation", AccessTokenType.Bearer), Created, CallerId.Value);

    public static RequestContext Context(Organization? tenant = null, OrgId? callerOrg = null) => new()
    {
        Caller = new Caller(CallerId, callerOrg ?? OrgId),
        Tenant = tenant,
    };

    public static PasswordRulesSettings Settings(PasswordComplexityPolicy? policy = null, bool common = true, bool personal = true) =>
        new(policy ?? PasswordComplexityPolicy.Default, common, personal);

    public static PasswordRules Rules(ICommonPasswords? common = null, PasswordRulesSettings? settings = null, IPasswordStrength? strength = null, IPasswordHasher? hasher = null) =>
        new(settings ?? Settings(), common ?? new FakeCommonPasswords("Password1!"), strength ?? new FakePasswordStrength(PasswordPolicy.MaxStrengthScore), hasher ?? Hasher());

    /// <summary>A password hasher fake whose hash is recognisable.</summary>
    public static IPasswordHasher Hasher()
    {
        var hasher = Substitute.For<IPasswordHasher>();
        hasher.Hash(Arg.Any<string>()).Returns(ci => "HASHED:" + ci.Arg<string>().Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return hasher;
    }

    /// <summary>
    /// A user repository fake that keeps its contract: <see cref="IUserRepository.GetAsync"/> answers only
    /// users of the org asked for. Each lookup runs <paramref name="load"/> again, like a fresh load from the store.
    /// </summary>
    public static IUserRepository Users(params Func<User>[] load)
    {
        var users = Substitute.For<IUserRepository>();
        users.GetAsync(Arg.Any<OrgId>(), Arg.Any<UserId>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult(load.Select(l => l()).FirstOrDefault(u => u.OrgId == ci.ArgAt<OrgId>(0) && u.Id == ci.ArgAt<UserId>(1))));
        users.FindAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult(load.Select(l => l()).FirstOrDefault(u => u.Id == ci.ArgAt<UserId>(0))));
        return users;
    }

    /// <summary>
    /// Forces the aggregate's state through its private setter. Only for states no public method reaches
    /// (organizations have no state-change methods; a machine user is never Initial); users otherwise: <see cref="Reach"/>.
    /// </summary>
    public static T WithState<T, TState>(this T aggregate, TState state)
        where T : AggregateRoot
    {
        Property<T>("State").SetValue(aggregate, state);
        return aggregate;
    }

    /// <summary>
    /// Brings a fresh user (human: Initial; machine: Active) into <paramref name="state"/> through its own
    /// transitions, as <see cref="CallerId"/> at <see cref="Created"/>. Throws when they cannot get there.
    /// </summary>
    public static User Reach(this User user, UserState state)
    {
        ArgumentNullException.ThrowIfNull(user);
        switch (state)
        {
            case UserState.Locked:
                user.Lock(Created, CallerId.Value);
                break;
            case UserState.Inactive:
                if (user.State == UserState.Initial)
                {
                    user.Lock(Created, CallerId.Value); // an initial user cannot be deactivated directly
                }

                user.Deactivate(Created, CallerId.Value);
                break;
            case UserState.Removed:
                user.Remove(Created, CallerId.Value);
                break;
            default:
                break;
        }

        return user.State == state ? user : throw new InvalidOperationException($"Could not bring the user from {user.State} to {state}.");
    }

    /// <summary>Gives the org a custom complexity policy through <see cref="Organization.AddPasswordPolicy"/>.</summary>
    public static Organization WithPasswordPolicy(this Organization org, PasswordComplexityPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(org);
        org.AddPasswordPolicy(policy, Created, CallerId.Value);
        return org;
    }

    private static PropertyInfo Property<T>(string name) =>
        typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance) ?? throw new InvalidOperationException($"{typeof(T).Name}.{name} not found");
}

/// <summary>The `next` delegate of a pipeline behaviour, counting its calls.</summary>
internal sealed class NextSpy<T>(Func<int, T> respond)
{
    public NextSpy(T response)
        : this(_ => response)
    {
    }

    public int Calls { get; private set; }

    public MediatR.RequestHandlerDelegate<T> Delegate => () =>
    {
        Calls++;
        return Task.FromResult(respond(Calls));
    };
}
