using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class PrinterListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_AccessExpiresAt",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_CreatedAt",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_MachineCode",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_Name",
                table: "Printers");

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_AccessExpiresAt_Id",
                table: "Printers",
                columns: new[] { "TenantId", "AccessExpiresAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_CreatedAt_Id",
                table: "Printers",
                columns: new[] { "TenantId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_MachineCode_Id",
                table: "Printers",
                columns: new[] { "TenantId", "MachineCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_Name_Id",
                table: "Printers",
                columns: new[] { "TenantId", "Name", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_AccessExpiresAt_Id",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_CreatedAt_Id",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_MachineCode_Id",
                table: "Printers");

            migrationBuilder.DropIndex(
                name: "IX_Printers_TenantId_Name_Id",
                table: "Printers");

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_AccessExpiresAt",
                table: "Printers",
                columns: new[] { "TenantId", "AccessExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_CreatedAt",
                table: "Printers",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_MachineCode",
                table: "Printers",
                columns: new[] { "TenantId", "MachineCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_Name",
                table: "Printers",
                columns: new[] { "TenantId", "Name" });
        }
    }
}
