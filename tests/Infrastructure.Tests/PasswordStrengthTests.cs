using Identity.Infrastructure.Security;

namespace Identity.Infrastructure.Tests;

/// <summary>The zxcvbn adapter with its real word lists.</summary>
public sealed class ZxcvbnPasswordStrengthTests
{
    private static readonly ZxcvbnPasswordStrength Strength = new();
    private static readonly string[] None = [];

    [Theory]
    [InlineData("Password1!")]
    [InlineData("Passw0rd!")]
    [InlineData("Qwerty123!")]
    [InlineData("P@ssw0rd")]
    [InlineData("Welcome1!")]
    [InlineData("Summer2024!")]
    public void Guessable_passwords_score_below_the_default_minimum_of_2(string password)
    {
        Assert.InRange(Strength.Score(password, None), 0, 1);
    }

    [Theory]
    [InlineData("Correct-Horse-42!")]
    [InlineData("Another-Horse-43!")]
    [InlineData("Sunny-Meadow-42!")]
    [InlineData("Quiet-Harbor-77?")]
    [InlineData("a long and quiet river bank")]
    public void Passphrases_score_at_least_2(string password)
    {
        Assert.InRange(Strength.Score(password, ["minnie", "mouse"]), 2, 4);
    }

    [Fact]
    public void The_users_own_data_lowers_the_score()
    {
        Assert.True(Strength.Score("Zebedee#2024", ["zebedee"]) < Strength.Score("Zebedee#2024", None));
    }

    [Fact]
    public void Empty_user_inputs_are_ignored()
    {
        Assert.Equal(Strength.Score("Correct-Horse-42!", None), Strength.Score("Correct-Horse-42!", [string.Empty, "", "minnie"]));
    }

    [Fact]
    public void One_shared_estimator_gives_the_same_scores_from_many_threads()
    {
        string[] passwords = ["Password1!", "Correct-Horse-42!", "Summer2024!", "Tq7#vLm2-Wz9!", "Zebedee#2024"];
        var expected = passwords.Select(p => Strength.Score(p, ["alice"])).ToArray();

        var results = new int[200];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = Strength.Score(passwords[i % passwords.Length], ["alice"]));

        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(expected[i % passwords.Length], results[i]));
    }
}
