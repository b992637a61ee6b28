#!/bin/bash
# Runs inside multistage-standin/debian:trixie (started by distroless.sh) and writes
# /work/rootfs.tar: a root file system made of unpacked .debs, without a package manager or shell.
#
# Environment (set by distroless.sh):
#   ROOTS        packages to unpack; their dependencies are added
#   DENY         packages never unpacked (installer machinery: debconf, openssl's CLI, ...)
#   EXTRA_SUITE  another Debian suite to take packages from (bookworm, for openjdk-17)
#   JAVA         JDK major: adds /usr/bin/java and the Java CA keystore
#   PYTHON       e.g. 3.13: adds the python3/python links and an ld.so.cache (ctypes uses it)
#   NODE         path of an npm node-linux-* tarball: unpacked into /nodejs
#   BUSYBOX      non-empty: adds busybox and its applet links in /busybox (the :debug images)
# The /var/cache/apt/archives it downloads into is a host folder kept between builds.
set -euo pipefail

ROOT=/work/rootfs
ARCHIVES=/var/cache/apt/archives
# The archive folder belongs to the host: download as root rather than as apt's sandbox user.
APT=(apt-get -o APT::Sandbox::User=root)
say() { printf '[assemble] %s\n' "$*" >&2; }

if [[ -n "${EXTRA_SUITE:-}" ]]; then
  # Take the mirror from the suite's own sources; apt prefers trixie's newer versions anyway.
  sed -n "s/ trixie\([- ]\)/ $EXTRA_SUITE\1/p" /etc/apt/sources.list >/etc/apt/sources.list.d/extra.list
fi
"${APT[@]}" -qq update

# --- Which packages ----------------------------------------------------------------------------
# 1. apt's resolver says what installing ROOTS on an empty system would take (it picks one of
#    each set of alternatives). --no-install-recommends: distroless has no recommends either.
# shellcheck disable=SC2086  # ROOTS is a word list
# (Each step writes a file: a failure inside `< <(...)` would go unnoticed.)
# shellcheck disable=SC2153  # ROOTS comes from the environment
"${APT[@]}" install -s --no-install-recommends -o Dir::State::status=/dev/null $ROOTS >/work/resolved
mapfile -t candidates < <(awk '/^Inst / {print $2}' /work/resolved)
# 2. Keep what ROOTS reach through those candidates without passing a denied package: util-linux
#    or debconf pull in PAM, systemd libraries, perl..., which nothing at run time needs.
apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
  --no-enhances "${candidates[@]}" >/work/depends
