// .ci/run's last lines, from the vitest JSON reports: "offline: N passed, N failed" for the run with
// the network cut off (scripts/test-offline.sh), then "N passed, N failed" for both runs together, so
// a failure in either counts. Arguments: the main run's report and exit status, then the offline run's.
// An offline report left empty by a run that exited 0 means it was skipped (the script said why).
import { readFileSync } from "node:fs";

const [mainReport, mainStatus, offlineReport, offlineStatus] = process.argv.slice(2);

const total = counts(mainReport, mainStatus);
if (offlineReport && !(offlineStatus === "0" && read(offlineReport) === "")) {
  const offline = counts(offlineReport, offlineStatus);
  console.log(`offline: ${offline.passed} passed, ${offline.failed} failed`);
  total.passed += offline.passed;
  total.failed += offline.failed;
}
console.log(`${total.passed} passed, ${total.failed} failed`);

function counts(report, status) {
  let r = {};
  try {
    r = JSON.parse(read(report));
  } catch {}
  // A run that failed without a failing test (a file that does not load, a build error) counts as one.
  let failed = r.numFailedTests ?? 0;
  if (status !== "0" && failed === 0) failed = 1;
  return { passed: r.numPassedTests ?? 0, failed };
}

function read(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
