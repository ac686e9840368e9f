using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "Seed data");

            migrationBuilder.AddColumn<bool>(
                name: "ChangedBySeeds",
                table: "ResilienceGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Active",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangedBy",
                table: "Organisations",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "Seed data");

            migrationBuilder.AddColumn<bool>(
                name: "ChangedBySeeds",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Retired",
                table: "Measures",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "MeasureRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedBySubject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ChangedBySeeds = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MustNotExceed = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    WarningAbove = table.Column<int>(type: "INTEGER", nullable: true),
                    CriticalAbove = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxValue = table.Column<int>(type: "INTEGER", nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    MeasureRevisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Required = table.Column<bool>(type: "INTEGER", nullable: false)
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
                SELECT Id, 1, strftime('%Y-%m-%d %H:%M:%f', 'now'), 'Seed data', NULL, 1, 'The catalogue as it stood when revisions began to be kept',
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
