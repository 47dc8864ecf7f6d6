using Identity.Application.Abstractions;
using Identity.Application.Access;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class OAuthTokenAuthenticatorTests
{
    private const string Token = "header.claims.signature";

    private readonly IOAuthAccessTokenReader _reader = Substitute.For<IOAuthAccessTokenReader>();
    private readonly IMachineKeyRepository _keys = Substitute.For<IMachineKeyRepository>();
    private readonly FakeTimeProvider _clock = new(TestData.Now);

    private const string SecretHash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

    /// <summary>A token read as the reader reads it: bound to a key, or else to the stamp of <see cref="SecretHash"/>.</summary>
    private void Reads(string userId, string? keyId = null, string? stamp = null) =>
        _reader.ReadAsync(Token, Arg.Any<CancellationToken>())
            .Returns(new OAuthAccessToken(userId, keyId, keyId is null ? stamp ?? MachineCredentialVerifier.SecretStamp(SecretHash) : stamp));

    private static User MachineWithSecret(string id, string hash = SecretHash)
    {
        var machine = TestData.Machine(id);
        machine.SetMachineSecret(hash, TestData.Now, "1");
        return machine;
    }

    private Task<Caller?> Authenticate(params Func<User>[] users) =>
        new OAuthTokenAuthenticator(_reader, TestData.Users(users), _keys, _clock).AuthenticateAsync(Token, CancellationToken.None);

    [Fact]
    public void Only_three_part_tokens_are_read_as_jwts()
    {
        Assert.True(OAuthTokenAuthenticator.IsJwt(Token));
        Assert.False(OAuthTokenAuthenticator.IsJwt("Zm9vYmFyYmF6-_Zm9vYmFyYmF6"));
        Assert.False(OAuthTokenAuthenticator.IsJwt("a.b"));
    }

    [Fact]
    public async Task A_token_of_an_active_machine_user_names_it()
    {
        Reads("2");

        Assert.Equal(new Caller(new UserId("2"), TestData.OrgId), await Authenticate(() => MachineWithSecret("2")));
    }

    [Fact]
    public async Task A_token_bound_to_a_secret_stops_when_the_secret_is_replaced_or_removed()
    {
        Reads("2");

        Assert.Null(await Authenticate(() => MachineWithSecret("2", hash: new string('0', 64))));
        Assert.Null(await Authenticate(() => TestData.Machine("2")));
    }

    [Fact]
    public async Task A_token_bound_to_neither_or_both_a_key_and_a_secret_is_refused()
    {
        _keys.FindActiveAsync(new UserId("2"), new MachineKeyId("k1"), TestData.Now, Arg.Any<CancellationToken>())
            .Returns(new MachineKey(new MachineKeyId("k1"), new UserId("2"), MachineKeyType.Json, "pem", TestData.Now.AddDays(1), TestData.Created));
        _reader.ReadAsync(Token, Arg.Any<CancellationToken>()).Returns(new OAuthAccessToken("2", null, null));
        Assert.Null(await Authenticate(() => MachineWithSecret("2")));

        _reader.ReadAsync(Token, Arg.Any<CancellationToken>()).Returns(new OAuthAccessToken("2", "k1", MachineCredentialVerifier.SecretStamp(SecretHash)));
        Assert.Null(await Authenticate(() => MachineWithSecret("2")));
    }

    [Fact]
    public void A_secret_stamp_names_the_hash_and_shows_nothing_of_it()
    {
        var stamp = MachineCredentialVerifier.SecretStamp(SecretHash);

        Assert.Equal(32, stamp.Length);
        Assert.Equal(stamp, MachineCredentialVerifier.SecretStamp(SecretHash));
        Assert.NotEqual(stamp, MachineCredentialVerifier.SecretStamp(new string('0', 64)));
        Assert.DoesNotContain(stamp, SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_the_reader_refuses_is_refused()
    {
        _reader.ReadAsync(Token, Arg.Any<CancellationToken>()).Returns((OAuthAccessToken?)null);

        Assert.Null(await Authenticate(() => TestData.Machine("2")));
    }

    [Theory]
    [InlineData(UserState.Inactive)]
    [InlineData(UserState.Locked)]
    public async Task A_user_that_cannot_act_is_refused_at_once(UserState state)
    {
        Reads("2");

        Assert.Null(await Authenticate(() => MachineWithSecret("2").Reach(state)));
    }

    [Fact]
    public async Task A_removed_user_and_a_human_are_refused()
    {
        Reads("2");
        Assert.Null(await Authenticate());
        Reads("1");
        Assert.Null(await Authenticate(() => TestData.Human("1")));
    }

    [Fact]
    public async Task A_token_bound_to_a_key_needs_the_key_still_active()
    {
        Reads("2", "k1");
        Assert.Null(await Authenticate(() => TestData.Machine("2")));

        _keys.FindActiveAsync(new UserId("2"), new MachineKeyId("k1"), TestData.Now, Arg.Any<CancellationToken>())
            .Returns(new MachineKey(new MachineKeyId("k1"), new UserId("2"), MachineKeyType.Json, "pem", TestData.Now.AddDays(1), TestData.Created));
        Assert.Equal(new Caller(new UserId("2"), TestData.OrgId), await Authenticate(() => TestData.Machine("2")));
    }
}
