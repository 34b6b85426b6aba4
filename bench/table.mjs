/**
 * The benchmark's report as Markdown, from results.json's shape: the per-N table (TypeORM beside
 * retort, and retort beside the floor), the growth from N = 1000 to the largest N, the embedded default
 * and `check --shadow`, each with the target beside the figure.
 */
const fmt = (s) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const times = (a, b) => `${(a / b).toFixed(1)}×`;

function sizesTable(r) {
  if (r.sizes.length === 0) return [];
  const lines = [
    "| N | what | TypeORM 1.1.1 | retort | TypeORM ÷ retort | statements TypeORM / retort | retort peak MB |",
    "|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const s of r.sizes) {
    const row = (what, m) =>
      lines.push(
        `| ${s.n} | ${what} | ${fmt(m.typeorm.seconds)} s | ${fmt(m.retort.seconds)} s | ${times(m.typeorm.seconds, m.retort.seconds)} | ${m.typeorm.statements} / ${m.retort.statements} | ${m.retort.peakMb.toFixed(0)} |`,
      );
    row("check, in sync (steady state: as the check before it)", s.check);
    if (s.checkDiffed) row("check, in sync, first after the model loaded (catalog diffed)", s.checkDiffed);
    if (s.check.floor) {
      const f = s.check.floor;
      const diffed = s.checkDiffed
        ? `, first after a load ${times(s.checkDiffed.retort.seconds, f.seconds)}`
        : "";
      lines.push(
        `| ${s.n} | the floor: start, connect, read the catalog, exit | | ${fmt(f.seconds)} s | check ÷ floor ${times(s.check.retort.seconds, f.seconds)}${diffed} | – / ${f.statements} | ${f.peakMb.toFixed(0)} |`,
      );
    }
    row("one column added (cache stale)", s.oneColumnAdded);
    row("cold: empty database, no cache", s.cold);
    if (s.coldJs) row("cold, from the compiled .js entities TypeORM reads", s.coldJs);
    const i = s.introspection;
    lines.push(
      `| ${s.n} | introspection vs catalog floor (in process) | floor ${ms(i.floorSeconds)} | ${ms(i.retortSeconds)} | retort ÷ floor ${times(i.retortSeconds, i.floorSeconds)} | ${i.floorStatements} / ${i.retortStatements} | |`,
    );
  }
  return lines;
}

/** How each figure grows from N = 1000 to the largest N measured (linear would be largest ÷ 1000). */
function growthTable(r) {
  const base = r.sizes.find((s) => s.n === 1000);
  const top = r.sizes.at(-1);
  if (!base || !top || top.n <= 1000) return [];
  const lines = [
    "",
    `Growth from N = 1000 to N = ${top.n} (linear: ${(top.n / 1000).toFixed(1)}×; target for retort ≤ ${((top.n / 1000) * 1.1).toFixed(1)}×):`,
    "",
    "| what | TypeORM | retort | retort peak MB |",
    "|---|---:|---:|---:|",
  ];
  const row = (what, key) =>
    lines.push(
      `| ${what} | ${times(top[key].typeorm.seconds, base[key].typeorm.seconds)} | ${times(top[key].retort.seconds, base[key].retort.seconds)} | ${times(top[key].retort.peakMb, base[key].retort.peakMb)} |`,
    );
  row("check, in sync", "check");
  if (base.checkDiffed && top.checkDiffed) row("check, in sync, first after a load", "checkDiffed");
  row("one column added", "oneColumnAdded");
  row("cold autogenerate", "cold");
  return lines;
}

function embeddedTable(e) {
  if (!e) return [];
  const row = (what, m, target) => `| ${what} | ${fmt(m.seconds)} s | ${m.peakMb.toFixed(0)} | ${target} |`;
  return [
    "",
    "Embedded default (PGlite), the demo project examples/blog:",
    "",
    "| command | wall | peak MB | target |",
    "|---|---:|---:|---:|",
    ...(e.firstOnMachine
      ? [
          row(
            "first start on a machine (`current`, no template in the user's cache: initdb)",
            e.firstOnMachine,
            "–",
          ),
        ]
      : []),
    row(
      "first start in a project (`current`, creates .retort/ from the cached template)",
      e.firstStart,
      "≤ 4 s",
    ),
    row("`current`", e.current, "≤ 1.0 s"),
    row("`check`", e.check, "≤ 1.0 s"),
    row("`revision --autogenerate`", e.autogenerate, "≤ 1.0 s"),
    row("`upgrade head` (3 revisions)", e.upgrade, "≤ 1.0 s"),
  ];
}

function shadowLine(s) {
  if (!s) return [];
  return [
    "",
    `\`check --shadow\`, ${s.revisions} revisions of a ${s.entities}-entity app, embedded shadow: ${fmt(s.shadow.seconds)} s, ` +
      `${times(s.shadow.seconds, s.upgrade.seconds)} \`upgrade head\` of the same revisions on the server (${fmt(s.upgrade.seconds)} s; target ≤ 3×).`,
  ];
}

export function table(r) {
  const notes = [
    "",
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.postgres}; load average at start ${r.machine.loadAverageAtStart.join(" ")}, at end ${(r.machine.loadAverageAtEnd ?? []).join(" ")}. Node start (\`node -e 0\`): ${ms(r.nodeStartSeconds)}.`,
  ];
  if (r.revisions) {
    const v = r.revisions;
    notes.push(
      `\`retort history\` over ${v.count} revisions: ${ms(v.history.seconds)} (first run: ${fmt(v.firstHistorySeconds)} s); \`retort current\`: ${ms(v.current.seconds)}.`,
    );
  }
  return [
    ...sizesTable(r),
    ...growthTable(r),
    ...embeddedTable(r.embedded),
    ...shadowLine(r.shadow),
    ...notes,
  ].join("\n");
}
