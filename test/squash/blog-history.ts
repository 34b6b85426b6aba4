/**
 * A 32-revision history, written as files directly (no autogenerate runs), that ends at the schema of
 * test/fixtures/squash-app's entities. It does what histories do: creates tables and grows them column
 * by column, narrows a column, renames one, adds an enum label, creates a table and drops it again,
 * replaces a foreign key, and twice runs SQL by hand (a backfill in r03 and a seed row in r25), which a
 * squash must list rather than replay.
 */
import type { MigrationSpec } from "../support/migrations-dir.js";

type Step = readonly [message: string, upgrade: string, downgrade: string];

const serial = (name: string) => `{ name: "${name}", type: "serial", nullable: false }`;
const pk = (name: string, columns: string) => `{ primaryKey: { name: "${name}", columns: [${columns}] } }`;

const STEPS: readonly Step[] = [
  [
    "create author",
    `await op.createTable("author", [${serial("id")}, { name: "name", type: "character varying(50)", nullable: false }], ${pk("PK_5a0e79799d372fe56f2f3fa6871", '"id"')});`,
    `await op.dropTable("author");`,
  ],
  [
    "add author email",
    `await op.addColumn("author", { name: "email", type: "character varying(200)", nullable: true });`,
    `await op.dropColumn("author", "email");`,
  ],
  [
    "backfill author email",
    `await op.execute("UPDATE author SET email = name || '@example.com' WHERE email IS NULL");`,
    "// Nothing to undo: the addresses stay.",
  ],
  [
    "author email required",
    `await op.alterColumn("author", "email", { nullable: false });`,
    `await op.alterColumn("author", "email", { nullable: true });`,
  ],
  [
    "author email unique",
    `await op.createIndex("author_email_key", "author", ["email"], { unique: true });`,
    `await op.dropIndex("author_email_key");`,
  ],
  [
    "longer author names",
    `await op.alterColumn("author", "name", { type: "character varying(100)", existingType: "character varying(50)" });`,
    `await op.alterColumn("author", "name", { type: "character varying(50)", existingType: "character varying(100)" });`,
  ],
  [
    "add author bio",
    `await op.addColumn("author", { name: "bio", type: "text", nullable: true });`,
    `await op.dropColumn("author", "bio");`,
  ],
  [
    "create scratch",
    `await op.createTable("scratch", [${serial("id")}], ${pk("scratch_pkey", '"id"')});`,
    `await op.dropTable("scratch");`,
  ],
  [
    "create post status",
    `await op.createEnum("post_status", ["draft", "published"]);`,
    `await op.dropEnum("post_status");`,
  ],
  [
    "create post",
    `await op.createTable("post", [${serial("id")}, { name: "title", type: "character varying(200)", nullable: false }, { name: "authorId", type: "integer", nullable: false }], ${pk("PK_be5fda3aac270b134ff9c21cdee", '"id"')});`,
    `await op.dropTable("post");`,
  ],
  [
    "post author",
    `await op.createForeignKey("FK_c6fb082a3114f35d0cc27c518e0", "post", "author", ["authorId"], ["id"]);`,
    `await op.dropConstraint("FK_c6fb082a3114f35d0cc27c518e0", "post");`,
  ],
  [
    "add post status",
    `await op.addColumn("post", { name: "status", type: "post_status", nullable: false, default: "'draft'::post_status" });`,
    `await op.dropColumn("post", "status");`,
  ],
  [
    "add post body",
    `await op.addColumn("post", { name: "body", type: "text", nullable: true });`,
    `await op.dropColumn("post", "body");`,
  ],
  [
    "drop scratch",
    `await op.dropTable("scratch");`,
    `await op.createTable("scratch", [${serial("id")}], ${pk("scratch_pkey", '"id"')});`,
  ],
  [
    "add post published at",
    `await op.addColumn("post", { name: "published_at", type: "timestamp without time zone", nullable: true });`,
    `await op.dropColumn("post", "published_at");`,
  ],
  [
    "index post by author",
    `await op.createIndex("post_author_published_idx", "post", ["authorId", "published_at"]);`,
    `await op.dropIndex("post_author_published_idx");`,
  ],
  [
    "archived posts",
    `await op.alterEnum("post_status", { from: ["draft", "published"], to: ["draft", "published", "archived"] });`,
    `await op.alterEnum("post_status", { from: ["draft", "published", "archived"], to: ["draft", "published"], usages: [{ table: "post", column: "status", default: "'draft'::post_status" }] });`,
  ],
  [
    "create tag",
    `await op.createTable("tag", [${serial("id")}, { name: "label", type: "character varying(50)", nullable: false }], ${pk("PK_8e4052373c579afc1471f526760", '"id"')});`,
    `await op.dropTable("tag");`,
  ],
  [
    "rename tag label",
    `await op.renameColumn("tag", "label", "name");`,
    `await op.renameColumn("tag", "name", "label");`,
  ],
  [
    "tag name unique",
    `await op.createIndex("tag_name_key", "tag", ["name"], { unique: true });`,
    `await op.dropIndex("tag_name_key");`,
  ],
  [
    "create post tag",
    `await op.createTable("post_tag", [{ name: "postId", type: "integer", nullable: false }, { name: "tagId", type: "integer", nullable: false }], ${pk("PK_7e4fae2ea901c7c38a0e431d2b3", '"postId", "tagId"')});\n` +
      `  await op.createIndex("IDX_346168a19727fca1b1835790a1", "post_tag", ["tagId"]);\n` +
      `  await op.createIndex("IDX_444c1b4f6cd7b632277f557935", "post_tag", ["postId"]);`,
    `await op.dropTable("post_tag");`,
  ],
  [
    "post tag keys",
    `await op.createForeignKey("FK_346168a19727fca1b1835790a14", "post_tag", "tag", ["tagId"], ["id"], { onDelete: "CASCADE", onUpdate: "CASCADE" });\n` +
      `  await op.createForeignKey("FK_444c1b4f6cd7b632277f5579354", "post_tag", "post", ["postId"], ["id"], { onDelete: "CASCADE", onUpdate: "CASCADE" });`,
    `await op.dropConstraint("FK_444c1b4f6cd7b632277f5579354", "post_tag");\n` +
      `  await op.dropConstraint("FK_346168a19727fca1b1835790a14", "post_tag");`,
  ],
  [
    "create comment",
    `await op.createTable("comment", [${serial("id")}, { name: "body", type: "text", nullable: false }, { name: "postId", type: "integer", nullable: false }], ${pk("PK_0b0e4bbc8415ec426f87f3a88e2", '"id"')});`,
    `await op.dropTable("comment");`,
  ],
  [
    "comment post",
    `await op.createForeignKey("FK_94a85bb16d24033a2afdd5df060", "comment", "post", ["postId"], ["id"]);`,
    `await op.dropConstraint("FK_94a85bb16d24033a2afdd5df060", "comment");`,
  ],
  [
    "seed news tag",
    `await op.execute("INSERT INTO tag (name) VALUES ('news')");`,
    `await op.execute("DELETE FROM tag WHERE name = 'news'");`,
  ],
  [
    "add comment score",
    `await op.addColumn("comment", { name: "score", type: "integer", nullable: false, default: "0" });`,
    `await op.dropColumn("comment", "score");`,
  ],
  [
    "comment score positive",
    `await op.createCheck("comment_score_check", "comment", "(score >= 0)");`,
    `await op.dropConstraint("comment_score_check", "comment");`,
  ],
  [
    "add author created at",
    `await op.addColumn("author", { name: "created_at", type: "timestamp with time zone", nullable: false, default: "now()" });`,
    `await op.dropColumn("author", "created_at");`,
  ],
  [
    "post author cascade",
    `await op.dropConstraint("FK_c6fb082a3114f35d0cc27c518e0", "post");\n` +
      `  await op.createForeignKey("FK_c6fb082a3114f35d0cc27c518e0", "post", "author", ["authorId"], ["id"], { onDelete: "CASCADE" });`,
    `await op.dropConstraint("FK_c6fb082a3114f35d0cc27c518e0", "post");\n` +
      `  await op.createForeignKey("FK_c6fb082a3114f35d0cc27c518e0", "post", "author", ["authorId"], ["id"]);`,
  ],
  [
    "index comment by post",
    `await op.createIndex("comment_post_idx", "comment", ["postId"]);`,
    `await op.dropIndex("comment_post_idx");`,
  ],
  // What follows the squashed range.
  [
    "add comment edited at",
    `await op.addColumn("comment", { name: "edited_at", type: "timestamp without time zone", nullable: true });`,
    `await op.dropColumn("comment", "edited_at");`,
  ],
  [
    "draft posts without status",
    `await op.execute("UPDATE post SET status = 'draft' WHERE status IS NULL");`,
    "// Nothing to undo.",
  ],
];

/** `r01` ... `r32`, in order. */
export const revisionId = (n: number) => `r${String(n).padStart(2, "0")}`;

export const BLOG_HISTORY: readonly MigrationSpec[] = STEPS.map(([message, upgrade, downgrade], i) => ({
  id: revisionId(i + 1),
  down: i === 0 ? null : revisionId(i),
  message,
  upgrade,
  downgrade,
}));
