using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Users.GetUserMetadata;

internal sealed class GetUserMetadataHandler(RequestContext context, IUserRepository users, IUserMetadataRepository metadata)
    : IRequestHandler<GetUserMetadataQuery, UserMetadataDto>
{
    public async Task<UserMetadataDto> Handle(GetUserMetadataQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await users.FindInOrgAsync(context.RequireTenant().Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var entry = await metadata.GetAsync(user.Id, request.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException(Errors.Metadata.NotFound, "Metadata could not be found");
        return UserMetadataDto.From(entry, user);
    }
}
