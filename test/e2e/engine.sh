#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine, installing it when missing.
#
# Why: the end-to-end tests build and run the generated Dockerfiles for real. CI machines start
# with no engine at all, and nothing can be pulled from a registry, so the tests also need
# debootstrap (the stand-in images are built from Debian packages, see standins/README.md),
# libmariadb-java: MariaDB Connector/J in /usr/share/maven-repo, which the Maven mirror the tests
# serve on loopback includes (the three-tier fixture's JDBC driver; ~/.m2 has no MySQL driver), and
# docker-registry: the OCI registry (distribution 2.8) the --pin tests start on 127.0.0.1 and push
# the stand-ins to, since no public registry can be reached.
#
# Idempotent: when `docker info` already answers it only checks the packages and exits 0.
# Exit codes: 0 engine answers; 1 it could not be started; 2 not root and something is missing.
set -euo pipefail

# The 20.10 client from Debian's docker.io. A newer client that may be first on PATH has no buildx
# plugin, and then neither `DOCKER_BUILDKIT=1 docker build` nor `RUN --mount` works.
DOCKER=/usr/bin/docker
DOCKERD=/usr/sbin/dockerd
# openssl makes the throwaway certificate of the Go private-proxy e2e (Go sends .netrc logins over HTTPS only).
PACKAGES=(docker.io docker-compose debootstrap libmariadb-java docker-registry openssl)
LOG="${TMPDIR:-/tmp}/multistage-dockerd.log"
TIMEOUT_S=60

say() { printf '[engine] %s\n' "$*" >&2; }

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

engine_answers() {
  "$DOCKER" info >/dev/null 2>&1
}

install_missing_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  if [[ "$(id -u)" -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]}; only root can install them here."
    say "run this script as root, or: sudo apt-get install ${missing[*]}"
    # Without the engine nothing can run; without the others some tests still can.
    [[ -x "$DOCKER" ]] || exit 2
    return 0
  fi
  say "installing ${missing[*]} (apt-get)"
  # Recommends are kept on purpose: docker.io recommends apparmor, and on a kernel with AppArmor
  # enabled the engine cannot start containers without apparmor_parser.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# A dockerd that is still starting up (pid file, live process) must not get a twin: two engines on
# one host fight over docker0.
dockerd_running() {
  local pid
  [[ -r /var/run/docker.pid ]] || return 1
  pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

start_dockerd() {
  if [[ "$(id -u)" -ne 0 ]]; then
    if [[ -S /var/run/docker.sock ]]; then
      say "the Docker engine does not answer to $(id -un): no access to /var/run/docker.sock?"
      say "add yourself to the docker group (or run as root), then try again."
    else
      say "the Docker engine does not run and only root can start it: sudo bash $0"
    fi
    exit 2
  fi
  say "starting $DOCKERD (log: $LOG)"
  # Plain defaults on purpose. Never `--bridge none`: on a host where another engine runs it deletes
  # docker0 and breaks that engine's networking. setsid + nohup keep the engine alive after this
  # script (and the test run that called it) exits.
  setsid nohup "$DOCKERD" >>"$LOG" 2>&1 </dev/null &
}

wait_for_engine() {
  local deadline=$((SECONDS + TIMEOUT_S))
  until engine_answers; do
    if ((SECONDS >= deadline)); then
      say "error: the Docker engine did not answer within ${TIMEOUT_S}s."
      [[ -r "$LOG" ]] && { say "last lines of $LOG:"; tail -n 20 "$LOG" >&2; }
      exit 1
    fi
    sleep 1
  done
}

main() {
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    if [[ ! -x "$DOCKER" || ! -x "$DOCKERD" ]] || ! is_installed "$pkg"; then
      install_missing_packages
      break
    fi
  done
  if ! engine_answers; then
    dockerd_running || start_dockerd
    wait_for_engine
  fi
  say "engine ready: $("$DOCKER" version --format 'server {{.Server.Version}}, client {{.Client.Version}}' 2>/dev/null)"
}

main "$@"
