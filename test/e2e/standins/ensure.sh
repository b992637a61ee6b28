#!/usr/bin/env bash
# usage: ensure.sh TAG [TAG...]     make each image exist locally under exactly that name
#        ensure.sh --list           print the tags this script knows how to make
#        ensure.sh --hash TAG...    print the recipe hash each image should carry
#
# Why: nothing can be pulled on these machines, yet the generated Dockerfiles name real images
# (golang:1.24, gcr.io/distroless/static-debian13:nonroot, ...). This script builds look-alikes
# from Debian packages and tags them with those names. See README.md beside it.
#
# Each image carries the label org.multistage.recipe=<sha256 of its recipe files, its parameters
# and the hashes of the images it is made from>. An image whose label matches is left alone (a warm
# call costs a few docker inspects); otherwise it is (re)built. lib.sh and this file are plumbing
# and not hashed; STANDIN_FORCE=1 rebuilds the named tags (not their bases) regardless.
set -euo pipefail
shopt -s extglob

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$STANDINS_DIR/debian.sh"
source "$STANDINS_DIR/debian-slim.sh"
source "$STANDINS_DIR/distroless.sh"
source "$STANDINS_DIR/golang.sh"
source "$STANDINS_DIR/python.sh"
source "$STANDINS_DIR/java.sh"
source "$STANDINS_DIR/node.sh"
source "$STANDINS_DIR/mysql.sh"
source "$STANDINS_DIR/caddy.sh"
source "$STANDINS_DIR/rust.sh"

# The tag table: which recipe makes TAG, from which images, with which parameters.
# Sets R_FILES (recipe files, hashed), R_DEPS (tags it is built from), R_FN and R_ARGS (the build
# function and its arguments; the tag and the hash are appended). Returns 1 for an unknown tag.
resolve() {
  local tag="$1" name
  R_FILES=() R_DEPS=() R_FN='' R_ARGS=()
  case "$tag" in
    multistage-standin/debian:@(trixie|bookworm))
      R_FILES+=(debian.sh debian.Dockerfile)
      R_FN=build_debian R_ARGS=("${tag##*:}") ;;
    # The official slim image is Debian's minbase with apt, which is what the stand-in already is.
    debian:trixie-slim)
      R_FILES+=(debian-slim.sh)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_debian_slim R_ARGS=(trixie) ;;

    gcr.io/distroless/@(static|base|cc|python3|java17|java21|java25|nodejs22|nodejs24)-debian13:@(nonroot|debug-nonroot|latest|debug))
      name="${tag#gcr.io/distroless/}"
      R_FILES+=(distroless.sh distroless-assemble.sh)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_distroless R_ARGS=("${name%%-*}" "${tag##*:}") ;;

    # Go: trixie has 1.24 and its backports 1.25-1.27; bookworm-backports has 1.21-1.23. An exact
    # tag (golang:1.24.4) is accepted; the build fails unless Debian's package is exactly that.
    golang:1.2[4-7]?(.+([0-9]))?(-trixie))
      R_FILES+=(golang.sh golang.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_golang R_ARGS=(trixie "$(golang_version "$tag")") ;;
    golang:1.2[123]?(.+([0-9]))?(-bookworm))
      R_FILES+=(golang.sh golang.Dockerfile)
      R_DEPS=(multistage-standin/debian:bookworm)
      R_FN=build_golang R_ARGS=(bookworm "$(golang_version "$tag")") ;;

    python:3.13-slim?(-trixie))
      R_FILES+=(python.sh python.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_python R_ARGS=(trixie 3.13) ;;
    # Debian has no other CPython than 3.13 (trixie) and 3.11 (bookworm). 3.11 matters here: the
    # local package index holds cp311 wheels only, so C-extension packages (markupsafe for Flask,
    # pydantic-core for FastAPI) install on 3.11 and not on 3.13. Its -trixie tag is built on
    # bookworm (glibc 2.36 instead of 2.41), which nothing in a Python build can tell.
    python:3.11-slim?(-trixie|-bookworm))
      R_FILES+=(python.sh python.Dockerfile)
      R_DEPS=(multistage-standin/debian:bookworm)
      R_FN=build_python R_ARGS=(bookworm 3.11) ;;

    # Java 17 is not in trixie: its JDK comes from bookworm (see java.Dockerfile). The maven images
    # trust the host's CA bundle (the naive three-tier Dockerfile runs npm in them), so its hash counts.
    maven:3.9-eclipse-temurin-@(17|21|25))
      R_FILES+=(java.sh java.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_java R_ARGS=(maven "${tag##*-}" "ca=$(host_ca_hash)") ;;
    eclipse-temurin:@(17|21|25)-jdk)
      name="${tag#eclipse-temurin:}"
      R_FILES+=(java.sh java.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_java R_ARGS=(jdk "${name%-jdk}") ;;

    # The npm registry is reached through the host's TLS proxy: the host's CA bundle goes into
    # the image, so its hash is part of the recipe.
    # An exact release (node:24.20.0-trixie-slim) is the same recipe with that version's binary.
    node:@(22|24)?(.+([0-9]))?(.+([0-9]))-@(trixie-slim|slim))
      name="${tag#node:}"
      R_FILES+=(node.sh node.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_node R_ARGS=("${name%%-*}" "ca=$(host_ca_hash)") ;;

    # The three-tier compose.yaml's database: MariaDB standing in for MySQL (see mysql.Dockerfile).
    mysql:8.4)
      R_FILES+=(mysql.sh mysql.Dockerfile mysql-entrypoint.sh)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_mysql R_ARGS=() ;;

    # The static server of single-page apps: whatever 2.x tag the template pins, the binary is
    # Debian's caddy source rebuilt static (see caddy.Dockerfile; caddy version says which).
    caddy:2.+([0-9])?(.+([0-9])))
      R_FILES+=(caddy.sh caddy.Dockerfile caddy-options.go)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_caddy R_ARGS=() ;;

    # Rust: trixie has 1.85, trixie-backports 1.96. An exact tag (rust:1.96.1-slim-trixie) is accepted;
    # the build fails unless Debian's package is exactly that. The official image publishes releases
    # before 1.90 on bookworm only: that tag is built on trixie too (glibc 2.41 instead of 2.36).
    rust:1.85?(.+([0-9]))-slim?(-trixie|-bookworm))
      R_FILES+=(rust.sh rust.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_rust R_ARGS=(trixie "$(rust_version "$tag")") ;;
    rust:1.96?(.+([0-9]))-slim?(-trixie))
      R_FILES+=(rust.sh rust.Dockerfile)
      R_DEPS=(multistage-standin/debian:trixie)
      R_FN=build_rust R_ARGS=(trixie-backports "$(rust_version "$tag")") ;;

    *) return 1 ;;
  esac
}

