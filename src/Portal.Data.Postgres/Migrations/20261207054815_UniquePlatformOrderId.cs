using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UniquePlatformOrderId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PrintJobs_AppId_PlatformOrderId",
                table: "PrintJobs");

            // An order id the platform handed out twice stays with the earlier job; the later one keeps its origin id,
            // by which its push still finds it.
            migrationBuilder.Sql("""
                UPDATE "PrintJobs" SET "PlatformOrderId" = NULL
                WHERE "PlatformOrderId" IS NOT NULL AND EXISTS (
                    SELECT 1 FROM "PrintJobs" AS earlier
                    WHERE earlier."AppId" = "PrintJobs"."AppId" AND earlier."PlatformOrderId" = "PrintJobs"."PlatformOrderId"
                      AND earlier."Id" < "PrintJobs"."Id")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_AppId_PlatformOrderId",
                table: "PrintJobs",
                columns: new[] { "AppId", "PlatformOrderId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PrintJobs_AppId_PlatformOrderId",
                table: "PrintJobs");

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_AppId_PlatformOrderId",
                table: "PrintJobs",
                columns: new[] { "AppId", "PlatformOrderId" });
        }
    }
}
