using System.Linq.Expressions;
using Identity.Domain.Users;

namespace Identity.Infrastructure.Persistence.Search;

/// <summary>Builds one predicate of a user from others (and, or, not) and from a column and a test of its value.</summary>
internal static class Combine
{
    public static Expression<Func<User, bool>> And(Expression<Func<User, bool>> left, Expression<Func<User, bool>> right) =>
        Expression.Lambda<Func<User, bool>>(Expression.AndAlso(left.Body, Rebind(right, left.Parameters[0])), left.Parameters);

    public static Expression<Func<User, bool>> Or(Expression<Func<User, bool>> left, Expression<Func<User, bool>> right) =>
        Expression.Lambda<Func<User, bool>>(Expression.OrElse(left.Body, Rebind(right, left.Parameters[0])), left.Parameters);

    public static Expression<Func<User, bool>> Not(Expression<Func<User, bool>> operand) =>
        Expression.Lambda<Func<User, bool>>(Expression.Not(operand.Body), operand.Parameters);

    /// <summary><paramref name="test"/> of the value <paramref name="column"/> selects: u => test(column(u)), inlined.</summary>
    public static Expression<Func<User, bool>> Apply(Expression<Func<User, string?>> column, Expression<Func<string?, bool>> test) =>
        Expression.Lambda<Func<User, bool>>(new Replace(test.Parameters[0], column.Body).Visit(test.Body)!, column.Parameters);

    private static Expression Rebind(Expression<Func<User, bool>> lambda, ParameterExpression parameter) =>
        new Replace(lambda.Parameters[0], parameter).Visit(lambda.Body)!;

    private sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
