# golang:<version> stand-in: Debian's Go, laid out like the official image.
# Debian packages Go per minor release (golang-1.24-go in trixie, golang-1.22/1.23-go in
# bookworm-backports); the official image's paths and ENV are what generated Dockerfiles rely on.
ARG SUITE=trixie
FROM multistage-standin/debian:${SUITE}
ARG GO_MINOR
ARG GOLANG_VERSION

# gcc + libc6-dev: cgo (CGO_ENABLED=1 is Go's default). git: go get of VCS modules.
# ca-certificates and tzdata: builds copy /etc/ssl/certs/ca-certificates.crt and
# /usr/share/zoneinfo from here into FROM-scratch images.
RUN set -eux; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      "golang-${GO_MINOR}-go" gcc libc6-dev make pkg-config git ca-certificates tzdata netbase >/dev/null; \
    apt-get clean; rm -rf /var/lib/apt/lists/*; \
    # The official image keeps Go in /usr/local/go; Debian keeps it in /usr/lib/go-<minor>.
    ln -s "/usr/lib/go-${GO_MINOR}" /usr/local/go; \
    test "$(/usr/local/go/bin/go env GOVERSION)" = "go${GOLANG_VERSION}"; \
    mkdir -p /go/src /go/bin; \
    chmod -R 1777 /go

ENV GOLANG_VERSION=${GOLANG_VERSION} \
    GOTOOLCHAIN=local \
    GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
CMD ["bash"]
