#!/usr/bin/env bash
# The README's main job on the built-in default: STN, centered STN and Delta-STN tune the weight decay of
# the synthetic ridge problem online and are compared with the exact optimum (`deltastn-cli demo`).
# Prints a table and writes a plot and a JSON summary to demo-output/ in the repository root.
# Needs only Java 17 and Maven 3.8+. Arguments go to the demo command, e.g. --out DIR or --help; the command
# runs in the repository root, so a relative DIR is relative to it.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=deltastn/target/deltastn-cli.jar

# Rebuild (only the modules the CLI needs) when the jar is missing or older than any source or pom.
stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find pom.xml core autodiff nn deltastn -path '*/target' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]]
}
if stale; then
  echo "Building $jar (mvn -B -q install -DskipTests -pl deltastn -am): about a minute, more on the first" >&2
  echo "run, when Maven downloads the libraries; nothing is printed until it is done ..." >&2
  # Maven's log is shown only if the build fails (Maven 3.8 prints stray colour codes even with -q).
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  if ! mvn -B -q install -DskipTests -pl deltastn -am >"$log" 2>&1; then
    cat "$log" >&2
    echo "run-main.sh: the build failed, see the Maven output above" >&2
    exit 1
  fi
fi

java -jar "$jar" demo "$@"
