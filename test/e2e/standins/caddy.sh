# Recipe: caddy:<tag> — Caddy rebuilt static from Debian's source, laid out like the official image.
# shellcheck shell=bash
#
# Why: generated single-page-app Dockerfiles copy /usr/bin/caddy out of the official caddy image onto
# distroless static. Debian's packaged binary needs glibc, so caddy.Dockerfile compiles Debian's source
# (trixie's 2.6.2) with CGO_ENABLED=0, plus three global options of newer releases (caddy-options.go).
# Sourced by ensure.sh.

# build_caddy TAG HASH
build_caddy() {
  local tag="$1" hash="$2" context version
  context="$(make_tmp)"
  cp "$STANDINS_DIR/caddy-options.go" "$context/"
  # The full Debian version (2.6.2-12+deb13u1): apt needs it to pick trixie's source over backports'.
  version="$("$DOCKER" run --rm multistage-standin/debian:trixie bash -c \
    "apt-get -qq update && apt-cache policy caddy | sed -n 's/^ *Candidate: //p'")"
  [[ -n "$version" && "$version" != "(none)" ]] || die "Debian trixie has no package caddy"
  build_dockerfile caddy.Dockerfile "$context" "$tag" "$hash" --build-arg CADDY_DEBIAN_VERSION="$version"
}
