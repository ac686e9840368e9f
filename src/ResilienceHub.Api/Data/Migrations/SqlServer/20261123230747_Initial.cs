using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Measures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Code = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    MustNotExceed = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    WarningAbove = table.Column<int>(type: "int", nullable: true),
                    CriticalAbove = table.Column<int>(type: "int", nullable: true),
                    SortOrder = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Measures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Organisations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OdsCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    IsLocalIdentifier = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResilienceGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Code = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResilienceGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MeasureApplicabilities",
                columns: table => new
                {
                    MeasureId = table.Column<int>(type: "int", nullable: false),
                    OrganisationType = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Required = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureApplicabilities", x => new { x.MeasureId, x.OrganisationType });
                    table.ForeignKey(
                        name: "FK_MeasureApplicabilities_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GroupMemberships",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "int", nullable: false),
                    OrganisationId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupMemberships", x => new { x.GroupId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_GroupMemberships_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GroupMemberships_ResilienceGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "ResilienceGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Reference = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    GroupId = table.Column<int>(type: "int", nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CadenceMinutes = table.Column<int>(type: "int", nullable: false),
                    GraceMinutes = table.Column<int>(type: "int", nullable: false),
                    DeclaredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DeclaredBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    StoodDownAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StoodDownBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Incidents_ResilienceGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "ResilienceGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentParticipants",
                columns: table => new
                {
                    IncidentId = table.Column<int>(type: "int", nullable: false),
                    OrganisationId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentParticipants", x => new { x.IncidentId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_IncidentParticipants_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentParticipants_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentWindows",
                columns: table => new
                {
                    IncidentId = table.Column<int>(type: "int", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    FirstReportAt = table.Column<TimeOnly>(type: "time", nullable: false),
                    LastReportAt = table.Column<TimeOnly>(type: "time", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentWindows", x => new { x.IncidentId, x.Date });
                    table.ForeignKey(
                        name: "FK_IncidentWindows_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Sitreps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    IncidentId = table.Column<int>(type: "int", nullable: false),
                    OrganisationId = table.Column<int>(type: "int", nullable: false),
                    PeriodStartsAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FirstSubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Late = table.Column<bool>(type: "bit", nullable: false),
                    CurrentVersion = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sitreps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sitreps_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Sitreps_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SitrepVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SitrepId = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SubmittedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OnBehalfOf = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    OpelLevel = table.Column<int>(type: "int", nullable: false),
                    CriticalIncidentDeclared = table.Column<bool>(type: "bit", nullable: false),
                    KeyIssues = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Mitigations = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    SupportRequested = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    AmendmentReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ContentHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SitrepVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SitrepVersions_Sitreps_SitrepId",
                        column: x => x.SitrepId,
                        principalTable: "Sitreps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SitrepValues",
                columns: table => new
                {
                    SitrepVersionId = table.Column<int>(type: "int", nullable: false),
                    MeasureId = table.Column<int>(type: "int", nullable: false),
                    Value = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SitrepValues", x => new { x.SitrepVersionId, x.MeasureId });
                    table.ForeignKey(
                        name: "FK_SitrepValues_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SitrepValues_SitrepVersions_SitrepVersionId",
                        column: x => x.SitrepVersionId,
                        principalTable: "SitrepVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GroupMemberships_OrganisationId",
                table: "GroupMemberships",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentParticipants_OrganisationId",
                table: "IncidentParticipants",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_GroupId",
                table: "Incidents",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Reference",
                table: "Incidents",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Measures_Code",
                table: "Measures",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_OdsCode",
                table: "Organisations",
                column: "OdsCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResilienceGroups_Code",
                table: "ResilienceGroups",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SitrepValues_MeasureId",
                table: "SitrepValues",
                column: "MeasureId");

            migrationBuilder.CreateIndex(
                name: "IX_SitrepVersions_IdempotencyKey",
                table: "SitrepVersions",
                column: "IdempotencyKey",
                unique: true,
                filter: "[IdempotencyKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SitrepVersions_SitrepId_Version",
                table: "SitrepVersions",
                columns: new[] { "SitrepId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sitreps_IncidentId_OrganisationId_PeriodStartsAt",
                table: "Sitreps",
                columns: new[] { "IncidentId", "OrganisationId", "PeriodStartsAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sitreps_IncidentId_PeriodStartsAt",
                table: "Sitreps",
                columns: new[] { "IncidentId", "PeriodStartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sitreps_OrganisationId",
                table: "Sitreps",
                column: "OrganisationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GroupMemberships");

            migrationBuilder.DropTable(
                name: "IncidentParticipants");

            migrationBuilder.DropTable(
                name: "IncidentWindows");

            migrationBuilder.DropTable(
                name: "MeasureApplicabilities");

            migrationBuilder.DropTable(
                name: "SitrepValues");

            migrationBuilder.DropTable(
                name: "Measures");

            migrationBuilder.DropTable(
                name: "SitrepVersions");

            migrationBuilder.DropTable(
                name: "Sitreps");

            migrationBuilder.DropTable(
                name: "Incidents");

            migrationBuilder.DropTable(
                name: "Organisations");

            migrationBuilder.DropTable(
                name: "ResilienceGroups");
        }
    }
}
