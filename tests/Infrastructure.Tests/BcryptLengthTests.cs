using Identity.Domain.Passwords;
using Identity.Infrastructure.Security;

namespace Identity.Infrastructure.Tests;

/// <summary>
/// bcrypt reads at most 72 bytes of a password. A password longer than that must not pass a check just
/// because its first 72 bytes match (upstream's bcrypt refuses such passwords outright).
/// </summary>
public sealed class BcryptLengthTests
{
    private static readonly string Bytes72 = "Correct-Horse-" + new string('x', 58);

    private static string BcryptOf(string password) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(4, 'b'));

    [Fact]
    public void A_password_of_exactly_72_bytes_verifies()
    {
        Assert.Equal(72, System.Text.Encoding.UTF8.GetByteCount(Bytes72));

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, new IdentityPasswordHasher(1_000).Verify(BcryptOf(Bytes72), Bytes72));
    }

    [Theory]
    [InlineData("y")]
    [InlineData("anything at all after the 72nd byte")]
    public void A_longer_password_whose_first_72_bytes_match_fails(string tail)
    {
        var hash = BcryptOf(Bytes72);

        Assert.Equal(PasswordVerification.Failed, new IdentityPasswordHasher(1_000).Verify(hash, Bytes72 + tail));
    }

    [Fact]
    public void A_password_over_72_bytes_fails_even_against_a_hash_made_from_it()
    {
        // 40 characters, 80 bytes in UTF-8: a system that truncated it hashed only its first 72 bytes, so any
        // password with the same first 72 bytes would pass; refusing it is the only safe answer.
        var password = new string('\u00e9', 40);
        var hash = BcryptOf(password);

        Assert.Equal(PasswordVerification.Failed, new IdentityPasswordHasher(1_000).Verify(hash, password));
        Assert.Equal(PasswordVerification.Failed, new IdentityPasswordHasher(1_000).Verify(hash, new string('\u00e9', 36) + "zz"));
    }
}
