using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.RemoveUserMetadata;

internal sealed class RemoveUserMetadataValidator : AbstractValidator<RemoveUserMetadataCommand>
{
    public RemoveUserMetadataValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(c => c.UserId).AllowedText("id");
        RuleFor(c => c.Key).MetadataKey("key");
        RuleFor(c => c.Key).AllowedText("key");
    }
}
