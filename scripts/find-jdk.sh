# Sourced by ./ap2p and .ci/run: sets JAVA_HOME to a JDK >= 21 or exits with advice.
# Order: JAVA_HOME if it is >= 21, else /usr/lib/jvm/temurin-25-jdk-amd64 where it exists.
# Also sets AP2P_JAVA_MAJOR to the chosen JDK's feature version.

ap2p_java_major() {
  # prints the feature version of the java at $1/bin/java, or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

ap2p_find_jdk() {
  local v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(ap2p_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME
      AP2P_JAVA_MAJOR=$v
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64; do
    v=$(ap2p_java_major "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      AP2P_JAVA_MAJOR=$v
      return 0
    fi
  done
  echo "ap2p needs a JDK 21 or newer, and none was found." >&2
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "  JAVA_HOME=$JAVA_HOME is Java ${v:-unknown}." >&2
  fi
  echo "  Install one (for example Eclipse Temurin 21 or 25, or 'apt-get install openjdk-21-jdk')" >&2
  echo "  and point JAVA_HOME at it." >&2
  return 1
}
