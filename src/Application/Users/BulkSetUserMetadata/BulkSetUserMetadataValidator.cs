using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.BulkSetUserMetadata;

internal sealed class BulkSetUserMetadataValidator : AbstractValidator<BulkSetUserMetadataCommand>
{
    public BulkSetUserMetadataValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(c => c.UserId).AllowedText("id");
        RuleFor(c => c.Entries).NotEmpty().WithErrorCode(Errors.Metadata.NoData).WithMessage("metadata must hold at least one entry").OverridePropertyName("metadata");
        RuleForEach(c => c.Entries).NotNull().WithErrorCode(Errors.Metadata.KeyInvalid).WithMessage("a metadata entry is empty").OverridePropertyName("metadata");
        RuleForEach(c => c.Entries).ChildRules(e =>
        {
            e.RuleFor(x => x.Key).MetadataKey("metadata.key");
            e.RuleFor(x => x.Key).AllowedText("metadata.key");
            e.RuleFor(x => x.Value).MetadataValue("metadata.value");
        }).When(c => c.Entries is not null);
    }
}
