# Finishes multistage-standin/debian:<suite> from the bare debootstrap tree (see debian.sh).
# No `# syntax=` line: BuildKit would try to pull the frontend image, and nothing can be pulled.
ARG RAW
FROM ${RAW}
ARG SUITE
ARG MIRROR
ARG SECURITY

# No package lists are kept (as in Debian's official images): derived builds start with
# `apt-get update`, which takes about 2 s against the mirror here and is never stale.
# Point apt at the suite, its updates and security fixes, so package versions match what the
# real images of the same Debian release ship. Backports too, for newer Go: trixie-backports has
# Go 1.25-1.27, bookworm-backports 1.21-1.23. (apt never prefers backports on its own.)
RUN set -eu; \
    { echo "deb $MIRROR $SUITE main"; \
      echo "deb $MIRROR $SUITE-updates main"; \
      echo "deb $SECURITY main"; \
      echo "deb $MIRROR $SUITE-backports main"; \
    } > /etc/apt/sources.list; \
    # Like the slim official images: no recommends, no docs/man pages/translations on install, and
    # no ~90 MB binary package caches left in /var/cache/apt (apt works without them).
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\nAcquire::Retries "3";\nAcquire::Languages "none";\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' \
      > /etc/apt/apt.conf.d/90standin; \
    printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\npath-include /usr/share/locale/locale.alias\n' \
      > /etc/dpkg/dpkg.cfg.d/90standin-nodoc; \
    # Update-alternatives (OpenJDK's postinst) needs the man folders even though they stay empty.
    mkdir -p /usr/share/man/man1

ENV LANG=C.UTF-8
CMD ["bash"]
