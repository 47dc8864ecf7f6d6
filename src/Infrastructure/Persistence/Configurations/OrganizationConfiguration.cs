using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).HasMaxLength(Text.Utf16Capacity(Organization.MaxNameLength)).IsRequired();
        builder.Property(o => o.PrimaryDomain).HasMaxLength(300).IsRequired();
        builder.HasIndex(o => o.PrimaryDomain).IsUnique();
        builder.Property(o => o.State).HasConversion<int>();
        builder.Property(o => o.Sequence).IsConcurrencyToken();
        builder.Ignore(o => o.PendingEvents);
        builder.Ignore(o => o.IsUsable);
        builder.OwnsOne(o => o.PasswordPolicy, p =>
        {
            p.Property(x => x.MinLength).HasColumnName("PasswordPolicy_MinLength");
            p.Property(x => x.HasUppercase).HasColumnName("PasswordPolicy_HasUppercase");
            p.Property(x => x.HasLowercase).HasColumnName("PasswordPolicy_HasLowercase");
            p.Property(x => x.HasNumber).HasColumnName("PasswordPolicy_HasNumber");
            p.Property(x => x.HasSymbol).HasColumnName("PasswordPolicy_HasSymbol");
        });

        // uint32 values on the wire; stored as 64-bit integers, which every provider has.
        builder.OwnsOne(o => o.LockoutPolicy, p =>
        {
            p.Property(x => x.MaxPasswordAttempts).HasColumnName("LockoutPolicy_MaxPasswordAttempts").HasConversion<long>();
            p.Property(x => x.MaxOtpAttempts).HasColumnName("LockoutPolicy_MaxOtpAttempts").HasConversion<long>();
            p.Ignore(x => x.LocksOnPasswordFailures);
        });
        builder.OwnsOne(o => o.PasswordAgePolicy, p =>
        {
            p.Property(x => x.MaxAgeDays).HasColumnName("PasswordAgePolicy_MaxAgeDays").HasConversion<long>();
            p.Property(x => x.ExpireWarnDays).HasColumnName("PasswordAgePolicy_ExpireWarnDays").HasConversion<long>();
            p.Ignore(x => x.Expires);
        });
    }
}
