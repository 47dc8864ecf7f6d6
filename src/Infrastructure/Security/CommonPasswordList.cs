using System.Text;
using Identity.Domain.Passwords;

namespace Identity.Infrastructure.Security;

/// <summary>
/// The 30,000 most common passwords, as shipped in the zxcvbn-core package (its ranked
/// <c>passwords.lst</c>, derived from leaked-password corpora). Matching is exact and
/// case-insensitive on the NFKC-normalized password.
/// </summary>
internal sealed class CommonPasswordList : ICommonPasswords
{
    private const string ResourceName = "zxcvbn-core.Dictionaries.passwords.lst";
    private static readonly Lazy<HashSet<string>> Passwords = new(Load);

    public static int Count => Passwords.Value.Count;

    public bool IsCommon(string normalizedPassword)
    {
        ArgumentNullException.ThrowIfNull(normalizedPassword);
        return Passwords.Value.Contains(normalizedPassword.ToLowerInvariant());
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(Zxcvbn.Zxcvbn).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The common-password list {ResourceName} is missing from zxcvbn-core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0)
            {
                set.Add(entry.Normalize(NormalizationForm.FormKC).ToLowerInvariant());
            }
        }

        return set;
    }
}
