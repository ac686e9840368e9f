using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SignOffAndNilReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Nil",
                table: "SitrepVersions",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "RequiresSignOff",
                table: "Incidents",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "SitrepSignOffs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    IncidentId = table.Column<int>(type: "int", nullable: false),
                    SitrepId = table.Column<int>(type: "int", nullable: false),
                    OrganisationId = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    SignedOffAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SignedOffBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RowVersion = table.Column<byte[]>(type: "rowversion", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SitrepSignOffs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SitrepSignOffs_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SitrepSignOffs_Sitreps_SitrepId",
                        column: x => x.SitrepId,
                        principalTable: "Sitreps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SitrepSignOffs_IncidentId_Id",
                table: "SitrepSignOffs",
                columns: new[] { "IncidentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SitrepSignOffs_RowVersion",
                table: "SitrepSignOffs",
                column: "RowVersion");

            migrationBuilder.CreateIndex(
                name: "IX_SitrepSignOffs_SitrepId_Version",
                table: "SitrepSignOffs",
                columns: new[] { "SitrepId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SitrepSignOffs");

            migrationBuilder.DropColumn(
                name: "Nil",
                table: "SitrepVersions");

            migrationBuilder.DropColumn(
                name: "RequiresSignOff",
                table: "Incidents");
        }
    }
}
