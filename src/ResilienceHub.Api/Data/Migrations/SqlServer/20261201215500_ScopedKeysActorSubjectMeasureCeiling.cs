using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ScopedKeysActorSubjectMeasureCeiling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SitrepVersions_IdempotencyKey",
                table: "SitrepVersions");

            migrationBuilder.AddColumn<int>(
                name: "OrganisationId",
                table: "SitrepVersions",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Each version's organisation is its return's: filled in before the key that needs it is made.
            migrationBuilder.Sql("UPDATE SitrepVersions SET OrganisationId = (SELECT Sitreps.OrganisationId FROM Sitreps WHERE Sitreps.Id = SitrepVersions.SitrepId)");

            migrationBuilder.AddColumn<int>(
                name: "MaxValue",
                table: "Measures",
                type: "int",
                nullable: false,
                defaultValue: 100000);

            migrationBuilder.AddColumn<string>(
                name: "ActorSubject",
                table: "AuditEntries",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SitrepVersions_OrganisationId_IdempotencyKey",
                table: "SitrepVersions",
                columns: new[] { "OrganisationId", "IdempotencyKey" },
                unique: true,
                filter: "[IdempotencyKey] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SitrepVersions_OrganisationId_IdempotencyKey",
                table: "SitrepVersions");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "SitrepVersions");

            migrationBuilder.DropColumn(
                name: "MaxValue",
                table: "Measures");

            migrationBuilder.DropColumn(
                name: "ActorSubject",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_SitrepVersions_IdempotencyKey",
                table: "SitrepVersions",
                column: "IdempotencyKey",
                unique: true,
                filter: "[IdempotencyKey] IS NOT NULL");
        }
    }
}
