using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResilienceHub.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SitrepVersionRowVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite: only SQL Server's versions have a rowversion (the dashboard's ledger reads SQLite's
            // log by the versions' own key). Kept so that both providers have the same migrations.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
