using Identity.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Identity.Infrastructure.Persistence.Configurations;

/// <summary>
/// machine_keys: the public keys of machine users (PEM text; never a private key). The rows go with their user: RemoveUser
/// deletes them, and the foreign key cascades should a user row ever be deleted.
/// </summary>
internal sealed class MachineKeyConfiguration : IEntityTypeConfiguration<MachineKey>
{
    /// <summary>Room for the PEM text of an RSA public key of 8192 bits (about 1,500 characters).</summary>
    public const int MaxPublicKeyLength = 2000;

    public void Configure(EntityTypeBuilder<MachineKey> builder)
    {
        builder.ToTable("machine_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasConversion(v => v.Value, v => new MachineKeyId(v)).HasMaxLength(200);
        builder.Property(k => k.Type).HasConversion<int>();
        builder.Property(k => k.PublicKey).HasMaxLength(MaxPublicKeyLength).IsRequired();

        // Ticks, so that "not expired" is a plain comparison on every provider (SQLite cannot compare DateTimeOffset).
        builder.Property(k => k.ExpiresAt).HasConversion(new ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero)));
        builder.HasIndex(k => k.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
