# Recipe: python:<version>-slim-<suite> — Debian's CPython laid out like the official image.
# shellcheck shell=bash
#
# Why: generated Python Dockerfiles build (and, without distroless, run) FROM python:<v>-slim-trixie.
# Sourced by ensure.sh; python.Dockerfile does the work.

# build_python SUITE VERSION TAG HASH
build_python() {
  local suite="$1" python="$2" tag="$3" hash="$4"
  build_dockerfile python.Dockerfile "$(make_tmp)" "$tag" "$hash" --build-arg SUITE="$suite" \
    --build-arg PY="$python" --build-arg PYTHON_VERSION="$(debian_version "$suite" "python$python")"
}