mapfile -t packages < <(awk -v roots="$ROOTS" -v deny="$DENY" -v cands="${candidates[*]}" '
    BEGIN { split(cands, c, " "); for (i in c) cand[c[i]] = 1
            split(deny, d, " "); for (i in d) denied[d[i]] = 1 }
    /^[^ ]/ { pkg = $1; next }                       # a package
    /^ [ |](Pre)?Depends: / { name = $2 }            # one of its dependencies (maybe <virtual>)
    /^    [^ ]/ { name = $1 }                        # a provider of the virtual one above
    /^ [ |][A-Za-z]+: / && !/Depends: / { next }
    { gsub(/[<>]/, "", name); if (name in cand) needs[pkg] = needs[pkg] " " name }
    END {
      n = split(roots, queue, " ")
      for (i = 1; i <= n; i++) {
        p = queue[i]
        if (p in seen || p in denied || !(p in cand)) continue
        seen[p] = 1; print p
        m = split(needs[p], next_, " ")
        for (j = 1; j <= m; j++) queue[++n] = next_[j]
      }
    }' /work/depends)
[[ ${#packages[@]} -gt 0 ]] || { say "the resolver chose no packages for: $ROOTS"; exit 1; }
say "packages: ${packages[*]}"

# --- Download what the cache lacks (checked by SHA256), then unpack. ------------------------------
# The archive folder is shared by the assemblies that ensure.sh runs side by side: downloads and
# installs into it take turns (flock works across containers: same host file).
exec 8>"$ARCHIVES/.standin-lock"
with_archive_lock() { flock 8; "$@"; flock -u 8; }

# Prints the cached .deb file of each named package, downloading the missing ones.
fetch_debs() {
  local file sum need=() files=()
  "${APT[@]}" download --print-uris "$@" >/work/uris
  while read -r _ file _ sum; do
    files+=("$ARCHIVES/$file")
    if [[ ! -f "$ARCHIVES/$file" ]] || ! echo "${sum#SHA256:}  $ARCHIVES/$file" | sha256sum -c --status; then
      need+=("$file")
    fi
  done </work/uris
  if ((${#need[@]})); then
    say "downloading ${#need[@]} .debs"
    # apt-get download takes package names; the file name starts with one.
    (cd "$ARCHIVES" && with_archive_lock "${APT[@]}" -qq download "${need[@]%%_*}") >&2
  fi
  printf '%s\n' "${files[@]}"
}
fetch_debs "${packages[@]}" >/work/debs
mapfile -t debs </work/debs

mkdir -p "$ROOT/var/lib/dpkg/status.d"
unpack() {
  local deb="$1" name
  # --keep-directory-symlink: base-files makes /bin, /lib, ... links into /usr (merged /usr);
  # a package that still ships /lib/... must land in /usr/lib, not replace the link.
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$ROOT"
  # Like distroless: one control file per package in status.d, so scanners can list the packages.
  name="$(dpkg-deb -f "$deb" Package)"
  dpkg-deb -f "$deb" >"$ROOT/var/lib/dpkg/status.d/$name"
}
for deb in "${debs[@]}"; do [[ "$deb" == */base-files_* ]] && unpack "$deb"; done
for deb in "${debs[@]}"; do [[ "$deb" == */base-files_* ]] || unpack "$deb"; done

# --- Files that Debian makes in maintainer scripts, which dpkg-deb -x does not run. ---------------
# Generated files are kept beside the .debs, named after the package versions they come from.
GENERATED="$ARCHIVES/generated"
mkdir -p "$GENERATED"
candidate() { apt-cache policy "$1" | sed -n 's/^ *Candidate: //p' | tr ':~+' '___'; }

# The CA bundle is generated by ca-certificates' postinst: install it here and copy the result.
bundle="$GENERATED/ca-certificates_$(candidate ca-certificates).crt"
if [[ ! -s "$bundle" ]]; then
  with_archive_lock "${APT[@]}" -qq install -y ca-certificates >/dev/null
  cp /etc/ssl/certs/ca-certificates.crt "$bundle.tmp" && mv "$bundle.tmp" "$bundle"
fi
install -D -m 0644 "$bundle" "$ROOT/etc/ssl/certs/ca-certificates.crt"

env_file=/work/env
: >"$env_file"

if [[ -n "${JAVA:-}" ]]; then
  # The Java keystore comes from ca-certificates-java's postinst, which needs a JRE: install one
  # here (its .debs are cached already) and copy the keystore. /usr/bin/java is normally made by
  # update-alternatives; the real images have the same link.
  # The keystore depends only on the CA certificates, so it is kept per ca-certificates version.
  keystore="$GENERATED/java-cacerts_$(candidate ca-certificates)_$(candidate ca-certificates-java).jks"
  if [[ ! -s "$keystore" ]]; then
    with_archive_lock "${APT[@]}" -qq install -y "openjdk-$JAVA-jre-headless" >/dev/null
    cp /etc/ssl/certs/java/cacerts "$keystore.tmp" && mv "$keystore.tmp" "$keystore"
  fi
  install -D -m 0644 "$keystore" "$ROOT/etc/ssl/certs/java/cacerts"
  jvm="/usr/lib/jvm/java-$JAVA-openjdk-$(dpkg --print-architecture)"
  [[ -x "$ROOT$jvm/bin/java" ]] || { say "no $jvm/bin/java in the image"; exit 1; }
  ln -sf "$jvm/bin/java" "$ROOT/usr/bin/java"
  # Upstream part of the package version: 21.0.9+10-1~deb13u1 -> 21.0.9
  version="$(sed -n 's/^Version: //p' "$ROOT/var/lib/dpkg/status.d/openjdk-$JAVA-jre-headless")"
  version="${version%%[+-]*}"
  echo "JAVA_VERSION=$version" >>"$env_file"
fi

if [[ -n "${PYTHON:-}" ]]; then
  ln -sf "python$PYTHON" "$ROOT/usr/bin/python3"
  ln -sf "python$PYTHON" "$ROOT/usr/bin/python"
  ldconfig -r "$ROOT"
fi

if [[ -n "${NODE:-}" ]]; then
  # Only the binary and its licence: the real image has neither npm, corepack nor the C headers.
  mkdir -p "$ROOT/nodejs"
  tar -xzf "$NODE" -C "$ROOT/nodejs" --strip-components=1 --no-same-owner package/bin/node package/LICENSE
  "$ROOT/nodejs/bin/node" --version >/dev/null
fi

if [[ -n "${BUSYBOX:-}" ]]; then
  # Debian's statically linked busybox, with one link per applet, in /busybox as in distroless.
  fetch_debs busybox-static >/work/busybox.deb
  mapfile -t bb </work/busybox.deb
  mkdir -p /work/busybox "$ROOT/busybox"
  dpkg-deb -x "${bb[0]}" /work/busybox
  bin=/work/busybox/usr/bin/busybox
  [[ -x "$bin" ]] || bin=/work/busybox/bin/busybox
  install -m 0755 "$bin" "$ROOT/busybox/busybox"
  mapfile -t applets < <("$ROOT/busybox/busybox" --list)
  ((${#applets[@]} > 100)) || { say "busybox lists only ${#applets[@]} applets"; exit 1; }
  for applet in "${applets[@]}"; do
    [[ "$applet" == busybox ]] || ln -s busybox "$ROOT/busybox/$applet"
  done
fi

# --- Users, name service, home and /tmp, as in the distroless base. --------------------------------
cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
tty:x:5:
staff:x:50:
nonroot:x:65532:
nogroup:x:65534:
EOF
cat >"$ROOT/etc/nsswitch.conf" <<'EOF'
passwd:         files
group:          files
shadow:         files
hosts:          files dns
networks:       files
protocols:      files
services:       files
ethers:         files
rpc:            files
EOF
install -d -m 1777 "$ROOT/tmp"
install -d -m 0700 "$ROOT/root"
install -d -m 0700 -o 65532 -g 65532 "$ROOT/home/nonroot"

# Documentation is dead weight at run time; licences stay.
find "$ROOT/usr/share/doc" -type f ! -name copyright -delete 2>/dev/null || true
rm -rf "$ROOT/usr/share/man" "$ROOT/usr/share/info" "$ROOT/usr/share/lintian" "$ROOT/usr/share/locale"

# --- The promise of these images: no shell outside /busybox. ---------------------------------------
for shell in sh bash dash ash; do
  for dir in bin usr/bin sbin usr/sbin; do
    if [[ -e "$ROOT/$dir/$shell" || -L "$ROOT/$dir/$shell" ]]; then
      say "a shell slipped in: /$dir/$shell"
      exit 1
    fi
  done
done

tar --numeric-owner -C "$ROOT" -cf /work/rootfs.tar .
