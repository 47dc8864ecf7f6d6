using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.GetUserMetadata;

internal sealed class GetUserMetadataValidator : AbstractValidator<GetUserMetadataQuery>
{
    public GetUserMetadataValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(q => q.UserId).AllowedText("id");
        RuleFor(q => q.Key).MetadataKey("key");
        RuleFor(q => q.Key).AllowedText("key");
    }
}
