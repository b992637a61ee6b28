# Base images that generated Dockerfiles use, one stage per image, named by role.
# This file is data, not a build: it is a Dockerfile so Renovate or Dependabot can propose tag bumps.
# generators/app/core/images.ts reads it with dockerfile-ast. Builder tags are the defaults used when
# a repository does not state its language version; a detected version replaces the tag.

# Go: the official image; static binaries need nothing from it at run time. Go fixes security issues in
# its two newest minor lines only: go-builder is the newest (for code that names no Go version) and
# go-oldest-supported the other; a go.mod asking for an older, end-of-life Go builds on the latter.
FROM golang:1.27 AS go-builder
FROM golang:1.26 AS go-oldest-supported
# Go with cgo linking a shared library no distroless image has (libgpgme, libpcap): Debian 13 slim plus apt.
FROM debian:trixie-slim AS debian-slim

# Rust: the official slim image. The version part follows the project (rust-toolchain.toml, rust-version);
# this tag is for a project that names none: the newest release Debian packages (trixie-backports), so
# the e2e suite builds this very tag offline; Renovate proposes newer ones. Releases before 1.90 are
# published on Debian 12 only (-slim-bookworm), which the plan picks for them.
FROM rust:1.96-slim-trixie AS rust-builder

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

# Java: builders by build tool. The JDK part of a tag follows the project's Java release (rounded up to
# the runtime's LTS); the Maven/Gradle part follows the wrapper properties or enforcer rule when stated.
FROM maven:3.9-eclipse-temurin-21 AS maven-builder
FROM gradle:8.14-jdk21 AS gradle-builder
# With a wrapper (mvnw/gradlew) the build runs it on a plain JDK.
FROM eclipse-temurin:21-jdk AS jdk-builder
# Java 8 and 11 have no distroless image: the Temurin JRE, run as a created 65532 user.
FROM eclipse-temurin:11-jre AS jre-fallback
# distroless java: a JRE (no JDK, no shell); ENTRYPOINT is ["/usr/bin/java", "-jar"].
FROM gcr.io/distroless/java17-debian13:nonroot AS java17
FROM gcr.io/distroless/java17-debian13:debug-nonroot AS java17-debug
FROM gcr.io/distroless/java21-debian13:nonroot AS java21
FROM gcr.io/distroless/java21-debian13:debug-nonroot AS java21-debug
FROM gcr.io/distroless/java25-debian13:nonroot AS java25
FROM gcr.io/distroless/java25-debian13:debug-nonroot AS java25-debug

# Node: the official slim image on Debian 13 (npm, Corepack and yarn 1 included). The major follows the project.
FROM node:24-trixie-slim AS node-builder
# nodejs<major>: node only (no npm, no shell); the image's ENTRYPOINT is /nodejs/bin/node.
FROM gcr.io/distroless/nodejs22-debian13:nonroot AS nodejs22
FROM gcr.io/distroless/nodejs22-debian13:debug-nonroot AS nodejs22-debug
FROM gcr.io/distroless/nodejs24-debian13:nonroot AS nodejs24
FROM gcr.io/distroless/nodejs24-debian13:debug-nonroot AS nodejs24-debug
FROM gcr.io/distroless/nodejs26-debian13:nonroot AS nodejs26
FROM gcr.io/distroless/nodejs26-debian13:debug-nonroot AS nodejs26-debug
# Single-page apps (and the three-tier web image): the official Caddy image, only as the stage its static
# binary /usr/bin/caddy is copied from onto distroless static; the generated Caddyfile configures it.
FROM caddy:2.11 AS caddy
