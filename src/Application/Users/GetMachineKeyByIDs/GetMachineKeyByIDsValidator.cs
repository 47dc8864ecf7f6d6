using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Application.Users.GetMachineKeyByIDs;

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
