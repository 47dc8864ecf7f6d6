using System.Reflection;
using System.Text.RegularExpressions;
using Identity.Domain.Common;

namespace Identity.Domain.Tests;

/// <summary>The error catalogue: ids unique, well-formed, in their group, and creatable as exceptions.</summary>
public partial class ErrorCatalogueTests
{
    [GeneratedRegex("^[A-Z]+-[A-Za-z0-9]+$")]
    private static partial Regex IdShape();

    private static IEnumerable<(Type Group, FieldInfo Field)> CodeFields() =>
        typeof(Errors).GetNestedTypes()
            .SelectMany(g => g.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (g, f)))
            .Where(x => x.f.FieldType == typeof(ErrorCode));

    [Fact]
    public void The_catalogue_lists_every_entry_of_every_group()
    {
        Assert.True(Errors.All.Count >= 75, $"only {Errors.All.Count} entries");
        Assert.Equal(CodeFields().Count(), Errors.All.Count);
        Assert.Contains(Errors.User.NotFound, Errors.All);
        Assert.Contains(Errors.Query.LimitExceeded, Errors.All);
        Assert.Contains(Errors.Validation.InvalidArgument, Errors.All);
    }

    [Fact]
    public void Ids_are_unique()
    {
        var duplicates = Errors.All.GroupBy(e => e.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Ids_are_well_formed_and_carry_their_group_as_prefix()
    {
        foreach (var (group, field) in CodeFields())
        {
            var code = (ErrorCode)field.GetValue(null)!;
            Assert.Matches(IdShape(), code.Id);
            Assert.Equal(group.Name.ToUpperInvariant(), code.Id.Split('-')[0]);
            Assert.True(Enum.IsDefined(code.Kind), code.Id);
            Assert.False(string.IsNullOrWhiteSpace(code.Meaning), code.Id);
            Assert.DoesNotContain('\n', code.Meaning);
        }
    }

    [Fact]
    public void Each_entry_has_its_id_as_a_constant_of_the_same_name()
    {
        foreach (var (group, field) in CodeFields())
        {
            var constant = group.GetField(field.Name + "Id", BindingFlags.Public | BindingFlags.Static);
            Assert.True(constant is { IsLiteral: true }, $"{group.Name}.{field.Name}Id is missing or not a constant");
            Assert.Equal(((ErrorCode)field.GetValue(null)!).Id, (string)constant!.GetRawConstantValue()!);
        }

        // and no constant without its entry
        var constants = typeof(Errors).GetNestedTypes()
            .SelectMany(g => g.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));
        Assert.Equal(Errors.All.Select(e => e.Id).Order(StringComparer.Ordinal), constants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_well_formed_check_rejects_malformed_ids()
    {
        Assert.DoesNotMatch(IdShape(), "user-NotFound");
        Assert.DoesNotMatch(IdShape(), "USER_NotFound");
        Assert.DoesNotMatch(IdShape(), "USER-Not Found");
        Assert.DoesNotMatch(IdShape(), "USER-");
        Assert.Matches(IdShape(), "QUERY-4M0fs");
    }

    [Fact]
    public void A_domain_exception_from_an_entry_carries_its_id_kind_and_message()
    {
        var exception = new DomainException(Errors.User.NotFound, "User could not be found");

        Assert.Equal(ErrorKind.NotFound, exception.Kind);
        Assert.Equal(new ErrorDetail("USER-NotFound", "User could not be found"), exception.Summary);
        Assert.Equal([exception.Summary], exception.Details);
        Assert.Equal("User could not be found (USER-NotFound)", exception.Message);
        Assert.Equal(Errors.User.NotFound, Errors.Find("USER-NotFound"));
        Assert.Null(Errors.Find("USER-NoSuchId"));
    }

    [Fact]
    public void The_old_constants_still_name_the_catalogue_ids()
    {
        Assert.Equal(Errors.Text.InvalidCharacterId, Errors.Text.InvalidCharacterId);
        Assert.Equal(Errors.Policy.MinLengthId, Errors.Policy.MinLengthId);
        Assert.Equal(Errors.User.TokenNotFoundId, Errors.User.TokenNotFoundId);
    }
}
