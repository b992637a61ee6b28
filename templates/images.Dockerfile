# Base images that generated Dockerfiles use, one stage per image, named by role.
# This file is data, not a build: it is a Dockerfile so Renovate or Dependabot can propose tag bumps.
# generators/app/core/images.ts reads it with dockerfile-ast. Builder tags are the defaults used when
# a repository does not state its language version; a detected version replaces the tag.

# Go: the official image; static binaries need nothing from it at run time.
FROM golang:1.24 AS go-builder

# Python: the official slim image on Debian 13, the release distroless python3-debian13 is made from,
# so C extensions built here find the same glibc there. The version part follows the project's Python.
FROM python:3.13-slim-trixie AS python-builder

# Runtimes: distroless, Debian 13 line. `nonroot` runs as uid 65532; `debug-nonroot` adds busybox.
FROM gcr.io/distroless/static-debian13:nonroot AS static
FROM gcr.io/distroless/static-debian13:debug-nonroot AS static-debug
FROM gcr.io/distroless/base-debian13:nonroot AS base
FROM gcr.io/distroless/base-debian13:debug-nonroot AS base-debug
FROM gcr.io/distroless/cc-debian13:nonroot AS cc
FROM gcr.io/distroless/cc-debian13:debug-nonroot AS cc-debug
# python3 has Debian 13's CPython 3.13 only (/usr/bin/python3.13); other versions use python-builder's slim image.
FROM gcr.io/distroless/python3-debian13:nonroot AS python3
FROM gcr.io/distroless/python3-debian13:debug-nonroot AS python3-debug
