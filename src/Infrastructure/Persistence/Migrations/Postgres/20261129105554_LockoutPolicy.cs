using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LockoutPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LockoutPolicy_MaxOtpAttempts",
                table: "organizations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LockoutPolicy_MaxPasswordAttempts",
                table: "organizations",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LockoutPolicy_MaxOtpAttempts",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "LockoutPolicy_MaxPasswordAttempts",
                table: "organizations");
        }
    }
}
