/**
 * create author table
 *
 * Revision ID: 1a2b3c4d5e6f
 * Revises:
 * Create Date: 2026-11-25 15:44:56.103
 */
import type { MigrationContext } from "retort";

export const revision = "1a2b3c4d5e6f";
export const downRevision: string | readonly string[] | null = null;

export async function upgrade({ op }: MigrationContext): Promise<void> {
  await op.createTable(
    "author",
    [
      { name: "id", type: "serial", nullable: false },
      { name: "name", type: "character varying(100)", nullable: false },
      { name: "email", type: "character varying(255)", nullable: false },
    ],
    {
      primaryKey: { name: "PK_5a0e79799d372fe56f2f3fa6871", columns: ["id"] },
      uniques: [{ name: "UQ_384deada87eb62ab31c5d5afae5", columns: ["email"] }],
    },
  );
}

export async function downgrade({ op }: MigrationContext): Promise<void> {
  // DATA LOSS: drops table author and every row in it
  await op.dropTable("author");
}
