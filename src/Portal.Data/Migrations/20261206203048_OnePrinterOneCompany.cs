using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class OnePrinterOneCompany : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HeldTwiceSince",
                table: "Printers",
                type: "INTEGER",
                nullable: true);

            // Printers already held twice (two companies, or one company through two apps) keep every row and
            // connection: the row connected first holds the printer, each later live row is marked and reported at
            // start-up until an operator resolves it. Plain SQL both SQLite and PostgreSQL run.
            migrationBuilder.Sql("""
                UPDATE "Printers" SET "HeldTwiceSince" = "CreatedAt"
                WHERE "TokenState" <> 4 AND EXISTS (
                    SELECT 1 FROM "Printers" AS "First"
                    WHERE "First"."MachineCode" = "Printers"."MachineCode" AND "First"."TokenState" <> 4
                      AND ("First"."CreatedAt" < "Printers"."CreatedAt"
                           OR ("First"."CreatedAt" = "Printers"."CreatedAt" AND "First"."Id" < "Printers"."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Printers_Holder",
                table: "Printers",
                column: "MachineCode",
                unique: true,
                filter: "\"TokenState\" <> 4 AND \"HeldTwiceSince\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Printers_MachineCode",
                table: "Printers",
                column: "MachineCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Printers_Holder",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_MachineCode",
                table: "Printers");

            migrationBuilder.DropColumn(
                name: "HeldTwiceSince",
                table: "Printers");
        }
    }
}
