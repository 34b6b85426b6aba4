import type { Operation } from "../ops/operations.js";

export interface DiffOptions {
  /** The default schema: `public` unless the DataSource says otherwise. */
  readonly defaultSchema?: string;
}

/**
 * What comparators append to. Operations go into phases so that dependencies hold whatever order the
 * comparators ran in: extensions and schemas before the tables that use them, tables before columns,
 * constraint drops before column drops, table drops last.
 */
export class DiffContext {
  readonly phases = {
    createExtensions: [] as Operation[],
    createSchemas: [] as Operation[],
    dropConstraints: [] as Operation[],
    createTables: [] as Operation[],
    columns: [] as Operation[],
    addConstraints: [] as Operation[],
    dropTables: [] as Operation[],
    dropSchemas: [] as Operation[],
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
