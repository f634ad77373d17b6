using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Printing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId_At",
                table: "AuditEntries");

            migrationBuilder.AddColumn<long>(
                name: "PushUrlsRegisteredAt",
                table: "Printers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PushUrlsRegisteredAt",
                table: "PrinterApps",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PrintJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrinterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OriginId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Copies = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    PlatformOrderId = table.Column<long>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReprintOfId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastPolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrintJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrintJobs_Printers_PrinterId",
                        column: x => x.PrinterId,
                        principalTable: "Printers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PrintJobs_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PushRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Command = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    MachineCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PrinterId = table.Column<Guid>(type: "TEXT", nullable: true),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SignatureValid = table.Column<bool>(type: "INTEGER", nullable: false),
                    DedupeKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    HandlingMilliseconds = table.Column<int>(type: "INTEGER", nullable: false),
                    ReplayedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PushRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReceiptTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PaperWidth = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    UpdatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceiptTemplates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReceiptTemplates_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrintJobEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrintJobEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrintJobEvents_PrintJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "PrintJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At_Id",
                table: "AuditEntries",
                columns: new[] { "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_At_Id",
                table: "AuditEntries",
                columns: new[] { "TenantId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobEvents_JobId",
                table: "PrintJobEvents",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobEvents_TenantId",
                table: "PrintJobEvents",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobEvents_TenantId_JobId_At",
                table: "PrintJobEvents",
                columns: new[] { "TenantId", "JobId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_AppId_OriginId",
                table: "PrintJobs",
                columns: new[] { "AppId", "OriginId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_AppId_PlatformOrderId",
                table: "PrintJobs",
                columns: new[] { "AppId", "PlatformOrderId" });

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_PrinterId",
                table: "PrintJobs",
                column: "PrinterId");

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_State_SentAt",
                table: "PrintJobs",
                columns: new[] { "State", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_TenantId",
                table: "PrintJobs",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_TenantId_CreatedAt_Id",
                table: "PrintJobs",
                columns: new[] { "TenantId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_TenantId_PrinterId_CreatedAt",
                table: "PrintJobs",
                columns: new[] { "TenantId", "PrinterId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrintJobs_TenantId_State_CreatedAt",
                table: "PrintJobs",
                columns: new[] { "TenantId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PushRecords_DedupeKey",
                table: "PushRecords",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PushRecords_PrinterId_ReceivedAt",
                table: "PushRecords",
                columns: new[] { "PrinterId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PushRecords_ReceivedAt",
                table: "PushRecords",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PushRecords_TenantId_ReceivedAt",
                table: "PushRecords",
                columns: new[] { "TenantId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceiptTemplates_TenantId",
                table: "ReceiptTemplates",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ReceiptTemplates_TenantId_Name",
                table: "ReceiptTemplates",
                columns: new[] { "TenantId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrintJobEvents");

            migrationBuilder.DropTable(
                name: "PushRecords");

            migrationBuilder.DropTable(
                name: "ReceiptTemplates");

            migrationBuilder.DropTable(
                name: "PrintJobs");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_At_Id",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId_At_Id",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PushUrlsRegisteredAt",
                table: "Printers");

            migrationBuilder.DropColumn(
                name: "PushUrlsRegisteredAt",
                table: "PrinterApps");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_At",
                table: "AuditEntries",
                columns: new[] { "TenantId", "At" });
        }
    }
}
