using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.SetUserMetadata;

internal sealed class SetUserMetadataValidator : AbstractValidator<SetUserMetadataCommand>
{
    public SetUserMetadataValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(c => c.UserId).AllowedText("id");
        RuleFor(c => c.Key).MetadataKey("key");
        RuleFor(c => c.Key).AllowedText("key");
        RuleFor(c => c.Value).MetadataValue("value");
    }
}