# Every tag the table accepts, for --list and for error messages.
KNOWN_TAGS=(
  multistage-standin/debian:trixie multistage-standin/debian:bookworm debian:trixie-slim
  gcr.io/distroless/{static,base,cc,python3,nodejs22,nodejs24,java17,java21,java25}-debian13:{nonroot,debug-nonroot,latest,debug}
  golang:1.2{4,5,6,7} "golang:1.2[4-7]-trixie" "golang:1.2[4-7].<patch>[-trixie]"
  golang:1.2{1,2,3} "golang:1.2[1-3]-bookworm" "golang:1.2[1-3].<patch>[-bookworm]"
  python:3.13-slim-trixie python:3.13-slim python:3.11-slim-trixie python:3.11-slim-bookworm python:3.11-slim
  maven:3.9-eclipse-temurin-{17,21,25} eclipse-temurin:{17,21,25}-jdk
  node:{22,24}-trixie-slim node:{22,24}-slim
  mysql:8.4
  "caddy:2.<minor>[.<patch>]"
  rust:{1.85,1.96}-slim-trixie rust:{1.85,1.96}-slim rust:1.85-slim-bookworm "rust:1.85.<patch>-slim[-trixie|-bookworm]" "rust:1.96.<patch>-slim[-trixie]"
)

# The recipe hash of TAG: its files, its parameters and, recursively, the hashes of its bases.
recipe_hash_of() {
  local tag="$1" deps dep
  resolve "$tag" || die "unknown tag: $tag"
  deps=("${R_DEPS[@]}")
  local own_files=("${R_FILES[@]}") params=("tag=$tag" "${R_ARGS[@]}")
  for dep in "${deps[@]}"; do params+=("from=$(recipe_hash_of "$dep")"); done
  hash_recipe "${own_files[@]}" -- "${params[@]}"
}

