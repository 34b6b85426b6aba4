/**
 * publish posts
 *
 * Revision ID: 3c4d5e6f7a8b
 * Revises: 2b3c4d5e6f7a
 * Create Date: 2026-11-25 15:45:18.373
 */
import type { MigrationContext } from "retort";

export const revision = "3c4d5e6f7a8b";
export const downRevision: string | readonly string[] | null = "2b3c4d5e6f7a";

export async function upgrade({ op }: MigrationContext): Promise<void> {
  await op.addColumn("post", { name: "published", type: "boolean", nullable: false, default: "false" });
  await op.addColumn(
    "post",
    { name: "createdAt", type: "timestamp with time zone", nullable: false, default: "now()" },
  );
}

export async function downgrade({ op }: MigrationContext): Promise<void> {
  // DATA LOSS: drops column post.createdAt and its values
  await op.dropColumn("post", "createdAt");
  // DATA LOSS: drops column post.published and its values
  await op.dropColumn("post", "published");
}
