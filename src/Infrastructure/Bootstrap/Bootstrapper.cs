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
/// admin machine user that is IAM_OWNER and ORG_OWNER of it, and a personal access token (valid for
/// <see cref="BootstrapSettings.TokenLifetime"/>) written to <see cref="BootstrapSettings.TokenFile"/>
/// (mode 0600). An existing token file is never overwritten, and a temporary token file left behind by
/// a crash is reported at the next start. The log names files, never the token.
/// </summary>
internal sealed partial class Bootstrapper(
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
        var path = Path.GetFullPath(settings.TokenFile);
        ReportLeftoverTemporaryFiles(path);
        if (!settings.Enabled)
        {
            return false;
        }

        if (await db.Organizations.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (settings.ReissueAdminToken)
            {
                await ReissueAsync(path, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        // A replica sharing this token file moves it into place only after its bootstrap committed: when the
        // file appeared after the look above, that replica's org is there now, and this start has nothing to do.
        if (File.Exists(path) && await db.Organizations.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The bootstrap token file {path} already exists but the database is empty: it belongs to another database. Move it away, then start again.");
        }

        var now = clock.GetUtcNow();
        var org = Organization.Create(new OrgId(ids.NewId()), settings.OrgName, instance.Domain, now, SystemEditor);
        var admin = User.CreateMachine(
            new UserId(ids.NewId()), org.Id, settings.AdminUserName,
            new MachineProfile("Administrator", "Created at first start", AccessTokenType.Bearer), now, SystemEditor);
        db.Organizations.Add(org);
        db.Users.Add(admin);
        db.Memberships.Add(Membership.ForInstance(admin.Id, now));
        db.Memberships.Add(Membership.ForOrg(org.Id, admin.Id, [Roles.OrgOwner], now));
        if (!await IssueTokenAsync(admin, path, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        LogBootstrapped(logger, org.Id.Value, admin.Id.Value, path);
        return true;
    }

    /// <summary>
    /// Recovery when the admin token ran out: a new token for the bootstrap admin (the active machine
    /// user with the configured name that is IAM_OWNER), written to the token file if there is none.
    /// </summary>
    private async Task ReissueAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            LogReissueSkipped(logger, path);
            return;
        }

        var owners = await db.Memberships.AsNoTracking()
            .Where(m => m.Scope == Membership.InstanceScope)
            .Select(m => m.UserId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var key = User.NormalizeUserName(settings.AdminUserName);
        var candidates = await db.Users
            .Where(u => owners.Contains(u.Id) && u.UserNameKey == key && u.Type == UserType.Machine && u.State == UserState.Active)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var admin = candidates.OrderBy(u => u.CreatedAt).FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"Identity:Bootstrap:ReissueAdminToken is set, but no active IAM_OWNER machine user is named '{settings.AdminUserName}'.");
        if (await IssueTokenAsync(admin, path, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            LogReissued(logger, admin.Id.Value, path);
        }
    }

    /// <summary>
    /// Adds a token to the admin and commits. The token reaches a temporary file before the commit, and
    /// that file only takes the token file's name if the commit wins; it never replaces an existing file.
    /// </summary>
    private async Task<bool> IssueTokenAsync(User admin, string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (token, hash) = tokens.Generate();
        var expiresAt = settings.TokenLifetime is { } lifetime ? now + lifetime : (DateTimeOffset?)null;
        db.PersonalAccessTokens.Add(admin.AddPersonalAccessToken(new TokenId(ids.NewId()), hash, expiresAt, now, SystemEditor));
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

        File.Move(temporary, path, overwrite: false);
        return true;
    }

    private void ReportLeftoverTemporaryFiles(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*.tmp"))
        {
            LogLeftover(logger, leftover);
        }
    }

    private static async Task WriteSecretFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        SqliteFiles.CreatePrivateDirectory(Path.GetDirectoryName(path));

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issued a new personal access token to the bootstrap admin {UserId}; it is in {TokenFile}. Remove Identity:Bootstrap:ReissueAdminToken from the configuration")]
    private static partial void LogReissued(ILogger logger, string userId, string tokenFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity:Bootstrap:ReissueAdminToken is set but {TokenFile} exists; nothing was issued (the file is never overwritten)")]
    private static partial void LogReissueSkipped(ILogger logger, string tokenFile);

    [LoggerMessage(Level = LogLevel.Error, Message = "A temporary bootstrap token file was left behind by an interrupted start: {TemporaryFile}. It may hold a valid admin token: move it to the token file's name if that is missing, else delete it")]
    private static partial void LogLeftover(ILogger logger, string temporaryFile);
}
