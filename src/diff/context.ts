import type { Operation } from "../ops/operations.js";
import type { Renames } from "./renames.js";

export interface DiffOptions {
  /** The default schema: `public` unless the DataSource says otherwise. */
  readonly defaultSchema?: string;
  /** Tables and columns the caller decided were renamed (see ./renames.ts). */
  readonly renames?: Renames;
}

/**
 * What comparators append to. Operations go into phases so that dependencies hold whatever order the
 * comparators ran in, and the downgrade (the reversed inverses) inherits the mirror order:
 * - extensions, schemas and enum types before the tables and columns that use them;
 * - views that go away or change are dropped before anything they read from changes, and created
 *   again at the very end;
 * - foreign keys are dropped before the constraints, indexes, columns and tables they point at, and
 *   added after all of those exist;
 * - tables are dropped after every column change, enum types after the tables that used them.
 */
export class DiffContext {
  readonly phases = {
    createExtensions: [] as Operation[],
    createSchemas: [] as Operation[],
    enums: [] as Operation[],
    // Renames first among table changes: every later operation names objects by their new names.
    renames: [] as Operation[],
    dropViews: [] as Operation[],
    dropForeignKeys: [] as Operation[],
    dropIndexes: [] as Operation[],
    dropConstraints: [] as Operation[],
    createTables: [] as Operation[],
    columns: [] as Operation[],
    addConstraints: [] as Operation[],
    createIndexes: [] as Operation[],
    addForeignKeys: [] as Operation[],
    dropTables: [] as Operation[],
    dropEnums: [] as Operation[],
    createViews: [] as Operation[],
  };
  /** "Detected added column 'user.avatar'": one line per finding, as Alembic logs them. */
  readonly detections: string[] = [];

  constructor(readonly options: DiffOptions) {}

  add(phase: keyof DiffContext["phases"], op: Operation, detection: string): void {
    this.phases[phase].push(op);
    this.detections.push(detection);
  }

  operations(): Operation[] {
    return Object.values(this.phases).flat();
  }
}
