#!/usr/bin/env bash
# The test files that need no PostgreSQL server, run with the network cut off (issue 21): the README
# promises that `npm test` passes on a fresh machine with nothing but Node, and a machine without a
# network (no resolver, no registry, no Docker) is the one where that breaks unnoticed. Only loopback
# is left, which the embedded hub and the tests' fake servers listen on.
#
# Needs dist/ (npm run build). Arguments go to vitest (.ci/run passes a JSON reporter). Where the
# network cannot be cut off, prints one line saying why and exits 0 without running anything.
set -uo pipefail
cd "$(dirname "$0")/.."

# About a minute on two idle cores. Chosen for what depends on the network or on the embedded
# database, plus the files that need neither a database nor many CLI processes (seconds together);
# the rest (the oracle pairs, shadow checks, introspection, the graph commands' CLI runs) is the main
# run's, on a server.
FILES=(
  # Connection errors (an unknown host without a resolver), masked passwords from a fake server on
  # loopback, and `npm pack` + install from the npm cache.
  test/reliability/bad-input.test.ts
  test/reliability/connect-failure.test.ts
  test/reliability/secrets.test.ts
  test/reliability/readme-table.test.ts
  test/package/npx.test.ts
  # The embedded database: the default with no URL, its lock, `npm run demo`, a whole session.
  test/embedded/
  test/e2e/example-blog.test.ts
  test/e2e/session.test.ts
  # No database: the IR, the diff, code generation, the revision graph, the loader, the CLI's options
  # and config (its commands on a database are the main run's).
  test/cli/cli.test.ts
  test/cli/config.test.ts
  test/cli/global-options.test.ts
  test/cli/progress.test.ts
  test/codegen/
  test/diff/
  test/graph/
  test/graph-commands/stamp-plan.test.ts
  test/import-typeorm/parts.test.ts
  test/loader/
  test/models/load-model.test.ts
  test/ops/
  test/runner/script-directory.test.ts
  test/shadow/schema-differences.test.ts
  test/timings.test.ts
)

# A file renamed or removed would otherwise drop out of this run without a word.
for file in "${FILES[@]}"; do
  [ -e "$file" ] || { echo "offline: $file is listed in $0 but does not exist" >&2; exit 1; }
done

if ! command -v unshare >/dev/null; then
  echo "offline: skipped: unshare (util-linux) is not installed, so the network cannot be cut off"
  exit 0
fi
# A network namespace of its own: `unshare -n` needs root (or CAP_SYS_ADMIN), `unshare -rn` a kernel
# that lets users create user namespaces. Loopback starts down in a new namespace, and bringing it up
# needs iproute2 or net-tools (in sbin, which a user's PATH often lacks).
if ip=$(PATH="$PATH:/usr/sbin:/sbin" command -v ip); then
  up_loopback="$ip link set lo up"
elif ifconfig=$(PATH="$PATH:/usr/sbin:/sbin" command -v ifconfig); then
  up_loopback="$ifconfig lo up"
else
  echo "offline: skipped: neither ip nor ifconfig is installed to bring up loopback in a network namespace"
  exit 0
fi
unshare=""
for candidate in "unshare -n" "unshare -rn"; do
  if $candidate sh -c "$up_loopback" 2>/dev/null; then
    unshare=$candidate
    break
  fi
done
if [ -z "$unshare" ]; then
  echo "offline: skipped: this machine does not allow a network namespace (unshare -n and unshare -rn both fail)"
  exit 0
fi

# No DATABASE_URL, so the tests (and the CLI processes they start) use the embedded database; no
# Testcontainers, since a Docker engine reached through its socket would start a container on a port
# this namespace cannot reach. And a machine unlike the developers' in other ways too: a time zone
# 12:45 or 13:45 ahead of UTC, and Turkish as the locale (its dotted and dotless i break code that
# lower-cases or sorts by locale); LANG alone, since a locale the system lacks in LC_ALL makes bash warn.
exec $unshare sh -c "$up_loopback && exec \"\$@\"" offline \
  env -u DATABASE_URL -u LC_ALL RETORT_TEST_DOCKER=0 TZ=Pacific/Chatham LANG=tr_TR.UTF-8 \
  node_modules/.bin/vitest run "$@" "${FILES[@]}"
