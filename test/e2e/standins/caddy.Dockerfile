# caddy:<tag> stand-in: Caddy built from Debian's source package, laid out like the official image.
# Debian's own caddy binary is linked against glibc, and the generated Dockerfiles copy /usr/bin/caddy
# onto distroless static (no libc), as the official image's static release binary allows. So the
# binary is compiled here from Debian's caddy source (trixie: 2.6.2 with Debian's security patches)
# and Debian's packaged Go libraries, with CGO_ENABLED=0: a static binary, like upstream's releases.
FROM multistage-standin/debian:trixie AS build
ARG CADDY_DEBIAN_VERSION
# Source lists next to the binary ones; the build dependencies are Debian's golang-*-dev packages.
RUN set -eux; \
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/sources.list; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq "caddy=${CADDY_DEBIAN_VERSION}" >/dev/null; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patch >/dev/null
WORKDIR /src
COPY caddy-options.go /src/
# The mirror here serves the source tarballs but not the .dsc, so apt-get source reports an error
# after downloading them; the unpacking is done by hand (orig, dist component, Debian patches).
RUN set -eux; \
    apt-get source --download-only "caddy=${CADDY_DEBIAN_VERSION}" >/dev/null 2>&1 || true; \
    upstream="${CADDY_DEBIAN_VERSION%-*}"; \
    test -f "caddy_${upstream}.orig.tar.gz"; \
    mkdir -p /go/src/github.com/caddyserver/caddy/v2; \
    cd /go/src/github.com/caddyserver/caddy/v2; \
    tar -xzf "/src/caddy_${upstream}.orig.tar.gz" --strip-components=1; \
    mkdir -p dist; tar -xzf "/src/caddy_${upstream}.orig-dist.tar.gz" -C dist --strip-components=1; \
    tar -xJf /src/caddy_"${CADDY_DEBIAN_VERSION}".debian.tar.xz; \
    grep -v '^#' debian/patches/series | while read -r p; do [ -z "$p" ] || patch -p1 -s < "debian/patches/$p"; done; \
    # As debian/rules: sources Debian keeps apart.
    mkdir -p vendor; cp -a debian/missing-sources/* vendor/; \
    cp -a debian/missing-sources/caddy/fileserver/browse.html modules/caddyhttp/fileserver/; \
    # Three global options of the current official image (see caddy-options.go).
    cp /src/caddy-options.go caddyconfig/httpcaddyfile/standin_options.go; \
    sed -i 's/RegisterGlobalOption("storage_clean_interval", parseOptDuration)/RegisterGlobalOption("storage_clean_interval", parseOptDurationOrOff)/' caddyconfig/httpcaddyfile/options.go; \
    grep -q parseOptDurationOrOff caddyconfig/httpcaddyfile/options.go; \
    sed -i '/^\tif adminConfig, ok := options\["admin"\]/{n;n;s/^\t}$/\t}\n\tstandinPersistConfig(cfg, options)/}' caddyconfig/httpcaddyfile/httptype.go; \
    grep -q standinPersistConfig caddyconfig/httpcaddyfile/httptype.go; \
    GOPATH=/go:/usr/share/gocode GO111MODULE=off CGO_ENABLED=0 \
      go build -trimpath -ldflags "-s -w -X github.com/caddyserver/caddy/v2.CustomVersion=v${upstream}" -o /usr/bin/caddy ./cmd/caddy; \
    cp dist/config/Caddyfile /src/Caddyfile; \
    /usr/bin/caddy version

# The official image is Alpine with ca-certificates, libcap and mailcap (/etc/mime.types); this one is
# Debian with the same pieces (media-types has /etc/mime.types).
FROM multistage-standin/debian:trixie
RUN set -eux; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ca-certificates media-types libcap2-bin >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/*; \
    mkdir -p /config/caddy /data/caddy /etc/caddy /usr/share/caddy
COPY --from=build /usr/bin/caddy /usr/bin/caddy
COPY --from=build /src/Caddyfile /etc/caddy/Caddyfile
# As the official image: the binary may bind ports below 1024 (a file capability), group-writable folders.
RUN set -eux; \
    setcap cap_net_bind_service=+ep /usr/bin/caddy; \
    chmod -R g=u /config /data /etc/caddy /usr/share/caddy; \
    caddy version
ENV XDG_CONFIG_HOME=/config \
    XDG_DATA_HOME=/data
EXPOSE 80 443 443/udp 2019
WORKDIR /srv
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
