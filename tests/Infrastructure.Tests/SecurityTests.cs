using System.Buffers.Binary;
using Identity.Domain.Passwords;
using Identity.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Identity.Infrastructure.Tests;

public sealed class IdentityPasswordHasherTests
{
    [Fact]
    public void Verifies_what_it_hashed_and_nothing_else()
    {
        var hasher = new IdentityPasswordHasher(1_000);
        var hash = hasher.Hash("Correct-Horse-42!");

        Assert.Equal(PasswordVerification.Success, hasher.Verify(hash, "Correct-Horse-42!"));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(hash, "Correct-Horse-43!"));
        Assert.DoesNotContain("Correct-Horse", hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, hasher.Hash("Correct-Horse-42!"));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(12_345)]
    public void Uses_the_configured_iteration_count_with_pbkdf2_sha512(int iterations)
    {
        var bytes = Convert.FromBase64String(new IdentityPasswordHasher(iterations).Hash("Correct-Horse-42!"));

        // Identity v3 format: 0x01, PRF (2 = HMACSHA512), iteration count, salt length, all big-endian.
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        Assert.Equal((uint)iterations, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)));
    }

    [Fact]
    public void Service_default_stays_at_the_owasp_recommendation() =>
        Assert.Equal(210_000, IdentityPasswordHasher.DefaultIterations);
}

public sealed class PasswordVerificationTests
{
    private const string Password = "Correct-Horse-42!";

