# Sourced by ./tern and ./run-tests: sets JAVA_HOME to a Java 25 (or newer) JDK, or explains how to get one.
# Looks at $JAVA_HOME, then the JDKs under /usr/lib/jvm and /opt, then the `java` on the PATH.

java_feature_version() {
  # prints the feature version (e.g. 25) of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1
}

find_java_home() {
  local candidate v
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/* /opt/*jdk* \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    v=$(java_feature_version "$candidate/bin/java")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_java_home); then
  echo "tern: no Java 25 JDK found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt and the java on PATH)." >&2
  echo "tern: install one (e.g. Temurin 25) and set JAVA_HOME to it, then run this again." >&2
  exit 1
fi
export JAVA_HOME
