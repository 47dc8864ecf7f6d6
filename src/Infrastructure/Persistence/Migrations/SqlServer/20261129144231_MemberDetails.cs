using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MemberDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ChangedAt",
                table: "memberships",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "memberships",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Memberships made before: last changed when made, at the org's current sequence (the closest known).
            migrationBuilder.Sql(@"UPDATE m SET m.[ChangedAt] = m.[CreatedAt], m.[Sequence] = COALESCE((SELECT o.[Sequence] FROM [organizations] AS o WHERE o.[Id] = m.[Scope]), 0) FROM [memberships] AS m;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ChangedAt",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "memberships");
        }
    }
}
