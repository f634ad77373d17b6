using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class FirstOperatorSeat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FirstOperatorSeat",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_FirstOperatorSeat",
                table: "AspNetUsers",
                column: "FirstOperatorSeat",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_FirstOperatorSeat",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "FirstOperatorSeat",
                table: "AspNetUsers");
        }
    }
}
