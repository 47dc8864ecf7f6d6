using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.MachineCredentials;

internal sealed class AddMachineKeyValidator : AbstractValidator<AddMachineKeyCommand>
{
    public AddMachineKeyValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.Type).Equal(MachineKeyType.Json)
            .WithErrorCode(Errors.User.KeyTypeInvalidId).WithMessage("type must be KEY_TYPE_JSON").OverridePropertyName("type");
    }
}

internal sealed class ListMachineKeysValidator : AbstractValidator<ListMachineKeysQuery>
{
    public ListMachineKeysValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.Limit).ListLimit(ListMachineKeysQuery.MaxLimit);
        RuleFor(q => q.Offset).ListOffset();
    }
}

internal sealed class GetMachineKeyByIDsValidator : AbstractValidator<GetMachineKeyByIDsQuery>
{
    public GetMachineKeyByIDsValidator()
    {
        RuleFor(q => q.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(q => q.UserId).AllowedText("user_id");
        RuleFor(q => q.KeyId).CodePoints(1, 200, Errors.User.KeyIdInvalid, "key_id");
        RuleFor(q => q.KeyId).AllowedText("key_id");
    }
}

internal sealed class RemoveMachineKeyValidator : AbstractValidator<RemoveMachineKeyCommand>
{
    public RemoveMachineKeyValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
        RuleFor(c => c.KeyId).CodePoints(1, 200, Errors.User.KeyIdInvalid, "key_id");
        RuleFor(c => c.KeyId).AllowedText("key_id");
    }
}

internal sealed class GenerateMachineSecretValidator : AbstractValidator<GenerateMachineSecretCommand>
{
    public GenerateMachineSecretValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
    }
}

internal sealed class RemoveMachineSecretValidator : AbstractValidator<RemoveMachineSecretCommand>
{
    public RemoveMachineSecretValidator()
    {
        RuleFor(c => c.UserId).CodePoints(1, 200, Errors.User.UserIdInvalid, "user_id");
        RuleFor(c => c.UserId).AllowedText("user_id");
    }
}
