/**
 * Revision graphs as migration files in a temp project: linear, two heads, merged, labelled branches
 * (two roots, as Alembic's branches.rst builds them with `--head=base --branch-label`), and
 * depends-on. Each migration records what ran in a `ran` table, so a test can check that each
 * upgrade()/downgrade() ran once, in which order.
 */
import { createHash } from "node:crypto";
import { createMigrationsProject, type MigrationsProject } from "../support/migrations-dir.js";

export interface GraphRevision {
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly message: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
}

/** The file text, shaped as retort's codegen writes it, with the optional graph exports. */
export function revisionSource(revision: GraphRevision): string {
  const parents =
    revision.down === null ? [] : typeof revision.down === "string" ? [revision.down] : revision.down;
  const record = (direction: string) =>
    `  await op.execute("CREATE TABLE IF NOT EXISTS ran (seq serial, rev text, direction text)");\n` +
    `  await op.execute("INSERT INTO ran (rev, direction) VALUES ('${revision.id}', '${direction}')");`;
  return [
    "/**",
    ` * ${revision.message}`,
    " *",
    ` * Revision ID: ${revision.id}`,
    ` * Revises: ${parents.join(", ")}`,
    " * Create Date: 2026-11-24 10:15:00.000",
    " */",
    'import type { MigrationContext } from "retort";',
    "",
    `export const revision = ${JSON.stringify(revision.id)};`,
    `export const downRevision: string | readonly string[] | null = ${JSON.stringify(revision.down)};`,
    ...(revision.branchLabels
      ? [`export const branchLabels = ${JSON.stringify(revision.branchLabels)};`]
      : []),
    ...(revision.dependsOn ? [`export const dependsOn = ${JSON.stringify(revision.dependsOn)};`] : []),
    "",
    "export async function upgrade({ op }: MigrationContext): Promise<void> {",
    record("upgrade"),
    "}",
    "",
    "export async function downgrade({ op }: MigrationContext): Promise<void> {",
    record("downgrade"),
    "}",
    "",
  ].join("\n");
}

export function writeRevisions(project: MigrationsProject, revisions: readonly GraphRevision[]): void {
  for (const revision of revisions) {
    const slug = revision.message.toLowerCase().replace(/\W+/g, "_");
    project.writeFile(`migrations/${revision.id}_${slug}.ts`, revisionSource(revision));
  }
}

export function createGraphProject(revisions: readonly GraphRevision[]): MigrationsProject {
  const project = createMigrationsProject();
  writeRevisions(project, revisions);
  return project;
}

/** 1975ea83b712 -> ae1027a6acf0 -> 3cac04ae8714 -> 5a3d1e4c7b90 */
export const LINEAR: readonly GraphRevision[] = [
  { id: "1975ea83b712", down: null, message: "create account table" },
  { id: "ae1027a6acf0", down: "1975ea83b712", message: "add a column" },
  { id: "3cac04ae8714", down: "ae1027a6acf0", message: "add an index" },
  { id: "5a3d1e4c7b90", down: "3cac04ae8714", message: "backfill names" },
];

/** 1975ea83b712 branches into ae1027a6acf0 and 27c6a30d7c24 (Alembic's docs example). */
export const TWO_HEADS: readonly GraphRevision[] = [
  { id: "1975ea83b712", down: null, message: "create account table" },
  { id: "ae1027a6acf0", down: "1975ea83b712", message: "add a column" },
  { id: "27c6a30d7c24", down: "1975ea83b712", message: "add shopping cart table" },
];

/** TWO_HEADS joined again by 53fffde5ad50. */
export const MERGED: readonly GraphRevision[] = [
  ...TWO_HEADS,
  { id: "53fffde5ad50", down: ["ae1027a6acf0", "27c6a30d7c24"], message: "merge ae1 and 27c" },
];

