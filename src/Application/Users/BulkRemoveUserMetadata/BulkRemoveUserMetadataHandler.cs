using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Users.BulkRemoveUserMetadata;

internal sealed class BulkRemoveUserMetadataHandler(RequestContext context, IUserRepository users, IUserMetadataRepository metadata, TimeProvider clock)
    : IRequestHandler<BulkRemoveUserMetadataCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(BulkRemoveUserMetadataCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await metadata.RemoveAsync(users, context, clock, request.UserId, request.Keys, cancellationToken).ConfigureAwait(false);
    }
}
