using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Data.Migrations
{
    /// <inheritdoc />
    public partial class CatalogImages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "image_id",
                table: "catalog_items",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "catalog_images",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    original_blob = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    widths = table.Column<int[]>(type: "integer[]", nullable: false),
                    failure_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ready_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replaced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_catalog_images", x => x.id);
                });

            // Images stored before this migration become ready images without renditions: pages show the original.
            migrationBuilder.Sql("""
                WITH moved AS (
                    INSERT INTO catalog_images (id, item_id, original_blob, content_type, width, height, status, widths, created_at, ready_at)
                    SELECT gen_random_uuid(), id, image_blob, coalesce(image_content_type, 'application/octet-stream'), 0, 0, 'Ready', '{}',
                           updated_at, updated_at
                    FROM catalog_items WHERE image_blob IS NOT NULL
                    RETURNING id, item_id)
                UPDATE catalog_items AS c SET image_id = moved.id FROM moved WHERE c.id = moved.item_id;
                """);

            migrationBuilder.DropColumn(
                name: "image_blob",
                table: "catalog_items");

            migrationBuilder.DropColumn(
                name: "image_content_type",
                table: "catalog_items");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_items_image_id",
                table: "catalog_items",
                column: "image_id");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_images_item_id",
                table: "catalog_images",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_images_replaced_at",
                table: "catalog_images",
                column: "replaced_at",
                filter: "replaced_at IS NOT NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_catalog_items_catalog_images_image_id",
                table: "catalog_items",
                column: "image_id",
                principalTable: "catalog_images",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_catalog_items_catalog_images_image_id",
                table: "catalog_items");

            migrationBuilder.DropTable(
                name: "catalog_images");

            migrationBuilder.DropIndex(
                name: "ix_catalog_items_image_id",
                table: "catalog_items");

            migrationBuilder.DropColumn(
                name: "image_id",
                table: "catalog_items");

            migrationBuilder.AddColumn<string>(
                name: "image_blob",
                table: "catalog_items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "image_content_type",
                table: "catalog_items",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }
    }
}
