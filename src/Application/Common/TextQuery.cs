namespace Identity.Application.Common;

/// <summary>How a text query compares (zitadel.v1.TextQueryMethod, same order).</summary>
public enum TextMatch
{
    Equals,
    EqualsIgnoreCase,
    StartsWith,
    StartsWithIgnoreCase,
    Contains,
    ContainsIgnoreCase,
    EndsWith,
    EndsWithIgnoreCase,
}

/// <summary>A text to compare a field with, and how.</summary>
public sealed record TextQuery(string Value, TextMatch Match)
{
    public bool IgnoreCase => Match is TextMatch.EqualsIgnoreCase or TextMatch.StartsWithIgnoreCase or TextMatch.ContainsIgnoreCase or TextMatch.EndsWithIgnoreCase;
}
