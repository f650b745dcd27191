#!/usr/bin/env bash
# Runs each given test file alone (`hardhat test --no-compile FILE`, one mocha process, no --parallel)
# and prints one tab-separated row per file: wall seconds, CPU seconds (user + sys of the file's process
# and every child it waited for: nodes, builds, browsers; plus what a shared `hardhat node` that outlived
# the file reported through CREDANCHOR_NODE_CPU_LOG, see test/helpers/exitWithParent.js), the exit
# code, the 1-minute load average when the file started, and the file. CPU time is what limits a run on
# a loaded or 2-core machine; wall time depends on the load.
#
#   scripts/time-test-files.sh $(find test/cli -name '*.test.ts') > .tmp/test-times.tsv
#   sort -t$'\t' -k2 -rn .tmp/test-times.tsv | head
set -u
cd "$(dirname "$0")/.."
hardhat="node_modules/hardhat/internal/cli/bootstrap.js"
# As the test scripts of package.json run them: ts-node transpiling with esbuild (tsconfig.test.json).
export TS_NODE_PROJECT="${TS_NODE_PROJECT:-tsconfig.test.json}"
printf 'wall_s\tcpu_s\tuser_s\tsys_s\texit\tload1\tfile\n'
for file in "$@"; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  timing=$(mktemp)
  : >"$timing.nodes"
  CREDANCHOR_NODE_CPU_LOG="$timing.nodes" /usr/bin/time -o "$timing" -f "%e %U %S %x" \
    node "$hardhat" test --no-compile "$file" >"$timing.out" 2>&1
  sleep 0.5 # let an unwaited node write its line
  read -r wall user sys code <"$timing"
  read -r user sys < <(awk -v u="$user" -v s="$sys" '{ u += $1; s += $2 } END { printf "%.2f %.2f", u, s }' "$timing.nodes")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$wall" "$cpu" "$user" "$sys" "$code" "$load" "$file"
  if [ "$code" != 0 ]; then tail -n 30 "$timing.out" >&2; fi
  rm -f "$timing" "$timing.out" "$timing.nodes"
done
