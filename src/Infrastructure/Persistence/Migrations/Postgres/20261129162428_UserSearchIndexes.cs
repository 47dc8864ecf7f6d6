using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UserSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "UserNameKey",
                table: "users",
                type: "character varying(600)",
                maxLength: 600,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(600)",
                oldMaxLength: 600);

            migrationBuilder.AlterColumn<string>(
                name: "UserName",
                table: "users",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(400)",
                oldMaxLength: 400);

            migrationBuilder.AddColumn<string>(
                name: "EmailKey",
                table: "users",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            // the users saved before: their email folded by the database (the module folds with .NET's invariant
            // upper-casing on every later save, which agrees with upper() in a Unicode locale)
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

            migrationBuilder.AlterColumn<string>(
                name: "UserNameKey",
                table: "users",
                type: "character varying(600)",
                maxLength: 600,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(600)",
                oldMaxLength: 600,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "UserName",
                table: "users",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(400)",
                oldMaxLength: 400,
                oldCollation: "C");
        }
    }
}
