using System.Text.Json;
using Identity.Domain.Common;
using Identity.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Identity.Infrastructure.Persistence.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasConversion(v => v.Value, v => new SessionId(v)).HasMaxLength(200);
        builder.Property(s => s.TokenHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(s => s.CreatorId).HasMaxLength(200).IsRequired();
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.CreatorId);

        // Ticks, so that "not expired" is a plain comparison on every provider (SQLite cannot compare DateTimeOffset).
        builder.Property(s => s.ExpiresAt).HasConversion(new ValueConverter<DateTimeOffset?, long?>(
            v => v.HasValue ? v.Value.UtcTicks : null,
            v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null));
        builder.Property(s => s.UserAgent).HasConversion(new ValueConverter<SessionUserAgent?, string?>(
            v => v == null ? null : JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => v == null ? null : JsonSerializer.Deserialize<SessionUserAgent>(v, JsonSerializerOptions.Default)));
        builder.Ignore(s => s.Metadata);
        builder.Property<Dictionary<string, byte[]>>("_metadata")
            .HasColumnName("Metadata")
            .IsRequired()
            .HasConversion(
                new ValueConverter<Dictionary<string, byte[]>, string>(
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                    v => JsonSerializer.Deserialize<Dictionary<string, byte[]>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, byte[]>()),
                new ValueComparer<Dictionary<string, byte[]>>(
                    (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                    v => new Dictionary<string, byte[]>(v, StringComparer.Ordinal)));
        builder.Property(s => s.Sequence).IsConcurrencyToken();
        builder.Ignore(s => s.PendingEvents);
    }
}

/// <summary>The lockout policy's count of consecutive failed password checks of one user (no row: 0).</summary>
internal sealed class PasswordCheckFailure
{
    public UserId UserId { get; set; }

    public long FailedCount { get; set; }

    public DateTimeOffset LastFailedAt { get; set; }
}

internal sealed class PasswordCheckFailureConfiguration : IEntityTypeConfiguration<PasswordCheckFailure>
{
    public void Configure(EntityTypeBuilder<PasswordCheckFailure> builder)
    {
        builder.ToTable("password_check_failures");
        builder.HasKey(f => f.UserId);
    }
}
