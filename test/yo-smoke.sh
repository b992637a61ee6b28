#!/usr/bin/env bash
# Proves that `yo multistage` works from the packed package installed globally, as a user installs it.
# yo refuses to run as root: it drops to SUDO_UID or to "nobody" (root-check), so as root the project
# folder and HOME must be writable by that user. Prints what it checked; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "yo@7" "$work/$tarball" >/dev/null

project="$work/project"
cp -r examples/go-hello "$project"
rm -f "$project/Dockerfile" "$project/.dockerignore" "$project/.yo-rc.json"
mkdir -p "$work/home"
chmod -R a+rwX "$work"

(
  cd "$project"
  HOME="$work/home" npm_config_prefix="$prefix" NODE_PATH="$prefix/lib/node_modules" NO_UPDATE_NOTIFIER=1 \
    "$prefix/bin/yo" multistage --yes --no-insight </dev/null
)
grep -q 'AS runtime' "$project/Dockerfile"
grep -q '^USER 65532:65532$' "$project/Dockerfile"
test -f "$project/.dockerignore"
echo "yo-smoke: yo multistage wrote Dockerfile and .dockerignore from the packed package"
