using Identity.Domain.Organizations;
using Identity.Domain.Users;
using Mapster;

namespace Identity.Application.Common;

/// <summary>Mapster configuration from domain aggregates to response DTOs, compiled once.</summary>
internal static class Mappings
{
    public static TypeAdapterConfig Config { get; } = Create();

    private static TypeAdapterConfig Create()
    {
        var config = new TypeAdapterConfig();
        config.NewConfig<User, ObjectDetailsDto>()
            .MapToConstructor(true)
            .Map(d => d.Sequence, s => s.Sequence)
            .Map(d => d.CreationDate, s => s.CreatedAt)
            .Map(d => d.ChangeDate, s => s.ChangedAt)
            .Map(d => d.ResourceOwner, s => s.OrgId.Value);
        config.NewConfig<Organization, ObjectDetailsDto>()
            .MapToConstructor(true)
            .Map(d => d.Sequence, s => s.Sequence)
            .Map(d => d.CreationDate, s => s.CreatedAt)
            .Map(d => d.ChangeDate, s => s.ChangedAt)
            .Map(d => d.ResourceOwner, s => s.Id.Value);
        config.Compile();
        return config;
    }

    public static ObjectDetailsDto Details(this User user) => user.Adapt<ObjectDetailsDto>(Config);

    public static ObjectDetailsDto Details(this Organization org) => org.Adapt<ObjectDetailsDto>(Config);
}