declare -A REQUESTED=()
forced() { [[ -n "${STANDIN_FORCE:-}" && -n "${REQUESTED[$1]:-}" ]]; }

ensure_one() {
  local tag="$1" hash dep old_id started
  resolve "$tag" || die "unknown tag: $tag"
  local deps=("${R_DEPS[@]}") fn="$R_FN" args=("${R_ARGS[@]}")
  hash="$(recipe_hash_of "$tag")"
  if [[ "$(image_recipe_label "$tag")" == "$hash" ]] && ! forced "$tag"; then
    log "$tag: current"
    return 0
  fi
  for dep in "${deps[@]}"; do
    [[ "$(image_recipe_label "$dep")" == "$(recipe_hash_of "$dep")" ]] || ensure_one "$dep"
  done

  old_id="$(image_id "$tag")"
  if [[ -n "$old_id" ]]; then log "$tag: exists but its recipe changed (or it is not ours): rebuilding"; fi
  started=$SECONDS
  log "$tag: building"
  "$fn" "${args[@]}" "$tag" "$hash"
  [[ "$(image_recipe_label "$tag")" == "$hash" ]] || die "$tag: build finished but the image is not labelled $hash"
  retire_image "$old_id" "$tag"
  log "$tag: built in $((SECONDS - started))s ($("$DOCKER" image inspect --format '{{.Size}}' "$tag" | numfmt --to=si)B)"
}

# How many images are built side by side. Most of a build is waiting for apt, dpkg or docker,
# so a few at once are quicker than one after the other even on 2 cores.
JOBS="${STANDIN_JOBS:-3}"

# Ensures the given tags, up to JOBS at a time; exits if any of them failed.
ensure_parallel() {
  local tag pids=() pid failed=0
  for tag in "$@"; do
    while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
    (ensure_one "$tag") &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "some images could not be built (see above)"
}

# 0 for an image made from nothing, else one more than its deepest base.
depth_of() {
  local d=0 dep dd
  resolve "$1"
  for dep in "${R_DEPS[@]}"; do
    dd=$(($(depth_of "$dep") + 1))
    if ((dd > d)); then d=$dd; fi
  done
  echo "$d"
}

# Every tag needed for TAGs, bases included, each once.
with_bases() {
  local tag
  for tag in "$@"; do
    resolve "$tag"
    if ((${#R_DEPS[@]})); then with_bases "${R_DEPS[@]}"; fi
    echo "$tag"
  done
}

main() {
  (($#)) || { sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }
  if [[ "$1" == --list ]]; then printf '%s\n' "${KNOWN_TAGS[@]}"; return 0; fi
  if [[ "$1" == --hash ]]; then shift; for tag in "$@"; do echo "$(recipe_hash_of "$tag") $tag"; done; return 0; fi

  # Check every tag first: a typo should fail before minutes of building.
  local tag
  for tag in "$@"; do
    resolve "$tag" || die "unknown tag: $tag (ensure.sh --list shows the known ones)"
    REQUESTED[$tag]=1
  done

  "$DOCKER" info >/dev/null 2>&1 || die "the Docker engine does not answer: run test/e2e/engine.sh first"
  # Two test runs may call this at once; they must not build the same image side by side. The
  # lock is one per machine (images are), whatever cache folder a run uses.
  mkdir -p "$CACHE_DIR"
  exec 9>"${STANDIN_LOCK:-/tmp/multistage-standins.lock}"
  flock 9
  start_run_tmp

  # Bases first (level by level), then what was asked for, each level in parallel.
  local all level max=0 todo
  mapfile -t all < <(with_bases "$@" | awk '!seen[$0]++')
  declare -A depth=()
  for tag in "${all[@]}"; do
    depth[$tag]="$(depth_of "$tag")"
    if ((depth[$tag] > max)); then max=${depth[$tag]}; fi
  done
  for ((level = 0; level <= max; level++)); do
    todo=()
    for tag in "${all[@]}"; do
      if ((depth[$tag] == level)); then todo+=("$tag"); fi
    done
    # Not `ensure_parallel ... || die`: bash would then run the builds with `set -e` switched off.
    if ((${#todo[@]})); then ensure_parallel "${todo[@]}"; fi
  done
  sweep_retired
}

main "$@"
