using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReferenceDataRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangedBy",
                table: "ResilienceGroups",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "Seed data");

            migrationBuilder.AddColumn<bool>(
                name: "ChangedBySeeds",
                table: "ResilienceGroups",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Active",
                table: "Organisations",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangedBy",
                table: "Organisations",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "Seed data");

            migrationBuilder.AddColumn<bool>(
                name: "ChangedBySeeds",
                table: "Organisations",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Retired",
                table: "Measures",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "MeasureRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MeasureId = table.Column<int>(type: "int", nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ChangedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ChangedBySubject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ChangedBySeeds = table.Column<bool>(type: "bit", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    MustNotExceed = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    WarningAbove = table.Column<int>(type: "int", nullable: true),
                    CriticalAbove = table.Column<int>(type: "int", nullable: true),
                    MaxValue = table.Column<int>(type: "int", nullable: false),
                    Retired = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureRevisions_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeasureRevisionApplicabilities",
                columns: table => new
                {
                    MeasureRevisionId = table.Column<int>(type: "int", nullable: false),
                    OrganisationType = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Required = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureRevisionApplicabilities", x => new { x.MeasureRevisionId, x.OrganisationType });
                    table.ForeignKey(
                        name: "FK_MeasureRevisionApplicabilities_MeasureRevisions_MeasureRevisionId",
                        column: x => x.MeasureRevisionId,
                        principalTable: "MeasureRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureRevisions_MeasureId_Revision",
                table: "MeasureRevisions",
                columns: new[] { "MeasureId", "Revision" },
                unique: true);

            // Every measure already in the catalogue starts its history with one revision by the seeds, which wrote it,
            // dated by this upgrade: what it says now is all that is known of it.
            migrationBuilder.Sql("""
                INSERT INTO MeasureRevisions (MeasureId, Revision, ChangedAt, ChangedBy, ChangedBySubject, ChangedBySeeds, Reason,
                    Name, Unit, Kind, MustNotExceed, WarningAbove, CriticalAbove, MaxValue, Retired)
                SELECT Id, 1, SYSUTCDATETIME(), 'Seed data', NULL, 1, 'The catalogue as it stood when revisions began to be kept',
                    Name, Unit, Kind, MustNotExceed, WarningAbove, CriticalAbove, MaxValue, 0
                FROM Measures
                """);
            migrationBuilder.Sql("""
                INSERT INTO MeasureRevisionApplicabilities (MeasureRevisionId, OrganisationType, Required)
                SELECT r.Id, a.OrganisationType, a.Required
                FROM MeasureApplicabilities a JOIN MeasureRevisions r ON r.MeasureId = a.MeasureId
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeasureRevisionApplicabilities");

            migrationBuilder.DropTable(
                name: "MeasureRevisions");

            migrationBuilder.DropColumn(
                name: "ChangedBy",
                table: "ResilienceGroups");

            migrationBuilder.DropColumn(
                name: "ChangedBySeeds",
                table: "ResilienceGroups");

            migrationBuilder.DropColumn(
                name: "Active",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ChangedBy",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ChangedBySeeds",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Retired",
                table: "Measures");
        }
    }
}
