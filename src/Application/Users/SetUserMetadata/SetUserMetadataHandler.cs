using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.SetUserMetadata;

internal sealed class SetUserMetadataHandler(RequestContext context, IUserRepository users, IUserMetadataRepository metadata, MetadataLimits limits, TimeProvider clock)
    : IRequestHandler<SetUserMetadataCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(SetUserMetadataCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await metadata.SetAsync(
            users, context, limits, clock, request.UserId, [new(request.Key, request.Value.ToArray())], cancellationToken).ConfigureAwait(false);
    }
}
