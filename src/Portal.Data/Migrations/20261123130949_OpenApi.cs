using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class OpenApi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiClients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Scopes = table.Column<int>(type: "INTEGER", nullable: false),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CallCount = table.Column<long>(type: "INTEGER", nullable: false),
                    LastCalledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiClients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserApiTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TokenHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserApiTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserApiTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UserApiTokens_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApiAuthCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ApiClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Scopes = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiAuthCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiAuthCodes_ApiClients_ApiClientId",
                        column: x => x.ApiClientId,
                        principalTable: "ApiClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ApiAuthCodes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ApiAuthCodes_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApiClientSecrets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApiClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiClientSecrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiClientSecrets_ApiClients_ApiClientId",
                        column: x => x.ApiClientId,
                        principalTable: "ApiClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProviderAccesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ApiClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccessCount = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstAccessAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAccessAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProviderAccesses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProviderAccesses_ApiClients_ApiClientId",
                        column: x => x.ApiClientId,
                        principalTable: "ApiClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProviderAccesses_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProviderAccesses_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiAuthCodes_ApiClientId",
                table: "ApiAuthCodes",
                column: "ApiClientId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiAuthCodes_ExpiresAt",
                table: "ApiAuthCodes",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_ApiAuthCodes_TenantId",
                table: "ApiAuthCodes",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiAuthCodes_TenantId_CodeHash",
                table: "ApiAuthCodes",
                columns: new[] { "TenantId", "CodeHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiAuthCodes_TenantId_UserId_ApiClientId",
                table: "ApiAuthCodes",
                columns: new[] { "TenantId", "UserId", "ApiClientId" });

            migrationBuilder.CreateIndex(
                name: "IX_ApiAuthCodes_UserId",
                table: "ApiAuthCodes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiClients_ClientId",
                table: "ApiClients",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiClientSecrets_ApiClientId",
                table: "ApiClientSecrets",
                column: "ApiClientId");

            migrationBuilder.CreateIndex(
                name: "IX_ProviderAccesses_ApiClientId",
                table: "ProviderAccesses",
                column: "ApiClientId");

            migrationBuilder.CreateIndex(
                name: "IX_ProviderAccesses_TenantId",
                table: "ProviderAccesses",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ProviderAccesses_TenantId_UserId_ApiClientId",
                table: "ProviderAccesses",
                columns: new[] { "TenantId", "UserId", "ApiClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProviderAccesses_UserId",
                table: "ProviderAccesses",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_UserApiTokens_TenantId",
                table: "UserApiTokens",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_UserApiTokens_TenantId_UserId",
                table: "UserApiTokens",
                columns: new[] { "TenantId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_UserApiTokens_TokenHash",
                table: "UserApiTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserApiTokens_UserId",
                table: "UserApiTokens",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiAuthCodes");

            migrationBuilder.DropTable(
                name: "ApiClientSecrets");

            migrationBuilder.DropTable(
                name: "ProviderAccesses");

            migrationBuilder.DropTable(
                name: "UserApiTokens");

            migrationBuilder.DropTable(
                name: "ApiClients");
        }
    }
}