/** Two roots, each a labelled branch: shoppingcart (c1 -> c2 -> c3) and networking (n1 -> n2). */
export const LABELLED: readonly GraphRevision[] = [
  { id: "c1a0b2d3e4f5", down: null, message: "create cart", branchLabels: ["shoppingcart"] },
  { id: "c2b1c3d4e5f6", down: "c1a0b2d3e4f5", message: "add cart items" },
  { id: "c3c2d4e5f6a7", down: "c2b1c3d4e5f6", message: "add cart totals" },
  { id: "e1a0b2d3e4f5", down: null, message: "create networking", branchLabels: ["networking"] },
  { id: "e2b1c3d4e5f6", down: "e1a0b2d3e4f5", message: "add ip table" },
];

/**
 * LABELLED plus e3 on the networking branch depending on c2 of the shoppingcart branch (upgrading e3
 * pulls c1 and c2 in; downgrading c2 takes e3 out first), and x1, a root nothing builds on that e3 also
 * depends on: an "effective head".
 */
export const DEPENDS_ON: readonly GraphRevision[] = [
  ...LABELLED,
  { id: "f0d1e2c3b4a5", down: null, message: "create audit" },
  {
    id: "e3c2d4e5f6a7",
    down: "e2b1c3d4e5f6",
    message: "add ip account table",
    dependsOn: ["c2b1c3d4e5f6", "f0d1e2c3b4a5"],
  },
];

/** What `longLivedBranches` built, so a test can bound the drawing by it. */
export interface LongLivedHistory {
  readonly revisions: readonly GraphRevision[];
  /** The long-lived branches' labels. */
  readonly branches: readonly string[];
  /** Branches open at once at most: the long-lived ones plus a feature branch on each. */
  readonly openBranches: number;
}

/**
 * `count` revisions on four long-lived branches grown in turn, three from a common root and one from a
 * root of its own (labelled, as Alembic's independent branches), so their files interleave. On each, a
 * feature branch forks every 25 revisions or so, grows while its branch does, and is merged back after
 * 3 to 6 revisions; every 150 revisions billing and search merge each other's tip (which grows on), and
 * every 40 a branch depends on another's tip. Ids are made from the index, so the history is the same every run.
 */
export function longLivedBranches(count: number): LongLivedHistory {
  const branches = ["core", "billing", "search", "audit"];
  const revisions: GraphRevision[] = [];
  const id = () => createHash("sha1").update(`revision ${revisions.length}`).digest("hex").slice(0, 12);
  const add = (revision: Omit<GraphRevision, "id">): string => {
    const made = { id: id(), ...revision };
    revisions.push(made);
    return made.id;
  };
  const root = add({ down: null, message: "create schema" });
  // Only the branches no other one merges into are labelled: a label passes to every descendant.
  const tips = branches.map((label, b) =>
    add({
      down: b === 3 ? null : root,
      message: `start ${label}`,
      ...(b === 0 || b === 3 ? { branchLabels: [label] } : {}),
    }),
  );
  // Per branch: the open feature branch's tip and how many revisions it has left before its merge.
  const features: ({ tip: string; left: number } | undefined)[] = branches.map(() => undefined);
  for (let step = 0; revisions.length < count; step++) {
    const b = step % branches.length;
    const label = branches[b]!;
    const n = revisions.length;
    const feature = features[b];
    if (feature !== undefined && feature.left === 0) {
      tips[b] = add({ down: [tips[b]!, feature.tip], message: `merge ${label} feature` });
      features[b] = undefined;
    } else if (n % 150 < 4 && n > 4 && (b === 1 || b === 2)) {
      const other = 3 - b;
      tips[b] = add({ down: [tips[b]!, tips[other]!], message: `merge ${branches[other]} into ${label}` });
    } else {
      const dependsOn = n % 40 < 4 && n > 4 ? [tips[(b + 2) % branches.length]!] : undefined;
      tips[b] = add({ down: tips[b]!, message: `${label} change ${n}`, ...(dependsOn ? { dependsOn } : {}) });
      if (feature !== undefined) {
        feature.tip = add({ down: feature.tip, message: `${label} feature change ${n}` });
        feature.left--;
      } else if (n % 25 < 4) {
        features[b] = { tip: add({ down: tips[b]!, message: `${label} feature start` }), left: 2 + (n % 4) };
      }
    }
  }
  // Each step adds at most two revisions; the last one added is a leaf, so leaving it out is safe.
  return { revisions: revisions.slice(0, count), branches, openBranches: branches.length * 2 };
}
