#!/usr/bin/env bash
# The test command (README "Test"): prepares a fresh Debian machine and runs every test.
#   - redis-server and redis-sentinel from apt (tests start throwaway servers, a 3-master
#     cluster and a Sentinel set on free loopback ports; redis-cli comes with redis-server),
#     and tmux (the command-line tool's progress bar is tested in a real terminal)
#   - Node tools pinned in package.json / package-lock.json: Azurite, buf, grpc-js
#   - NuGet packages, then the build with warnings as errors
#   - buf lint (and buf breaking against the previous commit), then all xunit suites
# Endpoints of already running services can be given instead (MEDIAGRPC_TEST_REDIS,
# MEDIAGRPC_TEST_REDIS_CLUSTER, MEDIAGRPC_TEST_REDIS_SENTINEL,
# MEDIAGRPC_TEST_AZURITE_BLOB_ENDPOINT), e.g. by a CI with service containers.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# redis-server and redis-sentinel for the registry tests (redis-cli comes with
# redis-server); tmux gives the command-line tool's test a real terminal.
missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v redis-cli >/dev/null 2>&1 || missing="$missing redis-server"
command -v redis-sentinel >/dev/null 2>&1 || missing="$missing redis-sentinel"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
if [ -n "$missing" ]; then
  step "Installing$missing"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
redis-server --version
tmux -V

step "Installing Node tools (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

step "Checking the contract (buf lint, buf breaking)"
./node_modules/.bin/buf lint
if git rev-parse -q --verify 'HEAD~1' >/dev/null 2>&1 && git cat-file -e 'HEAD~1:buf.yaml' 2>/dev/null; then
  ./node_modules/.bin/buf breaking --against '.git#ref=HEAD~1'
else
  echo "buf breaking: no earlier commit with a contract to compare against"
fi

step "Restoring and building"
dotnet restore MediaGrpc.sln
dotnet build MediaGrpc.sln --no-restore -c Release

step "Running tests"
results="$(mktemp -d)"
status=0
# Soak and gigabyte-sized tests are opt-in: dotnet test --filter Category=Soak (README).
# One test assembly at a time (-m:1): each already runs its classes in parallel, and two
# assemblies at once on 2 cores starve the timers that deadline, heartbeat and pause tests
# rely on; it costs about a minute.
dotnet test MediaGrpc.sln --no-build -c Release -m:1 --results-directory "$results" \
  --filter "Category!=Soak" --logger "trx" --logger "console;verbosity=minimal" || status=$?

# One closing line for every suite together, in the plain form CI reads.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
rm -rf "$results"
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
