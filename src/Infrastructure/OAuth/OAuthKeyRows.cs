using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Identity.Infrastructure.OAuth;

/// <summary>
/// One RSA key of the OAuth token endpoint (<see cref="SigningKeyRing"/>). The public key is stored as PEM text; the
/// private key as <see cref="KeyProtector"/> wrote it (encrypted when a key-encryption key is configured).
/// </summary>
internal sealed class OAuthSigningKeyRow
{
    /// <summary>The key's <c>kid</c>.</summary>
    public string Id { get; set; } = string.Empty;

    public string PublicKey { get; set; } = string.Empty;

    public string PrivateKey { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>New tokens are signed with the key until then.</summary>
    public DateTimeOffset SignUntil { get; set; }

    /// <summary>Tokens signed with the key are verified until then (the row is deleted afterwards).</summary>
    public DateTimeOffset VerifyUntil { get; set; }
}

/// <summary>One JWT-profile assertion used (<see cref="AssertionReplayGuard"/>): the hash of its issuer and <c>jti</c>.</summary>
internal sealed class OAuthAssertionUse
{
    /// <summary>SHA-256 (hex) of the issuer and the <c>jti</c>: fixed length whatever the client sent.</summary>
    public string Id { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class OAuthSigningKeyRowConfiguration : IEntityTypeConfiguration<OAuthSigningKeyRow>
{
    public void Configure(EntityTypeBuilder<OAuthSigningKeyRow> builder)
    {
        builder.ToTable("oauth_signing_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.PublicKey).HasMaxLength(4000);
        builder.Property(k => k.PrivateKey).HasMaxLength(8000);
        // Ticks, so that times compare as numbers on every provider (SQLite cannot compare DateTimeOffset).
        builder.Property(k => k.CreatedAt).HasConversion(Ticks.Converter);
        builder.Property(k => k.SignUntil).HasConversion(Ticks.Converter);
        builder.Property(k => k.VerifyUntil).HasConversion(Ticks.Converter);
    }
}

internal sealed class OAuthAssertionUseConfiguration : IEntityTypeConfiguration<OAuthAssertionUse>
{
    public void Configure(EntityTypeBuilder<OAuthAssertionUse> builder)
    {
        builder.ToTable("oauth_assertion_uses");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(64);
        builder.Property(u => u.ExpiresAt).HasConversion(Ticks.Converter);
        builder.HasIndex(u => u.ExpiresAt);
    }
}

internal static class Ticks
{
    public static readonly ValueConverter<DateTimeOffset, long> Converter = new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
