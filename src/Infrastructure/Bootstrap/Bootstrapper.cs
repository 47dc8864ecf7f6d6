using System.Text;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Bootstrap;

/// <summary>
/// First start, idempotent: when the instance has no organization yet, creates the default org, an
/// admin machine user that is IAM_OWNER and ORG_OWNER of it, and a personal access token written to
/// <see cref="BootstrapSettings.TokenFile"/> (mode 0600). The log names the file, never the token.
/// </summary>
public sealed partial class Bootstrapper(
    IdentityDbContext db,
    IUnitOfWork unitOfWork,
    IIdGenerator ids,
    ITokenService tokens,
    InstanceSettings instance,
    BootstrapSettings settings,
    TimeProvider clock,
    ILogger<Bootstrapper> logger)
{
    /// <summary>The editor of the bootstrap's events: the system, which no user id can stand for.</summary>
    public const string SystemEditor = Domain.Common.SystemEditor.Bootstrap;

    /// <returns>True when this call created the instance's first org and admin.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled || await db.Organizations.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var org = Organization.Create(new OrgId(ids.NewId()), settings.OrgName, instance.Domain, now, SystemEditor);
        var admin = User.CreateMachine(
            new UserId(ids.NewId()), org.Id, settings.AdminUserName,
            new MachineProfile("Administrator", "Created at first start", AccessTokenType.Bearer), now, SystemEditor);
        var (token, hash) = tokens.Generate();
        var pat = admin.AddPersonalAccessToken(new TokenId(ids.NewId()), hash, null, now, SystemEditor);
        db.Organizations.Add(org);
        db.Users.Add(admin);
        db.PersonalAccessTokens.Add(pat);
        db.Memberships.Add(Membership.ForInstance(admin.Id, now));
        db.Memberships.Add(Membership.ForOrg(org.Id, admin.Id, [Roles.OrgOwner], now));

        // The token reaches the file before the commit, and the file is only kept if the commit wins.
        var path = Path.GetFullPath(settings.TokenFile);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await WriteSecretFileAsync(temporary, token, cancellationToken).ConfigureAwait(false);
        try
        {
            await unitOfWork.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Another replica bootstrapped the same instance at the same moment: its admin stands.
            File.Delete(temporary);
            unitOfWork.Reset();
            return false;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        File.Move(temporary, path, overwrite: true);
        LogBootstrapped(logger, org.Id.Value, admin.Id.Value, path);
        return true;
    }

    private static async Task WriteSecretFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        SqliteFiles.CreatePrivateDirectory(Path.GetDirectoryName(path));

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var bytes = Encoding.UTF8.GetBytes(content + "\n");
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First start: created org {OrgId} and admin machine user {UserId}; the admin's personal access token is in {TokenFile}")]
    private static partial void LogBootstrapped(ILogger logger, string orgId, string userId, string tokenFile);
}
