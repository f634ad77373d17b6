using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class PrinterSettingValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PrinterSettingValues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrinterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Setting = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrinterSettingValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrinterSettingValues_Printers_PrinterId",
                        column: x => x.PrinterId,
                        principalTable: "Printers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrinterSettingValues_PrinterId",
                table: "PrinterSettingValues",
                column: "PrinterId");

            migrationBuilder.CreateIndex(
                name: "IX_PrinterSettingValues_TenantId",
                table: "PrinterSettingValues",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PrinterSettingValues_TenantId_PrinterId_Setting",
                table: "PrinterSettingValues",
                columns: new[] { "TenantId", "PrinterId", "Setting" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrinterSettingValues");
        }
    }
}
