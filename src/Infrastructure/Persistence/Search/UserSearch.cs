using System.Linq.Expressions;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ListUsers;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Identity.Infrastructure.Persistence.Search;

/// <summary>
/// ListUsers as SQL. Every comparison is ordinal on every provider (the searched key columns have a binary collation:
/// see <see cref="SearchKeys"/>), and written so that the indexes of the migration <c>UserSearchIndexes</c> serve the
/// common cases: equals and starts-with on user name and email (ranges on <c>UserName</c>, <c>UserNameKey</c>,
/// <c>EmailKey</c>), a state filter and the first page in user-name order (<c>OrgId, State, UserNameKey</c>).
/// Contains, ends-with and the other fields are evaluated row by row within the org.
/// </summary>
internal sealed class UserSearch(IdentityDbContext db) : IUserSearch
{
    /// <summary>Above every character: a prefix p matches exactly the keys in [p, p + this).</summary>
    private const string PrefixEnd = "\U0010FFFF";

    public async Task<UserSearchPage> SearchAsync(UserSearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var matching = Matching(request);
        var page = await Page(matching, request).ToListAsync(cancellationToken).ConfigureAwait(false);

        // a page that is not full ends the list: its length tells the total, without counting every match again
        var total = page.Count < request.Limit && (page.Count > 0 || request.Offset == 0)
            ? request.Offset + page.Count
            : await CountAsync(matching, request, cancellationToken).ConfigureAwait(false);
        return new UserSearchPage(page, total);
    }

    /// <summary>
    /// Every match: for a search by state alone (or none) the sum of the org's state counts, which does not grow with
    /// the org; otherwise the matches counted.
    /// </summary>
    private async Task<long> CountAsync(IQueryable<User> matching, UserSearchRequest request, CancellationToken cancellationToken) =>
        StateCounts(request) is { } counts
            ? await counts.SumAsync(c => c.Delta, cancellationToken).ConfigureAwait(false)
            : await matching.LongCountAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// For a search by state alone (or none): the rows of <see cref="UserStateCount"/> whose sum is its total (two
    /// different states: none). Null for any other search.
    /// </summary>
    internal IQueryable<UserStateCount>? StateCounts(UserSearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Conditions.All(c => c is UserStateCondition))
        {
            return null;
        }