    [Theory]
    [InlineData("$2a$", 4)]
    [InlineData("$2a$", 10)]
    [InlineData("$2b$", 4)]
    [InlineData("$2b$", 6)]
    [InlineData("$2y$", 4)]
    [InlineData("$2y$", 5)]
    public void Bcrypt_hashes_verify_and_always_ask_for_a_rehash(string prefix, int cost)
    {
        var hash = BcryptOf(Password, prefix, cost);
        var hasher = new IdentityPasswordHasher(1_000);

        Assert.StartsWith(prefix + cost.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "$", hash, StringComparison.Ordinal);
        Assert.True(BcryptHash.IsWellFormed(hash));
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify(hash, Password));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(hash, "Correct-Horse-43!"));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(hash, string.Empty));
    }

    [Fact]
    public void A_bcrypt_hash_made_elsewhere_verifies()
    {
        // The OpenBSD test vector for "U*U" (cost 5), in the $2a$ form and as other libraries write it.
        const string Vector = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        var hasher = new IdentityPasswordHasher(1_000);

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify(Vector, "U*U"));
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify("$2b$" + Vector[4..], "U*U"));
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify("$2y$" + Vector[4..], "U*U"));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(Vector, "U*V"));
    }

    [Fact]
    public void Bcrypt_hashes_are_checked_against_the_password_as_sent_and_own_hashes_against_its_normal_form()
    {
        // "Ｃ" (fullwidth C) is "C" in NFKC: another system hashed the password as typed, this service its normal form.
        const string typed = "Ｃorrect-Horse-7";
        var hasher = new IdentityPasswordHasher(1_000);
        var imported = BcryptOf(typed, "$2a$", 4);
        var own = hasher.Hash(PasswordPolicy.NormalForm(typed));

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify(imported, typed));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(imported, "Correct-Horse-7"));
        Assert.Equal(PasswordVerification.Success, hasher.Verify(own, typed));
        Assert.Equal(PasswordVerification.Success, hasher.Verify(own, "Correct-Horse-7"));
    }

    [Fact]
    public void A_tampered_bcrypt_hash_fails()
    {
        var hash = BcryptOf(Password, "$2b$", 4);
        var tampered = hash[..^2] + (hash[^2] == 'A' ? 'B' : 'A') + hash[^1];

        Assert.Equal(PasswordVerification.Failed, new IdentityPasswordHasher(1_000).Verify(tampered, Password));
    }

    [Theory]
    [InlineData(PasswordHasherCompatibilityMode.IdentityV3, 1_000)]
    [InlineData(PasswordHasherCompatibilityMode.IdentityV3, 9_999)]
    [InlineData(PasswordHasherCompatibilityMode.IdentityV2, 1_000)]
    public void Identity_hashes_weaker_than_the_setting_ask_for_a_rehash(PasswordHasherCompatibilityMode mode, int iterations)
    {
        var old = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = mode, IterationCount = iterations }));
        var hash = old.HashPassword(new object(), Password);
        var hasher = new IdentityPasswordHasher(10_000);

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, hasher.Verify(hash, Password));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(hash, "Correct-Horse-43!"));
    }

    [Fact]
    public void A_hash_at_the_current_setting_or_stronger_needs_no_rehash()
    {
        var stronger = new IdentityPasswordHasher(20_000).Hash(Password);
        var hasher = new IdentityPasswordHasher(10_000);

        Assert.Equal(PasswordVerification.Success, hasher.Verify(hasher.Hash(Password), Password));
        Assert.Equal(PasswordVerification.Success, hasher.Verify(stronger, Password));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo")]
    [InlineData("$1$saltsalt$hashhashhashhashhash..")]
    [InlineData("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    public void Unknown_formats_fail_without_throwing(string hash) =>
        Assert.Equal(PasswordVerification.Failed, new IdentityPasswordHasher(1_000).Verify(hash, Password));

    /// <summary>A bcrypt hash made by BCrypt.Net with the revision letter of <paramref name="prefix"/>.</summary>
    private static string BcryptOf(string password, string prefix, int cost) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(cost, prefix[2]));
}

public sealed class TokenServiceTests
{
    [Fact]
    public void Tokens_carry_256_random_bits_and_are_stored_as_their_sha256()
    {
        var service = new TokenService();
        var (token, hash) = service.Generate();
        var (other, _) = service.Generate();

        Assert.Equal(43, token.Length);
        Assert.NotEqual(token, other);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, service.HashOf(token));
        Assert.NotEqual(hash, service.HashOf(other));
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_or_oversized_tokens_have_no_hash()
    {
        var service = new TokenService();
        Assert.Null(service.HashOf(""));
        Assert.Null(service.HashOf(new string('a', 10_000)));
    }
}

public sealed class SnowflakeIdGeneratorTests
{
    [Fact]
    public void Ids_are_numeric_unique_and_time_ordered()
    {
        var generator = new SnowflakeIdGenerator(TimeProvider.System, 7);
        var ids = Enumerable.Range(0, 50_000).Select(_ => generator.NewId()).ToList();

        Assert.All(ids, id => Assert.True(long.TryParse(id, out var value) && value > 0));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Select(long.Parse), ids.Select(long.Parse).Order());
    }

    [Fact]
    public void Replicas_with_different_node_ids_never_collide_even_at_the_same_instant()
    {
        var frozen = new FrozenClock(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var a = new SnowflakeIdGenerator(frozen, 1);
        var b = new SnowflakeIdGenerator(frozen, 2);

        var fromA = Enumerable.Range(0, 10_000).Select(_ => a.NewId()).ToHashSet();
        var fromB = Enumerable.Range(0, 10_000).Select(_ => b.NewId()).ToHashSet();

        Assert.Equal(10_000, fromA.Count);
        Assert.Equal(10_000, fromB.Count);
        Assert.Empty(fromA.Intersect(fromB));
    }

    [Fact]
    public void Node_id_is_bounded() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnowflakeIdGenerator(TimeProvider.System, SnowflakeIdGenerator.MaxNodeId + 1));

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class CommonPasswordListTests
{
    [Fact]
    public void Holds_the_zxcvbn_list_and_matches_ignoring_case()
    {
        var list = new CommonPasswordList();

        Assert.Equal(30_000, CommonPasswordList.Count);
        Assert.True(list.IsCommon("password"));
        Assert.True(list.IsCommon("PassWord"));
        Assert.True(list.IsCommon("qwerty"));
        Assert.False(list.IsCommon("Tq7#vLm2-Wz9!"));
    }
}

public sealed class PasswordResetCodesTests
{
    private readonly PasswordResetCodes _codes = new();

    [Fact]
    public void A_code_has_12_characters_of_the_32_letter_alphabet_without_look_alikes()
    {
        var codes = Enumerable.Range(0, 2_000).Select(_ => _codes.Generate().Code).ToList();

        Assert.All(codes, c => Assert.Matches("^[A-HJ-NP-Z2-9]{12}$", c));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());

        // every one of the 32 letters is drawn (24,000 draws: a letter missing by chance has odds below 1e-300)
        Assert.Equal(32, codes.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public void Only_a_hash_is_kept_and_a_code_typed_in_lower_case_or_with_spaces_still_matches()
    {
        var (code, hash) = _codes.Generate();

        Assert.DoesNotContain(code, hash, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, _codes.HashOf($"  {code.ToLowerInvariant()} "));
        Assert.NotEqual(hash, _codes.HashOf(code[..^1]));
    }
}
