using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.RemoveUserMetadata;

internal sealed class RemoveUserMetadataHandler(RequestContext context, IUserRepository users, IUserMetadataRepository metadata, TimeProvider clock)
    : IRequestHandler<RemoveUserMetadataCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemoveUserMetadataCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await metadata.RemoveAsync(users, context, clock, request.UserId, [request.Key], cancellationToken).ConfigureAwait(false);
    }
}