        var states = request.Conditions.Cast<UserStateCondition>().Select(c => c.State).Distinct().ToList();
        UserState[] counted = states.Count switch
        {
            0 => [UserState.Active, UserState.Inactive, UserState.Locked, UserState.Initial],
            1 when states[0] != UserState.Removed => [states[0]],
            _ => [],
        };
        var orgId = request.OrgId;
        return db.UserStateCounts.Where(c => c.OrgId == orgId && counted.Contains(c.State));
    }

    /// <summary>The users of the org that are not removed and match every condition (the count runs on this).</summary>
    internal IQueryable<User> Matching(UserSearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var orgId = request.OrgId;
        var query = db.Users.AsNoTracking().Where(u => u.OrgId == orgId && u.State != UserState.Removed);
        foreach (var condition in request.Conditions)
        {
            query = query.Where(Predicate(condition, request.PrimaryDomain));
        }

        return query;
    }

    /// <summary>The asked page of <paramref name="matching"/>, in the asked order.</summary>
    internal IQueryable<User> Page(IQueryable<User> matching, UserSearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Order(matching, request.SortBy, request.Asc).Skip(request.Offset).Take(request.Limit);
    }

    private IQueryable<User> Order(IQueryable<User> query, UserSortColumn sortBy, bool asc)
    {
        // a user name key is unique in its org; the other columns are made unique by the id. Humans and machines
        // are ordered apart where only humans have the column, so no provider's placement of NULLs shows.
        return sortBy switch
        {
            UserSortColumn.FirstName => By(query, u => u.Human!.FirstName, asc),
            UserSortColumn.LastName => By(query, u => u.Human!.LastName, asc),
            UserSortColumn.NickName => By(query, u => u.Human!.NickName, asc),
            UserSortColumn.DisplayName => By(query, u => u.Human!.DisplayName, asc),
            UserSortColumn.Email => By(query, u => EF.Property<string?>(u, SearchKeys.EmailKey), asc),
            UserSortColumn.State => asc ? query.OrderBy(u => u.State).ThenBy(u => u.Id) : query.OrderByDescending(u => u.State).ThenByDescending(u => u.Id),
            UserSortColumn.Type => asc ? query.OrderBy(u => u.Type).ThenBy(u => u.Id) : query.OrderByDescending(u => u.Type).ThenByDescending(u => u.Id),
            UserSortColumn.CreationDate when db.Database.IsSqlite() => asc
                ? query.OrderBy(u => SearchKeys.StoredText(u.CreatedAt)).ThenBy(u => u.Id)
                : query.OrderByDescending(u => SearchKeys.StoredText(u.CreatedAt)).ThenByDescending(u => u.Id),
            UserSortColumn.CreationDate => asc ? query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id) : query.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id),
            _ => asc ? query.OrderBy(u => u.UserNameKey) : query.OrderByDescending(u => u.UserNameKey),
        };
    }

    private static IOrderedQueryable<User> By(IQueryable<User> query, Expression<Func<User, string?>> column, bool asc) => asc
        ? query.OrderBy(u => u.Type).ThenBy(column).ThenBy(u => u.Id)
        : query.OrderByDescending(u => u.Type).ThenByDescending(column).ThenByDescending(u => u.Id);

    private static Expression<Func<User, bool>> Predicate(UserCondition condition, string primaryDomain) => condition switch
    {
        UserTextCondition t => Text(t.Field, t.Text, primaryDomain),
        UserStateCondition s => State(s.State),
        UserTypeCondition t => Type(t.Type),
        UserIdsCondition ids => Ids(ids.UserIds),
        UserEmailsCondition emails => Emails(emails.Emails),
        AndCondition and => and.Conditions.Count == 0 ? Always(true) : and.Conditions.Select(c => Predicate(c, primaryDomain)).Aggregate(Combine.And),
        OrCondition or => or.Conditions.Count == 0 ? Always(false) : or.Conditions.Select(c => Predicate(c, primaryDomain)).Aggregate(Combine.Or),
        NotCondition not => Combine.Not(Predicate(not.Condition, primaryDomain)),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition?.GetType().Name, "not a user search condition"),
    };

    private static Expression<Func<User, bool>> Always(bool value) => value ? u => true : u => false;

    private static Expression<Func<User, bool>> State(UserState state) =>
        state is UserState.Active or UserState.Inactive or UserState.Locked or UserState.Initial ? u => u.State == state : Always(false);

    private static Expression<Func<User, bool>> Type(UserType type) =>
        type is UserType.Human or UserType.Machine ? u => u.Type == type : Always(false);

    private static Expression<Func<User, bool>> Ids(IReadOnlyList<string> values)
    {
        var ids = values.Select(v => new UserId(v)).ToList();
        return u => ids.Contains(u.Id);
    }

    private static Expression<Func<User, bool>> Emails(IReadOnlyList<string> values)
    {
        var keys = values.Select(SearchKeys.Email).ToList();
        return u => keys.Contains(EF.Property<string?>(u, SearchKeys.EmailKey)!);
    }

    private static Expression<Func<User, bool>> Text(UserTextField field, TextQuery text, string primaryDomain) => field switch
    {
        UserTextField.UserName => UserName(text),
        UserTextField.Email => Email(text),
        UserTextField.FirstName => Field(u => u.Human!.FirstName, text),
        UserTextField.LastName => Field(u => u.Human!.LastName, text),
        UserTextField.NickName => Field(u => u.Human!.NickName, text),
        UserTextField.DisplayName => Field(u => u.Human!.DisplayName, text),
        UserTextField.LoginName => LoginName(text, primaryDomain),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a searchable user field"),
    };

    private static Expression<Func<User, bool>> UserName(TextQuery text)
    {
        var value = text.Value;
        switch (text.Match)
        {
            case TextMatch.Equals:
                var key = User.NormalizeUserName(value);
                return u => u.UserNameKey == key && u.UserName == value;
            case TextMatch.EqualsIgnoreCase:
                var folded = User.NormalizeUserName(value);
                return u => u.UserNameKey == folded;
            case TextMatch.StartsWith:
                return Prefix(u => u.UserName, value);
            case TextMatch.StartsWithIgnoreCase:
                return Prefix(u => u.UserNameKey, SearchKeys.UserNamePart(value));
            case TextMatch.ContainsIgnoreCase:
            case TextMatch.EndsWithIgnoreCase:
                // the key is folded already: the exact method (the one before it in TextMatch) on the folded value
                return Field(u => u.UserNameKey, new TextQuery(SearchKeys.UserNamePart(value), text.Match - 1));
            default:
                return Field(u => u.UserName, text);
        }
    }

    private static Expression<Func<User, bool>> Email(TextQuery text)
    {
        var value = text.Value;
        var key = SearchKeys.Email(value);
        switch (text.Match)
        {
            case TextMatch.Equals:
                return u => EF.Property<string?>(u, SearchKeys.EmailKey) == key && u.Human!.Email == value;
            case TextMatch.EqualsIgnoreCase:
                return u => EF.Property<string?>(u, SearchKeys.EmailKey) == key;
            case TextMatch.StartsWith:
                // the key's range finds the candidates by index; the exact prefix decides among them
                return Combine.And(Prefix(u => EF.Property<string?>(u, SearchKeys.EmailKey), key), Field(u => u.Human!.Email, text));
            case TextMatch.StartsWithIgnoreCase:
                return Prefix(u => EF.Property<string?>(u, SearchKeys.EmailKey), key);
            case TextMatch.ContainsIgnoreCase:
            case TextMatch.EndsWithIgnoreCase:
                return Field(u => EF.Property<string?>(u, SearchKeys.EmailKey), new TextQuery(key, text.Match - 1));
            default:
                return Field(u => u.Human!.Email, text);
        }
    }

    /// <summary>
    /// A login name is <c>user name@primary domain</c>. Equality is a user name's equality when the value ends with
    /// the org's domain (an index serves it); the other methods compare the whole login name.
    /// </summary>
    private static Expression<Func<User, bool>> LoginName(TextQuery text, string primaryDomain)
    {
        var suffix = "@" + primaryDomain;
        if (text.Match is TextMatch.Equals or TextMatch.EqualsIgnoreCase)
        {
            var comparison = text.Match == TextMatch.Equals ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            return text.Value.EndsWith(suffix, comparison) && text.Value.Length > suffix.Length
                ? UserName(text with { Value = text.Value[..^suffix.Length] })
                : Always(false);
        }

        return Field(u => u.UserName + suffix, text);
    }

    /// <summary>column in [prefix, prefix + <see cref="PrefixEnd"/>): by the column's index, in its binary order.</summary>
    private static Expression<Func<User, bool>> Prefix(Expression<Func<User, string?>> column, string prefix)
    {
        if (prefix.Length == 0)
        {
            return Combine.Apply(column, c => c != null);
        }

        var end = prefix + PrefixEnd;
#pragma warning disable CA1309 // string.Compare(string, string) is what EF translates to SQL's >= and <; the collation is binary
        return Combine.Apply(column, c => c != null && string.Compare(c, prefix) >= 0 && string.Compare(c, end) < 0);
#pragma warning restore CA1309
    }

    /// <summary>
    /// Any method on any text column, row by row: exact with SQL's substr/length/instr (code points on SQLite and
    /// PostgreSQL), or both sides upper-cased (invariant; SQLite's upper() is the invariant one of .NET here:
    /// see <see cref="SqliteFunctions"/>). A user without the column (a machine has no profile) never matches.
    /// </summary>
    private static Expression<Func<User, bool>> Field(Expression<Func<User, string?>> column, TextQuery text)
    {
        var value = text.IgnoreCase ? text.Value.ToUpperInvariant() : text.Value;
        var length = Domain.Common.Text.CodePoints(value);
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL upper(); no culture applies in the database
        return text.Match switch
        {
            TextMatch.Equals => Combine.Apply(column, c => c != null && c == value),
            TextMatch.EqualsIgnoreCase => Combine.Apply(column, c => c != null && c.ToUpper() == value),
            TextMatch.StartsWith => Combine.Apply(column, c => c != null && c.Length >= length && c.Substring(0, length) == value),
            TextMatch.StartsWithIgnoreCase => Combine.Apply(column, c => c != null && c.Length >= length && c.ToUpper().Substring(0, length) == value),
            TextMatch.Contains => Combine.Apply(column, c => c != null && c.Contains(value)),
            TextMatch.ContainsIgnoreCase => Combine.Apply(column, c => c != null && c.ToUpper().Contains(value)),
            TextMatch.EndsWith => Combine.Apply(column, c => c != null && c.Length >= length && c.Substring(c.Length - length) == value),
            TextMatch.EndsWithIgnoreCase => Combine.Apply(column, c => c != null && c.Length >= length && c.ToUpper().Substring(c.Length - length) == value),
            _ => throw new ArgumentOutOfRangeException(nameof(text), text.Match, "not a TextQueryMethod"),
        };
#pragma warning restore CA1304, CA1311, CA1862
    }
}
