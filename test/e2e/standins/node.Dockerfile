# node:<major>-trixie-slim stand-in: the official node binary on Debian trixie, laid out like the
# official image (/usr/local/bin/node, npm, npx, corepack, yarn 1).
# The context (made by node.sh, thrown away after the build) holds the npm tarballs of
# node-linux-<arch>, npm and corepack, and the host's CA bundle.
FROM multistage-standin/debian:trixie
ARG NODE_VERSION
ARG NPM_REGISTRY
ARG COREPACK_NPM_REGISTRY

# The registry is reached through a TLS-intercepting proxy: node (and so npm, yarn, corepack)
# must trust the host's CA bundle, kept apart from the image's own certificates. The registry
# there serves package metadata without npm's signatures, which corepack checks by default:
# COREPACK_INTEGRITY_KEYS=0 turns that check off (the real image has it on; it works on a normal
# network). These three ENV lines exist for this machine only, not to mimic the official image.
COPY host-ca.crt /usr/local/share/multistage-standin/host-ca.crt
ENV NODE_VERSION=${NODE_VERSION} \
    NODE_EXTRA_CA_CERTS=/usr/local/share/multistage-standin/host-ca.crt \
    COREPACK_NPM_REGISTRY=${COREPACK_NPM_REGISTRY} \
    COREPACK_INTEGRITY_KEYS=0

RUN --mount=type=bind,target=/ctx set -eux; \
    tar -xzf /ctx/node.tgz -C /usr/local --strip-components=1 --no-same-owner \
      package/bin/node package/include package/share; \
    for tool in npm corepack; do \
      mkdir -p "/usr/local/lib/node_modules/$tool"; \
      tar -xzf "/ctx/$tool.tgz" -C "/usr/local/lib/node_modules/$tool" --strip-components=1 --no-same-owner; \
    done; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \
    ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack; \
    test "$(node --version)" = "v${NODE_VERSION}"; \
    # The global npmrc (/usr/local/etc/npmrc) points npm at the host's registry.
    npm config set --location=global registry "${NPM_REGISTRY}"; \
    npm config set --location=global update-notifier false; \
    # yarn 1 is in the official image; this also proves the registry and CA work.
    npm install -g --no-fund --no-audit yarn@1; \
    yarn --version; \
    # corepack fetches pnpm / yarn 2+ on first use; check that it can reach the registry.
    COREPACK_HOME=/tmp/corepack corepack pnpm --version; \
    npm cache clean --force; \
    rm -rf /root/.npm /tmp/*

CMD ["node"]
