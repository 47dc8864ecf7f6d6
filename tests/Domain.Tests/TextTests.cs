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
}
