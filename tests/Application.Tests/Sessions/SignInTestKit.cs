using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Sessions;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests.Sessions;

/// <summary>
/// A hasher fake for sign-in: <see cref="Hash"/> answers a recognisable hash, <see cref="Verify"/> matches
/// <see cref="SignInTestKit.Password"/> against <see cref="SignInTestKit.StoredHash"/> only (with a settable
/// outcome), and every call is recorded in order.
/// </summary>
internal sealed class SignInHasher : IPasswordHasher
{
    public List<string> Calls { get; } = [];

    public PasswordVerification OnMatch { get; set; } = PasswordVerification.Success;

    /// <summary>What the dummy hash verifies as (a real hasher never matches it; the checker must fail anyway).</summary>
    public PasswordVerification OnDummy { get; set; } = PasswordVerification.Failed;

    public string Hash(string normalizedPassword)
    {
        Calls.Add("hash");
        return normalizedPassword.Length == 44 ? SignInTestKit.DummyHash : "REHASHED:" + normalizedPassword;
    }

    public PasswordVerification Verify(string hash, string password)
    {
        Calls.Add("verify " + hash);
        if (hash == SignInTestKit.DummyHash)
        {
            return OnDummy;
        }

        return hash == SignInTestKit.StoredHash && password == SignInTestKit.Password ? OnMatch : PasswordVerification.Failed;
    }
}

/// <summary>A hashing gate that records "gate" in the call log, or throws <see cref="Refusal"/>.</summary>
internal sealed class SignInGate(List<string> calls) : IPasswordCallGate
{
    public Exception? Refusal { get; set; }

    public int Entered { get; private set; }

    public ValueTask<IDisposable> EnterAsync(UserId caller, OrgId org, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Sign-in must not use the caller and org budgets.");

    public ValueTask<IDisposable> EnterCheckAsync(CancellationToken cancellationToken)
    {
        if (Refusal is not null)
        {
            throw Refusal;
        }

        Entered++;
        calls.Add("gate");
        return ValueTask.FromResult<IDisposable>(new Lease());
    }

    private sealed class Lease : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>Builds a <see cref="PasswordChecker"/> (and what is built on it) from fakes a test can inspect.</summary>
internal sealed class SignInTestKit
{
    public const string Password = "Correct-Horse-7";
    public const string StoredHash = "STORED-HASH";

    /// <summary>The dummy hash (the hasher fake answers it for the 44-character random password).</summary>
    public const string DummyHash = "DUMMY-HASH";

    public const string Source = "192.0.2.7";

    public SignInTestKit()
    {
        Org = TestData.Org();
        Context = TestData.Context(Org);
        Context.Source = Source;
        Organizations.GetAsync(Arg.Any<OrgId>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult(ci.ArgAt<OrgId>(0) == Org.Id ? Org : null));
        Users.FindAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            var user = Stored?.Invoke();
            if (user is not null && user.Id == ci.ArgAt<UserId>(0))
            {
                Loaded.Add(user);
                return Task.FromResult<User?>(user);
            }

            return Task.FromResult<User?>(null);
        });
        Gate = new SignInGate(Hasher.Calls);
        Throttle.When(t => t.EnsureAllowed(Arg.Any<string>(), Arg.Any<string?>())).Do(_ => Hasher.Calls.Add("throttle"));
        Failures.AddAsync(Arg.Any<UserId>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult(++FailureCount));
    }

    public Organization Org { get; }

    public RequestContext Context { get; }

    public SignInHasher Hasher { get; } = new();

    public IUserRepository Users { get; } = Substitute.For<IUserRepository>();

    public IOrganizationRepository Organizations { get; } = Substitute.For<IOrganizationRepository>();

    public IPasswordCheckFailures Failures { get; } = Substitute.For<IPasswordCheckFailures>();

    public SignInGate Gate { get; }

    public ISignInThrottle Throttle { get; } = Substitute.For<ISignInThrottle>();

    public IUnitOfWork UnitOfWork { get; } = Substitute.For<IUnitOfWork>();

    public FakeTimeProvider Clock { get; } = new(TestData.Now);

    public LockoutPolicy DefaultLockout { get; set; } = LockoutPolicy.Default;

    public PasswordAgePolicy DefaultPasswordAge { get; set; } = PasswordAgePolicy.Default;

    /// <summary>The failure count <see cref="IPasswordCheckFailures.AddAsync"/> answers next is this + 1.</summary>
    public long FailureCount { get; set; }

    /// <summary>What the store holds for <see cref="IUserRepository.FindAsync"/> (a fresh instance each load).</summary>
    public Func<User>? Stored { get; set; }

    /// <summary>Every user <see cref="IUserRepository.FindAsync"/> answered.</summary>
    public List<User> Loaded { get; } = [];

    public static User HumanWithPassword(string id = "1", OrgId? org = null, string userName = "alice", bool changeRequired = false) =>
        User.ImportHuman(
            new UserId(id), org ?? TestData.OrgId, userName, TestData.Profile(), Password, changeRequired,
            new PasswordPolicy(PasswordComplexityPolicy.Default, null, false), _ => StoredHash, TestData.Created, TestData.CallerId.Value);

    public PasswordChecker Checker() => new(
        Context,
        Users,
        Organizations,
        Failures,
        Hasher,
        new DummyPasswordHash(Hasher),
        new RequestPasswordHasher(Hasher),
        Gate,
        Throttle,
        TestData.Rules(settings: TestData.Settings() with { DefaultLockoutPolicy = DefaultLockout, DefaultPasswordAgePolicy = DefaultPasswordAge }),
        UnitOfWork,
        Clock);

    public SessionChecks Checks() => new(Context, Users, Organizations, Checker(), Clock);
}
