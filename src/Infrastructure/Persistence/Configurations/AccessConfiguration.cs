using Identity.Domain.Access;
using Identity.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Infrastructure.Persistence.Configurations;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.HasKey(m => new { m.Scope, m.UserId });
        builder.Property(m => m.Scope).HasMaxLength(200);
        builder.HasIndex(m => m.UserId);
        builder.PrimitiveCollection(m => m.Roles).IsRequired();
        builder.Property(m => m.Version).IsConcurrencyToken();
    }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.ToTable("personal_access_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TokenHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.UserId);
    }
}

internal sealed class EventRecordConfiguration : IEntityTypeConfiguration<EventRecord>
{
    public void Configure(EntityTypeBuilder<EventRecord> builder)
    {
        builder.ToTable("events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.AggregateType).HasMaxLength(50);
        builder.Property(e => e.AggregateId).HasMaxLength(200);
        builder.Property(e => e.EventType).HasMaxLength(200);
        builder.Property(e => e.EditorId).HasMaxLength(200);
        builder.Property(e => e.ResourceOwner).HasMaxLength(200);
        builder.HasIndex(e => new { e.AggregateType, e.AggregateId, e.Sequence }).IsUnique();
        builder.HasIndex(e => e.ResourceOwner);
    }
}
