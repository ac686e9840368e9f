using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Exercises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Exercise",
                table: "Incidents",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ReplayOfId",
                table: "Incidents",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ReplaySpeed",
                table: "Incidents",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReplayStartsAt",
                table: "Incidents",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Played",
                table: "IncidentParticipants",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ReplayOfId",
                table: "Incidents",
                column: "ReplayOfId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_ReplayOfId",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Exercise",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "ReplayOfId",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "ReplaySpeed",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "ReplayStartsAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Played",
                table: "IncidentParticipants");
        }
    }
}
