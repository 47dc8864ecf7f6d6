using Identity.Domain.Common;
using Identity.Domain.Organizations;

namespace Identity.Domain.Tests;

public class OrganizationTests
{
    [Fact]
    public void Create_makes_an_active_org_with_a_primary_domain_and_one_event()
    {
        var org = Organization.Create(TestData.Org, "  ACME Corp  ", "acme.localhost", TestData.Now, TestData.Editor);

        Assert.Equal(TestData.Org, org.Id);
        Assert.Equal("ACME Corp", org.Name);
        Assert.Equal("acme-corp.acme.localhost", org.PrimaryDomain);
        Assert.Equal(OrgState.Active, org.State);
        Assert.True(org.IsUsable);
        Assert.Null(org.PasswordPolicy);
        Assert.Equal(1, org.Sequence);
        Assert.Equal(TestData.Now, org.CreatedAt);
        Assert.Equal(TestData.Now, org.ChangedAt);

        var added = Assert.Single(org.PendingEvents);
        Assert.Equal("org.added", added.Type);
        Assert.Equal("org", added.AggregateType);
        Assert.Equal(TestData.Org.Value, added.AggregateId);
        Assert.Equal(TestData.Org.Value, added.ResourceOwner);
        Assert.Equal(TestData.Editor, added.EditorId);
        Assert.Equal(1, added.Sequence);
        Assert.Equal(TestData.Now, added.CreatedAt);
        Assert.Equal("ACME Corp", added.Payload["name"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_refuses_a_blank_name(string name)
    {
        var error = Assert.Throws<DomainException>(() => Organization.Create(TestData.Org, name, "acme.localhost", TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("ORG-NameInvalid", error.Summary.Id);
    }

    [Fact]
    public void Create_accepts_200_characters_and_refuses_201()
    {
        var org = Organization.Create(TestData.Org, new string('a', 200), "acme.localhost", TestData.Now, TestData.Editor);
        Assert.Equal(200, org.Name.Length);

        var error = Assert.Throws<DomainException>(() => Organization.Create(TestData.Org, new string('a', 201), "acme.localhost", TestData.Now, TestData.Editor));
        Assert.Equal("ORG-NameInvalid", error.Summary.Id);
    }

    [Fact]
    public void Create_counts_the_name_length_in_code_points_like_the_request_validator()
    {
        // AddOrgValidator accepts 1..200 code points; the aggregate must not refuse what the validator let through.
        var name = string.Concat(Enumerable.Repeat("\U0001F3E2", 150)); // 150 code points, 300 UTF-16 units

        var org = Organization.Create(TestData.Org, name, "acme.localhost", TestData.Now, TestData.Editor);

        Assert.Equal(name, org.Name);
    }

    [Fact]
    public void Create_refuses_a_null_name()
    {
        Assert.Throws<ArgumentNullException>(() => Organization.Create(TestData.Org, null!, "acme.localhost", TestData.Now, TestData.Editor));
    }

    [Theory]
    [InlineData("ACME", "acme.localhost", "acme.acme.localhost")]
    [InlineData("ACME Corp", "example.com", "acme-corp.example.com")]
    [InlineData("Foo__Bar!!  Baz", "example.com", "foo-bar-baz.example.com")]
    [InlineData("--Edge--", "example.com", "edge.example.com")]
    [InlineData("Team 42", "example.com", "team-42.example.com")]
    [InlineData("Café Zürich", "example.com", "caf-z-rich.example.com")] // ASCII letters: as before
    [InlineData("株式会社 A", "example.com", "a.example.com")]
    [InlineData("123", "example.com", "123.example.com")]
    [InlineData("密码", "example.com", "xn--vctw07d.example.com")]
    [InlineData("Ромашка", "example.com", "xn--80aa3agjl3d.example.com")]
    [InlineData("Ромашка Ltd", "example.com", "ltd.example.com")]
    [InlineData("Ёлка / Ель", "example.com", "xn----7sbqree3j7a.example.com")]
    public void DomainFromName_lowercases_and_replaces_non_alphanumerics(string name, string instanceDomain, string expected)
    {
        Assert.Equal(expected, Organization.DomainFromName(name, instanceDomain));
    }

    [Fact]
    public void Removed_org_is_not_usable_but_inactive_is()
    {
        Assert.False(TestData.Org1().WithState(OrgState.Removed).IsUsable);
        Assert.True(TestData.Org1().WithState(OrgState.Inactive).IsUsable);
    }

    [Theory]
    [InlineData("密码", "株式会社")]
    [InlineData("Ромашка", "Лютик")]
    [InlineData("Ελληνικά", "日本語")]
    [InlineData("Ромашка", "Ромашка 2")]
    public void Names_without_ascii_letters_get_different_domains(string first, string second)
    {
        var a = Organization.DomainFromName(first, "example.com");
        var b = Organization.DomainFromName(second, "example.com");

        Assert.NotEqual(a, b);
        Assert.StartsWith("xn--", a, StringComparison.Ordinal);
        Assert.NotEqual("org.example.com", a);
    }

    [Fact]
    public void An_idna_label_decodes_back_to_the_names_letters()
    {
        var domain = Organization.DomainFromName("Ромашка", "example.com");

        Assert.Equal("ромашка", new System.Globalization.IdnMapping().GetUnicode(domain.Split('.')[0]));
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("\U0001F3E2\U0001F3E2")]
    [InlineData("--- ---")]
    public void Names_idna_cannot_encode_get_a_label_from_their_hash(string name)
    {
        var domain = Organization.DomainFromName(name, "example.com");

        Assert.Matches("^org-[0-9a-f]{12}\\.example\\.com$", domain);
        Assert.Equal(domain, Organization.DomainFromName(name, "example.com"));
        Assert.NotEqual(domain, Organization.DomainFromName(name + "?", "example.com"));
    }

    [Theory]
    [InlineData("密")]
    [InlineData("Ж")]
    [InlineData("a")]
    [InlineData("a-")]
    public void Labels_of_long_names_fit_the_63_character_dns_limit(string unit)
    {
        var name = string.Concat(Enumerable.Repeat(unit, 200 / unit.Length));

        var label = Organization.DomainFromName(name, "example.com").Split('.')[0];

        Assert.InRange(label.Length, 1, Organization.MaxLabelLength);
        Assert.False(label.EndsWith('-'), label);
        if (!char.IsAscii(unit[0]))
        {
            Assert.StartsWith("xn--", label, StringComparison.Ordinal);
            Assert.NotNull(new System.Globalization.IdnMapping().GetUnicode(label));
        }
    }

    [Theory]
    [InlineData("AC\u0000ME")]
    [InlineData("ACME\u200B")]
    [InlineData("\u202EEMCA")]
    [InlineData("ACME\n")]
    [InlineData("AC\u2028ME")]
    public void Create_refuses_control_and_format_characters_in_the_name(string name)
    {
        var error = Assert.Throws<DomainException>(() => Organization.Create(TestData.Org, name, "acme.localhost", TestData.Now, TestData.Editor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Text.InvalidCharacterId, error.Summary.Id);
    }

    [Fact]
    public void Create_refuses_an_unpaired_surrogate_in_the_name()
    {
        var error = Assert.Throws<DomainException>(() => Organization.Create(TestData.Org, "ACME" + new string('\uD800', 1), "acme.localhost", TestData.Now, TestData.Editor));

        Assert.Equal(Errors.Text.InvalidCharacterId, error.Summary.Id);
    }
}
