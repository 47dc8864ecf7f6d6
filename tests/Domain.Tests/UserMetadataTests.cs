using System.Text;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

public class UserMetadataTests
{
    private static readonly MetadataLimits Limits = new(3, 10);

    private static KeyValuePair<string, byte[]> Entry(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));

    private static DomainException Refused(Action act) => Assert.Throws<DomainException>(act);

    [Fact]
    public void Set_adds_new_entries_changes_existing_ones_in_place_and_raises_one_event_with_the_keys_only()
    {
        var user = TestData.Machine();
        var existing = new UserMetadata(user.Id, "a", [1, 2], TestData.Created, 1);
        var sequence = user.Sequence;

        var added = user.SetMetadata([existing], [Entry("a", "new"), Entry("b", "secret-b")], MetadataLimits.Default, TestData.Now, TestData.Editor);

        Assert.Equal(sequence + 1, user.Sequence);
        var entry = Assert.Single(added);
        Assert.Equal(("b", "secret-b", sequence + 1, TestData.Now), (entry.Key, Encoding.UTF8.GetString(entry.Value), entry.Sequence, entry.CreatedAt));
        Assert.Equal("new", Encoding.UTF8.GetString(existing.Value));
        Assert.Equal((sequence + 1, TestData.Created, TestData.Now), (existing.Sequence, existing.CreatedAt, existing.ChangedAt));
        var raised = Assert.IsType<UserMetadataSet>(Assert.Single(user.PendingEvents, e => e.Type == "user.metadata.set"));
        Assert.Equal(["a", "b"], raised.Keys);
        Assert.Equal(sequence + 1, raised.Sequence);
        Assert.DoesNotContain("secret", System.Text.Json.JsonSerializer.Serialize(raised.Payload), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_takes_the_last_value_and_is_named_once()
    {
        var user = TestData.Machine();

        var added = user.SetMetadata([], [Entry("k", "one"), Entry("k", "two")], MetadataLimits.Default, TestData.Now, TestData.Editor);

        Assert.Equal("two", Encoding.UTF8.GetString(Assert.Single(added).Value));
        Assert.Equal(["k"], ((UserMetadataSet)user.PendingEvents[^1]).Keys);
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        var user = TestData.Machine();
        var existing = new UserMetadata(user.Id, "Key", [1], TestData.Created, 1);

        var added = user.SetMetadata([existing], [Entry("key", "x")], MetadataLimits.Default, TestData.Now, TestData.Editor);

        Assert.Equal("key", Assert.Single(added).Key);
        Assert.Equal([1], existing.Value);
    }

    [Theory]
    [InlineData("", "v", "METADATA-KeyInvalid")]
    [InlineData("k", "", "METADATA-ValueInvalid")]
    [InlineData("a\u0000b", "v", "TEXT-InvalidCharacter")]
    public void Invalid_entries_are_refused_and_nothing_changes(string key, string value, string id)
    {
        var user = TestData.Machine();
        var sequence = user.Sequence;

        var error = Refused(() => user.SetMetadata([], [Entry("ok", "v"), Entry(key, value)], MetadataLimits.Default, TestData.Now, TestData.Editor));

        Assert.Equal(id, error.Summary.Id);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public void Key_and_value_lengths_follow_upstream()
    {
        var user = TestData.Machine();
        var big = new MetadataLimits(10, 10_000_000);

        user.SetMetadata([], [new(new string('k', 200), new byte[MetadataLimits.MaxValueBytes])], big, TestData.Now, TestData.Editor);

        Assert.Equal("METADATA-KeyInvalid", Refused(() => user.SetMetadata([], [Entry(new string('k', 201), "v")], big, TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal("METADATA-ValueInvalid", Refused(() => user.SetMetadata([], [new("k", new byte[MetadataLimits.MaxValueBytes + 1])], big, TestData.Now, TestData.Editor)).Summary.Id);
    }

    [Fact]
    public void The_per_user_limits_count_what_the_user_would_have_after_the_call()
    {
        var user = TestData.Machine();
        UserMetadata[] current = [new(user.Id, "a", new byte[4], TestData.Created, 1), new(user.Id, "b", new byte[4], TestData.Created, 1)];

        // changing an existing key neither adds a key nor counts its old value
        user.SetMetadata(current, [new("a", new byte[6])], Limits, TestData.Now, TestData.Editor);
        var sequence = user.Sequence;

        Assert.Equal("METADATA-TooLarge", Refused(() => user.SetMetadata(current, [new("c", new byte[1])], Limits, TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal("METADATA-TooManyKeys", Refused(() => user.SetMetadata(current, [new("c", new byte[0 + 1]), new("d", new byte[1])], new MetadataLimits(3, 100), TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal(ErrorKind.ResourceExhausted, Errors.Metadata.TooLarge.Kind);
        Assert.Equal(ErrorKind.ResourceExhausted, Errors.Metadata.TooManyKeys.Kind);
        Assert.Equal(sequence, user.Sequence);
        Assert.Equal(6, current[0].Value.Length);
    }

    [Fact]
    public void Remove_returns_the_entries_and_raises_one_event_with_the_keys()
    {
        var user = TestData.Machine();
        UserMetadata[] current = [new(user.Id, "a", [1], TestData.Created, 1), new(user.Id, "b", [2], TestData.Created, 1), new(user.Id, "c", [3], TestData.Created, 1)];
        var sequence = user.Sequence;

        var removed = user.RemoveMetadata(current, ["c", "a", "c"], TestData.Now, TestData.Editor);

        Assert.Equal([current[2], current[0]], removed);
        Assert.Equal(sequence + 1, user.Sequence);
        var raised = Assert.IsType<UserMetadataRemoved>(user.PendingEvents[^1]);
        Assert.Equal(["c", "a"], raised.Keys);
        Assert.Equal("user.metadata.removed", raised.Type);
    }

    [Fact]
    public void Remove_with_one_unknown_key_removes_nothing()
    {
        var user = TestData.Machine();
        UserMetadata[] current = [new(user.Id, "a", [1], TestData.Created, 1)];
        var sequence = user.Sequence;

        var error = Refused(() => user.RemoveMetadata(current, ["a", "missing"], TestData.Now, TestData.Editor));

        Assert.Equal(Errors.Metadata.NotFoundId, error.Summary.Id);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public void Empty_calls_and_removed_users_are_refused()
    {
        var user = TestData.Machine();
        Assert.Equal("METADATA-NoData", Refused(() => user.SetMetadata([], [], Limits, TestData.Now, TestData.Editor)).Summary.Id);
        Assert.Equal("METADATA-NoData", Refused(() => user.RemoveMetadata([], [], TestData.Now, TestData.Editor)).Summary.Id);

        user.Reach(UserState.Removed);
        Assert.Equal("USER-NotFound", Refused(() => user.SetMetadata([], [Entry("a", "b")], Limits, TestData.Now, TestData.Editor)).Summary.Id);
    }
}
