using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.BulkRemoveUserMetadata;

internal sealed class BulkRemoveUserMetadataValidator : AbstractValidator<BulkRemoveUserMetadataCommand>
{
    public BulkRemoveUserMetadataValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(c => c.UserId).AllowedText("id");
        RuleFor(c => c.Keys).NotEmpty().WithErrorCode(Errors.Metadata.NoData).WithMessage("keys must hold at least one key").OverridePropertyName("keys");
        RuleForEach(c => c.Keys).MetadataKey("keys");
        RuleForEach(c => c.Keys).AllowedText("keys");
    }
}
