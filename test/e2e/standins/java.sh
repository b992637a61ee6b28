# Recipe: eclipse-temurin:<jdk>-jdk and maven:3.9-eclipse-temurin-<jdk> — Debian's OpenJDK and Maven.
# shellcheck shell=bash
#
# Why: generated Java Dockerfiles build FROM maven:3.9-eclipse-temurin-<jdk>; Temurin itself
# cannot be downloaded here, Debian's OpenJDK of the same major release stands in for it.
# Sourced by ensure.sh; java.Dockerfile does the work.

# build_java TARGET JDK [CA-PARAM] TAG HASH: TARGET is a stage of java.Dockerfile (jdk or maven).
build_java() {
  local target="$1" jdk="$2" tag="${*: -2:1}" hash="${*: -1}" context
  local extra=''
  if [[ "$jdk" == 17 ]]; then extra=bookworm; fi
  context="$(make_tmp)"
  # The maven stage trusts the host's CA bundle (see java.Dockerfile); in this temporary context only.
  if [[ -r "$(host_ca_bundle)" ]]; then cp "$(host_ca_bundle)" "$context/host-ca.crt"; else : >"$context/host-ca.crt"; fi
  # Temurin's JAVA_VERSION reads like jdk-21.0.9+10.
  build_dockerfile java.Dockerfile "$context" "$tag" "$hash" --target "$target" --build-arg JDK="$jdk" \
    --build-arg JAVA_VERSION="jdk-$(debian_upstream_version trixie "openjdk-$jdk-jdk-headless" "$extra")"
}
