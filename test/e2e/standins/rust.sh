# Recipe: rust:<version>-slim-trixie — Debian's rustc and cargo laid out like the official image.
# shellcheck shell=bash
#
# Why: generated Rust Dockerfiles build FROM rust:<version>-slim-trixie. Debian packages one Rust per
# suite: trixie has 1.85, trixie-backports the newest (1.96 when this was written). There is no rustup
# and no musl standard library in Debian, so `--runtime static` Dockerfiles (rustup target add
# *-linux-musl) cannot be built with this stand-in.
# Sourced by ensure.sh; rust.Dockerfile does the work.

# rust:1.96.1-slim-trixie -> 1.96.1 ; rust:1.85-slim -> 1.85
rust_version() { local v="${1#rust:}"; echo "${v%%-*}"; }

# The rustc version apt installs from SUITE (backports are never apt's candidate on their own: -t).
rust_debian_version() {
  local v
  v="$("$DOCKER" run --rm multistage-standin/debian:trixie bash -c \
    "apt-get -qq update && apt-cache policy -t '$1' rustc | sed -n 's/^ *Candidate: //p'")"
  [[ -n "$v" && "$v" != "(none)" ]] || die "Debian $1 has no rustc"
  v="${v#*:}"
  printf '%s\n' "${v%%[-~+]*}"
}

# build_rust SUITE VERSION TAG HASH: SUITE is trixie or trixie-backports; VERSION is 1.85 or an exact
# 1.85.1 that Debian must have.
build_rust() {
  local suite="$1" version="$2" tag="$3" hash="$4" minor actual
  minor="$(cut -d. -f1,2 <<<"$version")"
  actual="$(rust_debian_version "$suite")"
  if [[ "$(cut -d. -f1,2 <<<"$actual")" != "$minor" || ("$version" != "$minor" && "$version" != "$actual") ]]; then
    die "$tag: Debian $suite packages Rust $actual, not $version (use rust:$(cut -d. -f1,2 <<<"$actual")-slim-trixie)"
  fi
  build_dockerfile rust.Dockerfile "$(make_tmp)" "$tag" "$hash" \
    --build-arg APT_SUITE="$suite" --build-arg RUST_VERSION="$actual"
}
