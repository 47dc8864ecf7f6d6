using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Passwords;
using NSubstitute;

namespace Identity.Application.Tests;

public class RequestPasswordHasherTests
{
    private static readonly PasswordPolicy Lenient = new(new PasswordComplexityPolicy(1, false, false, false, false), null, false);

    private static NormalizedPassword Password(string text) => Lenient.Validate(text, []);

    [Fact]
    public void Same_password_is_hashed_only_once()
    {
        var inner = Substitute.For<IPasswordHasher>();
        inner.Hash("Correct-Horse-7").Returns("h1", "h2");
        var hasher = new RequestPasswordHasher(inner);

        var first = hasher.Hash(Password("Correct-Horse-7"));
        var second = hasher.Hash(Password("Correct-Horse-7"));
        var third = hasher.Hash(Password("Ｃorrect-Horse-7")); // same NFKC form

        Assert.Equal("h1", first);
        Assert.Equal("h1", second);
        Assert.Equal("h1", third);
        inner.Received(1).Hash(Arg.Any<string>());
    }

    [Fact]
    public void Different_password_is_hashed_again()
    {
        var inner = Substitute.For<IPasswordHasher>();
        inner.Hash(Arg.Any<string>()).Returns(ci => "hash-of-" + ci.Arg<string>());
        var hasher = new RequestPasswordHasher(inner);

        Assert.Equal("hash-of-first", hasher.Hash(Password("first")));
        Assert.Equal("hash-of-second", hasher.Hash(Password("second")));
        Assert.Equal("hash-of-first", hasher.Hash(Password("first")));

        inner.Received(2).Hash("first");
        inner.Received(1).Hash("second");
    }

    [Fact]
    public void Hasher_receives_the_normalized_value()
    {
        var inner = Substitute.For<IPasswordHasher>();
        inner.Hash(Arg.Any<string>()).Returns("h");
        var hasher = new RequestPasswordHasher(inner);

        hasher.Hash(Password("ﬁ"));

        inner.Received(1).Hash("fi");
    }
}
