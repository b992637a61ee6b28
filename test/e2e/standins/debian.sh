# Recipe: multistage-standin/debian:<suite> — a minimal Debian root file system made by debootstrap.
# shellcheck shell=bash
#
# Why: no base image can be pulled here, so every other stand-in starts from this one. It is made
# once per suite and kept as a local image; the builders (golang, python, maven, node) derive from it
# with apt inside `docker build`, and the distroless assembler runs apt in it.
# Sourced by ensure.sh; debian.Dockerfile finishes the image.

build_debian() {
  local suite="$1" tag="$2" hash="$3" dir raw
  command -v debootstrap >/dev/null || die "debootstrap is missing: run test/e2e/engine.sh as root"
  [[ "$(id -u)" -eq 0 ]] || die "debootstrap needs root to make $tag"
  dir="$(make_tmp)"

  log "debootstrap --variant=minbase $suite (log: $dir/debootstrap.log)"
  if ! debootstrap --variant=minbase --arch="$(debian_arch)" "$suite" "$dir/rootfs" "$DEBIAN_MIRROR" \
    >"$dir/debootstrap.log" 2>&1; then
    tail -n 30 "$dir/debootstrap.log" >&2
    die "debootstrap $suite failed"
  fi

  # Slim it the way Debian's own docker images are slim: no docs, man pages or translations. The
  # empty man folders stay (OpenJDK's postinst fails without them).
  (
    cd "$dir/rootfs" || exit 1
    rm -rf usr/share/doc/* usr/share/info/* usr/share/locale/* var/cache/apt/archives/*.deb \
      var/lib/apt/lists/* var/cache/apt/*.bin etc/resolv.conf etc/hostname
    find usr/share/man -type f -delete
  )

  # Import the bare tree under a throw-away name; debian.Dockerfile turns it into the real image.
  raw="multistage-standin/debian-raw:$suite"
  tar -C "$dir/rootfs" --numeric-owner -c . | "$DOCKER" import - "$raw" >/dev/null
  rm -rf "$dir/rootfs"

  local security="$DEBIAN_SECURITY_MIRROR $suite-security"
  "$DOCKER" build -q -t "$tag" --label "$LABEL_KEY=$hash" \
    --build-arg RAW="$raw" --build-arg SUITE="$suite" \
    --build-arg MIRROR="$DEBIAN_MIRROR" --build-arg SECURITY="$security" \
    -f "$STANDINS_DIR/debian.Dockerfile" "$(make_tmp)" >/dev/null
  "$DOCKER" rmi "$raw" >/dev/null
}
