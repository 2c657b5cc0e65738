#!/usr/bin/env bash
# Fetch Apache Kafka (broker + runtime dependencies) from Maven Central with mvn.
#
# Result: $TOCSIN_KAFKA_HOME/<version>/libs/*.jar   (default home: deploy/kafka/dist)
# Prints the libs directory as the last line of stdout.
#
# Idempotent: a completed fetch leaves a .complete marker and later runs return at once.
# Concurrent runs are serialised with flock.
#
# Environment:
#   TOCSIN_KAFKA_VERSION  Kafka version (default 3.9.2, the latest 3.9 patch on Maven Central)
#   TOCSIN_KAFKA_HOME     cache root (default <repo>/deploy/kafka/dist); point it at e.g.
#                         ~/.cache/tocsin/kafka so that several checkouts/CI runs share it
#   TOCSIN_MVN            mvn binary (default: mvn)
#   TOCSIN_MVN_ARGS       extra mvn arguments (e.g. "-o" to work from ~/.m2 only)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${TOCSIN_KAFKA_VERSION:-3.9.2}"
SCALA="2.13"
HOME_DIR="${TOCSIN_KAFKA_HOME:-$HERE/dist}"
DEST="$HOME_DIR/$VERSION"
LIBS="$DEST/libs"
MVN="${TOCSIN_MVN:-mvn}"
# Logging binding shipped with the official 3.9 tarball (log4j 1.x API via reload4j).
SLF4J_VERSION="1.7.36"
RELOAD4J_VERSION="1.2.25"

if [[ -f "$DEST/.complete" ]]; then
  echo "$LIBS"
  exit 0
fi

command -v "$MVN" >/dev/null 2>&1 || { echo "fetch.sh: '$MVN' not found (Maven 3 is required)" >&2; exit 1; }
command -v java >/dev/null 2>&1 || { echo "fetch.sh: java not found (Java 17 is required)" >&2; exit 1; }

mkdir -p "$HOME_DIR"
exec 9>"$HOME_DIR/.fetch-$VERSION.lock"
flock 9
if [[ -f "$DEST/.complete" ]]; then   # another process finished while we waited
  echo "$LIBS"
  exit 0
fi

WORK="$(mktemp -d "$HOME_DIR/.fetch-$VERSION.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tocsin.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>$VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <!-- broker: kafka.Kafka, kafka.tools.StorageTool; pulls clients, server, server-common,
         metadata, raft, storage, group-coordinator, transaction-coordinator, scala, jackson -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$SCALA</artifactId>
      <version>$VERSION</version>
    </dependency>
    <!-- command-line tools (org.apache.kafka.tools.TopicCommand, ConsumerGroupCommand, ...) -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$VERSION</version>
      <exclusions>
        <!-- only needed by the Connect/MirrorMaker tools; drags in jetty + jersey -->
        <exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion>
      </exclusions>
    </dependency>
    <!-- logging binding, as in the official distribution -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>$SLF4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>$RELOAD4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF

echo "fetch.sh: resolving org.apache.kafka:kafka_$SCALA:$VERSION and its runtime dependencies via mvn..." >&2
# shellcheck disable=SC2086
"$MVN" -B -q -Dstyle.color=never ${TOCSIN_MVN_ARGS:-} -f "$WORK/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
  -DincludeScope=runtime \
  -DoutputDirectory="$WORK/libs" 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2

# sanity: the classes the scripts rely on must be present (zip entry names are stored plainly)
for cls in kafka/Kafka.class kafka/tools/StorageTool.class; do
  LC_ALL=C grep -qaF "$cls" "$WORK/libs/kafka_$SCALA-$VERSION.jar" \
    || { echo "fetch.sh: $cls missing from kafka_$SCALA-$VERSION.jar" >&2; exit 1; }
done

rm -rf "$DEST"
mkdir -p "$DEST"
mv "$WORK/libs" "$LIBS"
cp "$WORK/pom.xml" "$DEST/pom.xml"
date -u +%Y-%m-%dT%H:%M:%SZ >"$DEST/.complete"
echo "fetch.sh: $(find "$LIBS" -name '*.jar' | wc -l) jars in $LIBS" >&2
echo "$LIBS"
