using Identity.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Infrastructure.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.AggregateType).HasMaxLength(50);
        builder.Property(m => m.AggregateId).HasMaxLength(200);
        builder.Property(m => m.EventType).HasMaxLength(200);
    }
}

internal sealed class OutboxDeliveryConfiguration : IEntityTypeConfiguration<OutboxDelivery>
{
    public void Configure(EntityTypeBuilder<OutboxDelivery> builder)
    {
        builder.ToTable("outbox_deliveries");
        builder.HasKey(d => new { d.Group, d.MessageId });
        builder.Property(d => d.Group).HasMaxLength(OutboxGroupConfiguration.MaxNameLength);
    }
}

internal sealed class OutboxGroupConfiguration : IEntityTypeConfiguration<OutboxGroup>
{
    public const int MaxNameLength = 200;

    public void Configure(EntityTypeBuilder<OutboxGroup> builder)
    {
        builder.ToTable("outbox_groups");
        builder.HasKey(g => g.Name);
        builder.Property(g => g.Name).HasMaxLength(MaxNameLength);
        builder.Property(g => g.LeaseOwner).HasMaxLength(200);
    }
}
