using Identity.Domain.Common;

namespace Identity.Domain.Tests;

public class TextTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("alice", 5)]
    [InlineData("\u00E9", 1)] // precomposed é
    [InlineData("e\u0301", 2)] // e + combining acute: two code points
    [InlineData("\U0001F600", 1)] // one astral code point, two UTF-16 units
    [InlineData("a\U0001F600b\U0001D4B6", 4)]
    [InlineData("密码", 2)]
    public void CodePoints_counts_code_points_not_utf16_units(string value, int expected)
    {
        Assert.Equal(expected, Text.CodePoints(value));
    }

    [Fact]
    public void CodePoints_of_astral_text_is_half_its_utf16_length()
    {
        var value = string.Concat(Enumerable.Repeat("\U0001F3E2", 150));

        Assert.Equal(300, value.Length);
        Assert.Equal(150, Text.CodePoints(value));
    }

    [Fact]
    public void CodePoints_counts_a_lone_surrogate_once()
    {
        // built in code: a lone surrogate does not survive as an attribute argument
        Assert.Equal(1, Text.CodePoints(new string('\uD800', 1)));
        Assert.Equal(3, Text.CodePoints("a" + new string('\uDC00', 1) + "b"));
        Assert.Equal(2, Text.CodePoints(new string(['\uDC00', '\uD800'])));
    }

    [Fact]
    public void CodePoints_refuses_null()
    {
        Assert.Throws<ArgumentNullException>(() => Text.CodePoints(null!));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    [InlineData(72, 144)]
    [InlineData(200, 400)]
    public void Utf16Capacity_is_twice_the_code_point_limit(int codePoints, int expected)
    {
        Assert.Equal(expected, Text.Utf16Capacity(codePoints));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("\U0001F600")]
    [InlineData("ab\U0001F600\u00E9")]
    public void Text_of_n_code_points_fits_the_capacity_of_n(string unit)
    {
        var value = string.Concat(Enumerable.Repeat(unit, 200));
        var codePoints = Text.CodePoints(value);

        Assert.True(value.Length <= Text.Utf16Capacity(codePoints), $"{value.Length} UTF-16 units do not fit {Text.Utf16Capacity(codePoints)}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("Zoë Ünal-Þór")]
    [InlineData("密码 株式会社")]
    [InlineData("e\u0301")] // combining mark
    [InlineData("\U0001F600\u2764\uFE0F")] // emoji with a variation selector (a mark)
    [InlineData("a b\u00A0c")] // spaces
    [InlineData("my-bot_01")]
    public void IsAllowed_accepts_names_in_any_script(string? value)
    {
        Assert.True(Text.IsAllowed(value));
    }

    [Theory]
    [InlineData("ali\u0000ce")] // NUL
    [InlineData("alice\n")] // Cc
    [InlineData("\talice")]
    [InlineData("alice\u007F")]
    [InlineData("alice\u0085")] // C1 control
    [InlineData("ali\u200Bce")] // zero-width space (Cf)
    [InlineData("ali\u200Dce")] // zero-width joiner (Cf)
    [InlineData("ali\u202Ece")] // right-to-left override (Cf)
    [InlineData("ali\u2066ce")] // left-to-right isolate (Cf)
    [InlineData("\uFEFFalice")] // byte order mark (Cf)
    [InlineData("ali\u00ADce")] // soft hyphen (Cf)
    [InlineData("alice\U000E0001")] // language tag (Cf, astral)
    [InlineData("ali\u2028ce")] // line separator (Zl)
    [InlineData("ali\u2029ce")] // paragraph separator (Zp)
    public void IsAllowed_refuses_control_format_and_separator_characters(string value)
    {
        Assert.False(Text.IsAllowed(value));
    }

    [Fact]
    public void IsAllowed_refuses_unpaired_surrogates()
    {
        // built in code: a lone surrogate does not survive as an attribute argument
        Assert.False(Text.IsAllowed("alice" + new string('\uD800', 1)));
        Assert.False(Text.IsAllowed(new string('\uDC00', 1) + "alice"));
        Assert.False(Text.IsAllowed(new string(['a', '\uDC00', '\uD800', 'b'])));
        Assert.True(Text.IsAllowed("a\U0001F600b"));
    }

    [Fact]
    public void EnsureAllowed_names_the_field_but_never_the_value()
    {
        var error = Assert.Throws<DomainException>(() => Text.EnsureAllowed("secret\u202Evalue", "user_name"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Errors.Text.InvalidCharacterId, error.Summary.Id);
        Assert.StartsWith("user_name ", error.Summary.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        Text.EnsureAllowed("fine", "user_name");
        Text.EnsureAllowed(null, "user_name");
    }
}
