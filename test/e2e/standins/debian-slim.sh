# Recipe: debian:<suite>-slim — the official slim image is Debian's minbase with apt, which is what
# multistage-standin/debian:<suite> already is; this names it so (labelled with its own recipe hash).
# shellcheck shell=bash
# Sourced by ensure.sh. A file of its own so that changing it does not rebuild every other stand-in.

build_debian_slim() {
  local suite="$1" tag="$2" hash="$3"
  echo "FROM multistage-standin/debian:$suite" | "$DOCKER" build -q -t "$tag" --label "$LABEL_KEY=$hash" - >/dev/null
}
