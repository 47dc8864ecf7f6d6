using System.Security.Cryptography;
using System.Text;
using Identity.Application.Abstractions;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Identity.Infrastructure.OAuth;

/// <summary>
/// Used <c>jti</c> values in the database, so that an assertion replayed at another replica is refused too: the insert
/// of an already used (issuer, jti) breaks the primary key. Rows outlive their assertion by nothing; expired ones are
/// deleted by <see cref="SigningKeyRotation"/>.
/// </summary>
internal sealed class AssertionReplayGuard(IdentityDbContext db) : IAssertionReplayGuard
{
    public async Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + jti)));
        var use = new OAuthAssertionUse { Id = id, ExpiresAt = expiresAt };
        db.Set<OAuthAssertionUse>().Add(use);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (UnitOfWork.IsUniqueViolation(ex.InnerException))
        {
            return false;
        }
        finally
        {
            db.Entry(use).State = EntityState.Detached;
        }
    }
}
