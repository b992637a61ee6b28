# Recipe: gcr.io/distroless/<flavor>-debian13:<variant> — runtime images without a shell.
# shellcheck shell=bash
#
# Why: the generated Dockerfiles end in distroless runtimes, which cannot be pulled here. These are
# put together the way distroless itself does it: Debian 13 (trixie) .debs unpacked with
# `dpkg-deb -x` into an empty root, plus passwd/group/nsswitch, then `docker import`. There is no
# package manager and no shell (/bin/sh does not exist) unless a :debug variant adds busybox.
# The unpacking runs in distroless-assemble.sh inside multistage-standin/debian:trixie.

# Package roots of each flavor. Their dependencies are added by apt's resolver (see
# distroless-assemble.sh), minus packages that only serve installing/administering a system.
DISTROLESS_STATIC=(base-files netbase tzdata)   # + the CA bundle, generated (ca-certificates' postinst)
DISTROLESS_BASE=("${DISTROLESS_STATIC[@]}" libc6 libssl3t64)
DISTROLESS_CC=("${DISTROLESS_BASE[@]}" libgcc-s1 libstdc++6 libgomp1)
DISTROLESS_DENY=(debconf mawk gawk util-linux openssl ca-certificates ca-certificates-java java-common
  adduser passwd login dash bash coreutils dpkg perl-base sensible-utils init-system-helpers)

PATH_DEFAULT=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# build_distroless FLAVOR VARIANT TAG HASH
#   FLAVOR  static | base | cc | python3 | java17 | java21 | java25 | nodejs22 | nodejs24
#   VARIANT nonroot | debug-nonroot | latest | debug   (debug* add busybox; *nonroot run as 65532)
build_distroless() {
  local flavor="$1" variant="$2" tag="$3" hash="$4" dir
  local roots=() extra_suite='' java='' python='' node='' busybox='' entrypoint=''
  local changes=() path="$PATH_DEFAULT"
  dir="$(make_tmp)"

  case "$flavor" in
    static) roots=("${DISTROLESS_STATIC[@]}") ;;
    base) roots=("${DISTROLESS_BASE[@]}") ;;
    cc) roots=("${DISTROLESS_CC[@]}") ;;
    python3)
      # Based on cc (as the real one) so C extensions load.
      python=3.13
      roots=("${DISTROLESS_CC[@]}" "python$python-minimal" "libpython$python-stdlib")
      entrypoint="[\"/usr/bin/python$python\"]"
      changes+=("ENV LANG=C.UTF-8") ;;
    java*)
      java="${flavor#java}"
      roots=("${DISTROLESS_CC[@]}" "openjdk-$java-jre-headless")
      # openjdk-17 is not in trixie any more: take bookworm's package, its libraries from trixie.
      if [[ "$java" == 17 ]]; then extra_suite=bookworm; fi
      entrypoint='["/usr/bin/java", "-jar"]'
      changes+=("ENV LANG=C.UTF-8") ;;
    nodejs*)
      # The official node binary (the real image uses it too), from the npm package that ships it.
      roots=("${DISTROLESS_CC[@]}")
      node="${flavor#nodejs}"
      cp "$(npm_tarball "node-linux-$(node_arch)@$node")" "$dir/node.tgz"
      entrypoint='["/nodejs/bin/node"]' ;;
    *) die "unknown distroless flavor $flavor" ;;
  esac

  if [[ "$variant" == debug* ]]; then
    busybox=1
    path="$path:/busybox"
    # The real debug images of static/base/cc open a busybox shell; the language ones keep theirs.
    [[ -n "$entrypoint" ]] || entrypoint='["/busybox/sh"]'
  fi

  mkdir -p "$CACHE_DIR/debs"
  cp "$STANDINS_DIR/distroless-assemble.sh" "$dir/"
  log "assembling $flavor ($variant) from Debian packages"
  "$DOCKER" run --rm \
    -v "$dir:/work" -v "$CACHE_DIR/debs:/var/cache/apt/archives" \
    -e DEBIAN_FRONTEND=noninteractive -e ROOTS="${roots[*]}" -e DENY="${DISTROLESS_DENY[*]}" -e EXTRA_SUITE="$extra_suite" \
    -e JAVA="$java" -e PYTHON="$python" -e NODE="${node:+/work/node.tgz}" -e BUSYBOX="$busybox" \
    multistage-standin/debian:trixie bash /work/distroless-assemble.sh

  # distroless-assemble.sh leaves KEY=VALUE lines for the image's ENV (e.g. JAVA_VERSION).
  local line
  while IFS= read -r line; do
    if [[ -n "$line" ]]; then changes+=("ENV $line"); fi
  done <"$dir/env"

  changes+=("ENV PATH=$path" "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"
    "LABEL $LABEL_KEY=$hash")
  if [[ "$variant" == *nonroot ]]; then
    changes+=("USER 65532:65532" "WORKDIR /home/nonroot")
  fi
  if [[ -n "$entrypoint" ]]; then changes+=("ENTRYPOINT $entrypoint"); fi

  local args=() c
  for c in "${changes[@]}"; do args+=(--change "$c"); done
  "$DOCKER" import "${args[@]}" "$dir/rootfs.tar" "$tag" >/dev/null
}
