using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.BulkSetUserMetadata;

internal sealed class BulkSetUserMetadataHandler(RequestContext context, IUserRepository users, IUserMetadataRepository metadata, MetadataLimits limits, TimeProvider clock)
    : IRequestHandler<BulkSetUserMetadataCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(BulkSetUserMetadataCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await metadata.SetAsync(
            users, context, limits, clock, request.UserId, [.. request.Entries.Select(e => new KeyValuePair<string, byte[]>(e.Key, e.Value.ToArray()))], cancellationToken)
            .ConfigureAwait(false);
    }
}
