# Recipe: node:<major>-trixie-slim — the official node binary (npm package node-linux-<arch>) on trixie.
# shellcheck shell=bash
#
# Why: generated Node Dockerfiles build FROM node:<major>-trixie-slim. The binary is the official
# one, shipped in the npm registry; npm and corepack come from their own npm packages.
# Sourced by ensure.sh; node.Dockerfile does the work.

host_ca_bundle() { echo /etc/ssl/certs/ca-certificates.crt; }
host_ca_hash() {
  if [[ -r "$(host_ca_bundle)" ]]; then sha256sum "$(host_ca_bundle)" | cut -c1-16; else echo none; fi
}

# build_node VERSION CA-PARAM TAG HASH   (VERSION: a major, or an exact release such as 24.20.0)
build_node() {
  local major="$1" tag="$3" hash="$4" context registry npm_major
  context="$(make_tmp)"
  # Node 22 ships npm 10, node 24 npm 11; the npm package for node holds only the node binary.
  case "${major%%.*}" in 22) npm_major=10 ;; *) npm_major=11 ;; esac
  cp "$(npm_tarball "node-linux-$(node_arch)@$major")" "$context/node.tgz"
  cp "$(npm_tarball "npm@$npm_major")" "$context/npm.tgz"
  cp "$(npm_tarball "corepack@0")" "$context/corepack.tgz"
  # The registry is reachable only through a TLS-intercepting proxy that the host trusts: the
  # image gets the host's bundle (in this temporary context only, never in the repository).
  if [[ -r "$(host_ca_bundle)" ]]; then cp "$(host_ca_bundle)" "$context/host-ca.crt"; else : >"$context/host-ca.crt"; fi
  registry="$(npm config get registry 2>/dev/null || true)"
  registry="${registry:-https://registry.npmjs.org/}"
  # corepack joins paths itself: its registry must not end in a slash.
  build_dockerfile node.Dockerfile "$context" "$tag" "$hash" \
    --build-arg NPM_REGISTRY="$registry" --build-arg COREPACK_NPM_REGISTRY="${registry%/}" \
    --build-arg NODE_VERSION="$(tar -xzOf "$context/node.tgz" package/package.json | sed -n 's/^ *"version": "\(.*\)",*$/\1/p')"
}
