using Identity.Domain.Common;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.OrgId).IsRequired();
        builder.Property(u => u.UserName).HasMaxLength(Text.Utf16Capacity(User.MaxUserNameLength)).IsRequired();
        builder.Property(u => u.UserNameKey).HasMaxLength(User.MaxUserNameKeyLength).IsRequired();
        builder.HasIndex(u => new { u.OrgId, u.UserNameKey }).IsUnique();

        // ListUsers (Persistence/Search/UserSearch.cs): exact user names and their prefixes; emails ignoring case
        // (the folded copy below) and their prefixes; a state filter in user-name order.
        builder.Property<string?>(SearchKeys.EmailKey).HasMaxLength(Text.Utf16Capacity(200));
        builder.HasIndex(u => new { u.OrgId, u.UserName });
        builder.HasIndex(nameof(User.OrgId), SearchKeys.EmailKey);
        builder.HasIndex(u => new { u.OrgId, u.State, u.UserNameKey });
        builder.Property(u => u.Type).HasConversion<int>();
        builder.Property(u => u.State).HasConversion<int>();
        builder.Property(u => u.PasswordHash).HasMaxLength(500);
        builder.Property(u => u.PasswordCodeHash).HasMaxLength(64);
        builder.Property(u => u.MachineSecretHash).HasMaxLength(64);

        // A presented client secret is looked up by its hash (SQL Server: EF filters the unique index to non-null hashes).
        builder.HasIndex(u => u.MachineSecretHash).IsUnique();
        builder.Property(u => u.Sequence).IsConcurrencyToken();
        builder.Ignore(u => u.PendingEvents);
        builder.OwnsOne(u => u.Human, h =>
        {
            h.Property(x => x.FirstName).HasColumnName("FirstName").HasMaxLength(Text.Utf16Capacity(200));
            h.Property(x => x.LastName).HasColumnName("LastName").HasMaxLength(Text.Utf16Capacity(200));
            h.Property(x => x.NickName).HasColumnName("NickName").HasMaxLength(Text.Utf16Capacity(200));
            h.Property(x => x.DisplayName).HasColumnName("DisplayName").HasMaxLength(Text.Utf16Capacity(200));
            h.Property(x => x.PreferredLanguage).HasColumnName("PreferredLanguage").HasMaxLength(Text.Utf16Capacity(10));
            h.Property(x => x.Gender).HasColumnName("Gender").HasConversion<int>();
            h.Property(x => x.Email).HasColumnName("Email").HasMaxLength(200);
            h.Property(x => x.IsEmailVerified).HasColumnName("IsEmailVerified");
            h.Property(x => x.Phone).HasColumnName("Phone").HasMaxLength(50);
            h.Property(x => x.IsPhoneVerified).HasColumnName("IsPhoneVerified");
            h.Ignore(x => x.EmailLocalPart);
        });
        builder.Property(u => u.InitialPasswordExpiresAt);

        // Former password hashes (secrets like PasswordHash), at most Identity:Passwords:HistoryDepth - 1 per user.
        builder.OwnsMany(u => u.PasswordHistory, h =>
        {
            h.ToTable("password_history");
            h.WithOwner().HasForeignKey("UserId");
            h.HasKey("UserId", nameof(PasswordHistoryEntry.Number));
            h.Property(x => x.Number).ValueGeneratedNever();
            h.Property(x => x.Hash).HasMaxLength(500).IsRequired();
            h.Property(x => x.SetAt).IsRequired();
        });
        builder.Navigation(u => u.PasswordHistory).HasField("_passwordHistory").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsOne(u => u.Machine, m =>
        {
            m.Property(x => x.Name).HasColumnName("MachineName").HasMaxLength(Text.Utf16Capacity(200));
            m.Property(x => x.Description).HasColumnName("MachineDescription").HasMaxLength(Text.Utf16Capacity(500));
            m.Property(x => x.AccessTokenType).HasColumnName("AccessTokenType").HasConversion<int>();
        });
    }
}

/// <summary>
/// user_metadata: one row per key of a user; the key is compared ordinally (case matters, as upstream). The rows go
/// with their user: RemoveUser deletes them, and the foreign key cascades should a user row ever be deleted.
/// </summary>
internal sealed class UserMetadataConfiguration : IEntityTypeConfiguration<UserMetadata>
{
    public void Configure(EntityTypeBuilder<UserMetadata> builder)
    {
        builder.ToTable("user_metadata");
        builder.HasKey(m => new { m.UserId, m.Key });
        builder.Property(m => m.Key).HasMaxLength(Text.Utf16Capacity(MetadataLimits.MaxKeyLength)).IsRequired();
        builder.Property(m => m.Value).IsRequired();
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
