/**
 * The fleet commands' reports as text: pure functions of their results, printed by the CLI on stdout.
 *
 *   tenant   from          to            time   status
 *   acme     <base>        3f2a9c1b7d4e  0.4 s  upgraded
 *   globex   3f2a9c1b7d4e  3f2a9c1b7d4e  -      unchanged
 *
 *   initech: upgrade of revision 3f2a9c1b7d4e failed and was rolled back: ...
 *   3 tenants: 1 upgraded, 1 unchanged, 1 failed
 */
import type { FleetCheck } from "../commands/check-tenants.js";
import type { FleetCurrent } from "../commands/current-tenants.js";
import type { FleetRunResult, TenantStatus } from "../tenants/fleet-migrate.js";

const STATUS_ORDER: readonly TenantStatus[] = [
  "upgraded",
  "downgraded",
  "stamped",
  "unchanged",
  "failed",
  "not started",
];

export function fleetRunReport(result: FleetRunResult): string[] {
  const rows = result.tenants.map((t) => [
    t.tenant,
    revisionsText(t.from),
    revisionsText(t.to),
    // Not connected to: nothing to time.
    t.status === "not started" || (t.status === "unchanged" && t.milliseconds === 0)
      ? "-"
      : `${(t.milliseconds / 1000).toFixed(1)} s`,
    t.status,
  ]);
  const errors = result.tenants.filter((t) => t.error !== undefined).map((t) => `${t.tenant}: ${t.error}`);
  const counts = STATUS_ORDER.map((status) => [
    status,
    result.tenants.filter((t) => t.status === status).length,
  ])
    .filter(([, count]) => count !== 0)
    .map(([status, count]) => `${count} ${status}`);
  return [
    ...table(["tenant", "from", "to", "time", "status"], rows),
    ...(errors.length > 0 ? ["", ...errors] : []),
    `${plural(result.tenants.length, "tenant")}: ${counts.join(", ")}${stoppedText(result.stopped)}`,
  ];
}

export function fleetCurrentReport(current: FleetCurrent): string[] {
  const rows = current.revisions.map((r) => [
    r.head ? `${r.revision} (head)` : r.revision,
    String(r.tenants),
  ]);
  const stragglers = current.stragglers.map((s) =>
    s.at === null ? `  ${s.tenant}: ? (${s.error ?? "unknown"})` : `  ${s.tenant}: ${revisionsText(s.at)}`,
  );
  return [
    ...table(["revision", "tenants"], rows),
    "",
    current.stragglers.length === 0
      ? `All ${plural(current.tenants.length, "tenant")} at the head`
      : `${plural(current.stragglers.length, "tenant")} not at the head:`,
    ...stragglers,
  ];
}

export function fleetCheckReport(check: FleetCheck): string[] {
  const rows = check.tenants.map((t) => [
    t.tenant,
    t.status,
    t.status === "differs" ? String(t.operations) : "",
  ]);
  const errors = check.tenants.filter((t) => t.error !== undefined).map((t) => `${t.tenant}: ${t.error}`);
  const verdict =
    check.differing.length === 0
      ? `No tenant differs from the models (${plural(check.tenants.length, "tenant")} checked)`
      : `${plural(check.differing.length, "tenant")} of ${check.tenants.length} differ: ${check.differing.join(", ")}`;
  return [
    ...table(["tenant", "status", "operations"], rows),
    ...(errors.length > 0 ? ["", ...errors] : []),
    `${verdict}${stoppedText(check.stopped)}`,
  ];
}

function revisionsText(revisions: readonly string[] | null): string {
  if (revisions === null) return "?";
  return revisions.length === 0 ? "<base>" : revisions.join(", ");
}

function stoppedText(stopped: FleetRunResult["stopped"]): string {
  if (stopped === undefined) return "";
  return stopped === "fail-fast" ? " (stopped after the first failure: --fail-fast)" : " (interrupted)";
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Left-aligned columns two spaces apart, the last one unpadded. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
