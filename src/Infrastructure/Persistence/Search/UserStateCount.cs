using Identity.Domain.Common;
using Identity.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Infrastructure.Persistence.Search;

/// <summary>
/// A change of how many users of an org are in a state: every save that adds a user, changes its state or deletes its
/// row appends one row per (org, state) it changes (<see cref="IdentityDbContext"/>), in the same transaction, so no
/// two writers touch one row; <see cref="UserStateCountCompactor"/> folds them into one row per (org, state). The sum
/// of an org's rows of a state is its number of users in it: ListUsers' total for a search by state alone, without
/// counting a million index entries.
/// </summary>
internal sealed class UserStateCount
{
    public long Id { get; set; }

    public OrgId OrgId { get; set; }

    public UserState State { get; set; }

    public long Delta { get; set; }
}

internal sealed class UserStateCountConfiguration : IEntityTypeConfiguration<UserStateCount>
{
    public void Configure(EntityTypeBuilder<UserStateCount> builder)
    {
        builder.ToTable("user_state_counts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.State).HasConversion<int>();
        builder.HasIndex(c => new { c.OrgId, c.State, c.Delta });
    }
}
