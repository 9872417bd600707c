#!/usr/bin/env bash
# deltastn-cli with the Spark engine, in this JVM (embedded Spark, master local[*] unless --master says
# otherwise), with plain java: the application jar, the Spark jars Maven downloaded and the JVM options Spark
# needs on Java 17. Arguments go to deltastn-cli, e.g. search --engine spark ... or --help.
# Spark logs at WARN; DELTASTN_JAVA_OPTS adds JVM options, e.g. "-Xmx8g -Dspark.log.level=INFO".
# For a standalone cluster use spark-submit instead (deltastn/spark/README.md).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/deltastn/spark/target"
jar="$target/deltastn-spark.jar"
classpath="$target/spark.classpath"
jvm_args="$target/spark-jvm.args"

for f in "$jar" "$classpath" "$jvm_args"; do
  if [[ ! -f "$f" ]]; then
    echo "deltastn-spark.sh: $f is missing; build it in $root with" >&2
    echo "  mvn -B package -DskipTests -pl deltastn/spark -am" >&2
    exit 2
  fi
done

# DELTASTN_JAVA_OPTS is split into words on purpose.
exec java "@$jvm_args" -Dspark.log.level=WARN ${DELTASTN_JAVA_OPTS:-} -cp "$jar:$(cat "$classpath")" io.github.deltastn.cli.Main "$@"
