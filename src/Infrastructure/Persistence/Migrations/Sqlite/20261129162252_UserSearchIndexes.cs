using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UserSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailKey",
                table: "users",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            // the users saved before: their email folded by upper(), which on the module's connections is .NET's
            // invariant upper-casing (Persistence/Search/SqliteFunctions.cs), as on every later save
            migrationBuilder.Sql("UPDATE users SET \"EmailKey\" = upper(\"Email\") WHERE \"Email\" IS NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_users_OrgId_EmailKey",
                table: "users",
                columns: new[] { "OrgId", "EmailKey" });

            migrationBuilder.CreateIndex(
                name: "IX_users_OrgId_State_UserNameKey",
                table: "users",
                columns: new[] { "OrgId", "State", "UserNameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_users_OrgId_UserName",
                table: "users",
                columns: new[] { "OrgId", "UserName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_users_OrgId_EmailKey",
                table: "users");

            migrationBuilder.DropIndex(
                name: "IX_users_OrgId_State_UserNameKey",
                table: "users");

            migrationBuilder.DropIndex(
                name: "IX_users_OrgId_UserName",
                table: "users");

            migrationBuilder.DropColumn(
                name: "EmailKey",
                table: "users");
        }
    }
}
