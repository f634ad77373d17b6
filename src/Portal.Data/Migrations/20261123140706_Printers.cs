using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Printers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PrinterApps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    RedirectUri = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FromConfiguration = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProtectedAppToken = table.Column<string>(type: "TEXT", nullable: true),
                    AppTokenFetchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrinterApps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrinterAuthorizations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrinterId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrinterAuthorizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrinterAuthorizations_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Printers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MachineCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ConnectionKind = table.Column<int>(type: "INTEGER", nullable: false),
                    OnlineState = table.Column<int>(type: "INTEGER", nullable: false),
                    OnlineCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TokenState = table.Column<int>(type: "INTEGER", nullable: false),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AccessExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefreshExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRefreshAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextRefreshAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefreshDay = table.Column<int>(type: "INTEGER", nullable: false),
                    RefreshesToday = table.Column<int>(type: "INTEGER", nullable: false),
                    RefreshLeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PaperWidth = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Firmware = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Printers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Printers_PrinterApps_AppId",
                        column: x => x.AppId,
                        principalTable: "PrinterApps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Printers_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrinterTokenEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrinterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrinterTokenEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrinterTokenEvents_Printers_PrinterId",
                        column: x => x.PrinterId,
                        principalTable: "Printers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PrinterApps_ClientId",
                table: "PrinterApps",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrinterAuthorizations_StateHash",
                table: "PrinterAuthorizations",
                column: "StateHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrinterAuthorizations_TenantId",
                table: "PrinterAuthorizations",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_Printers_AppId_MachineCode",
                table: "Printers",
                columns: new[] { "AppId", "MachineCode" },
                unique: true,
                filter: "\"TokenState\" <> 4");

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId",
                table: "Printers",
                column: "TenantId");

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

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TenantId_TokenState",
                table: "Printers",
                columns: new[] { "TenantId", "TokenState" });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_TokenState_NextRefreshAt",
                table: "Printers",
                columns: new[] { "TokenState", "NextRefreshAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrinterTokenEvents_PrinterId",
                table: "PrinterTokenEvents",
                column: "PrinterId");

            migrationBuilder.CreateIndex(
                name: "IX_PrinterTokenEvents_TenantId",
                table: "PrinterTokenEvents",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PrinterTokenEvents_TenantId_PrinterId_At",
                table: "PrinterTokenEvents",
                columns: new[] { "TenantId", "PrinterId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrinterAuthorizations");

            migrationBuilder.DropTable(
                name: "PrinterTokenEvents");

            migrationBuilder.DropTable(
                name: "Printers");

            migrationBuilder.DropTable(
                name: "PrinterApps");
        }
    }
}
