/**
 * create post table
 *
 * Revision ID: 2b3c4d5e6f7a
 * Revises: 1a2b3c4d5e6f
 * Create Date: 2026-11-25 15:45:11.544
 */
import type { MigrationContext } from "retort";

export const revision = "2b3c4d5e6f7a";
export const downRevision: string | readonly string[] | null = "1a2b3c4d5e6f";

export async function upgrade({ op }: MigrationContext): Promise<void> {
  await op.createTable(
    "post",
    [
      { name: "id", type: "serial", nullable: false },
      { name: "title", type: "character varying(200)", nullable: false },
      { name: "body", type: "text", nullable: false },
      { name: "authorId", type: "integer", nullable: false },
    ],
    { primaryKey: { name: "PK_be5fda3aac270b134ff9c21cdee", columns: ["id"] } },
  );
  await op.createForeignKey(
    "FK_c6fb082a3114f35d0cc27c518e0",
    "post",
    "author",
    ["authorId"],
    ["id"],
    { onDelete: "CASCADE" },
  );
}

export async function downgrade({ op }: MigrationContext): Promise<void> {
  await op.dropConstraint("FK_c6fb082a3114f35d0cc27c518e0", "post");
  // DATA LOSS: drops table post and every row in it
  await op.dropTable("post");
}
