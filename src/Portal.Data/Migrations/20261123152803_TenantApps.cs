using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantApps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "TenantId",
                table: "PrinterApps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrinterApps_TenantId",
                table: "PrinterApps",
                column: "TenantId");

            migrationBuilder.AddForeignKey(
                name: "FK_PrinterApps_Tenants_TenantId",
                table: "PrinterApps",
                column: "TenantId",
                principalTable: "Tenants",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PrinterApps_Tenants_TenantId",
                table: "PrinterApps");

            migrationBuilder.DropIndex(
                name: "IX_PrinterApps_TenantId",
                table: "PrinterApps");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "PrinterApps");
        }
    }
}
