# rust:<version>-slim-trixie stand-in: Debian's rustc and cargo, laid out like the official image.
# The official image installs rustup's toolchain in /usr/local/cargo/bin with CARGO_HOME=/usr/local/cargo
# (so the registry cache generated Dockerfiles mount is /usr/local/cargo/registry) and adds gcc and
# libc6-dev for linking; it has no pkg-config or -dev libraries, which generated Dockerfiles install.
FROM multistage-standin/debian:trixie
ARG APT_SUITE=trixie
ARG RUST_VERSION

RUN set -eux; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t "$APT_SUITE" rustc cargo >/dev/null; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev ca-certificates >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/*; \
    # The official image's cargo and rustc live in /usr/local/cargo/bin; Debian's in /usr/bin.
    mkdir -p /usr/local/cargo/bin; \
    ln -s /usr/bin/cargo /usr/local/cargo/bin/cargo; \
    ln -s /usr/bin/rustc /usr/local/cargo/bin/rustc; \
    chmod -R a+w /usr/local/cargo; \
    rustc --version | grep -q "^rustc ${RUST_VERSION}"

ENV RUSTUP_HOME=/usr/local/rustup \
    CARGO_HOME=/usr/local/cargo \
    RUST_VERSION=${RUST_VERSION} \
    PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["bash"]
