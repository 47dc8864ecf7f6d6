using FluentValidation;
using Identity.Application.Common;
using Identity.Domain.Common;

namespace Identity.Application.Users.GetUserById;

internal sealed class GetUserByIdValidator : AbstractValidator<GetUserByIdQuery>
{
    public GetUserByIdValidator()
    {
        RuleFor(q => q.Id).CodePoints(1, 200, Errors.User.UserIdInvalid, "id");
        RuleFor(q => q.Id).AllowedText("id");
    }
}
