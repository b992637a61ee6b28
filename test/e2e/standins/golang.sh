# Recipe: golang:<version> — Debian's Go laid out like the official image.
# shellcheck shell=bash
#
# Why: generated Go Dockerfiles build FROM golang:<version>; Debian packages each Go minor release
# (trixie: 1.24, trixie-backports: 1.25-1.27, bookworm-backports: 1.21-1.23).
# Sourced by ensure.sh; golang.Dockerfile does the work.

# golang:1.24.4-trixie -> 1.24.4 ; golang:1.23 -> 1.23
golang_version() { local v="${1#golang:}"; echo "${v%%-*}"; }

# build_golang SUITE VERSION TAG HASH: VERSION is 1.24 or an exact 1.24.4 that Debian must have.
build_golang() {
  local suite="$1" version="$2" tag="$3" hash="$4" minor actual
  minor="$(cut -d. -f1,2 <<<"$version")"
  actual="$(debian_version "$suite" "golang-$minor-go")"
  if [[ "$version" != "$minor" && "$version" != "$actual" ]]; then
    die "$tag: Debian $suite packages Go $actual, not $version (use golang:$minor or golang:$actual)"
  fi
  build_dockerfile golang.Dockerfile "$(make_tmp)" "$tag" "$hash" \
    --build-arg SUITE="$suite" --build-arg GO_MINOR="$minor" --build-arg GOLANG_VERSION="$actual"
}
