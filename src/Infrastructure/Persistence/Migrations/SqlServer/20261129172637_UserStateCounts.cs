using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Identity.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UserStateCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_state_counts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OrgId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    State = table.Column<int>(type: "int", nullable: false),
                    Delta = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_state_counts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_user_state_counts_OrgId_State_Delta",
                table: "user_state_counts",
                columns: new[] { "OrgId", "State", "Delta" });

            // the users saved before: one row per (org, state) with their number
            migrationBuilder.Sql("INSERT INTO [user_state_counts] ([OrgId], [State], [Delta]) SELECT [OrgId], [State], COUNT_BIG(*) FROM [users] GROUP BY [OrgId], [State];");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_state_counts");
        }
    }
}
