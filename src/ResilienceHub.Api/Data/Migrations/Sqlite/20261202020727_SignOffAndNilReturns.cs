using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "RequiresSignOff",
                table: "Incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "SitrepSignOffs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SitrepId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SignedOffAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SignedOffBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
