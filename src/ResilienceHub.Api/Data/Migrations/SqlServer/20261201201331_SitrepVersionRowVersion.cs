using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SitrepVersionRowVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "RowVersion",
                table: "SitrepVersions",
                type: "rowversion",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.CreateIndex(
                name: "IX_SitrepVersions_RowVersion",
                table: "SitrepVersions",
                column: "RowVersion");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SitrepVersions_RowVersion",
                table: "SitrepVersions");

            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "SitrepVersions");
        }
    }
}
