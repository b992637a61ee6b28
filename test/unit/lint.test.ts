import { lintDockerfile } from '../../generators/app/core/lint.js';

const GOOD = `ARG GO_VERSION=1.24
FROM golang:\${GO_VERSION} AS build
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian13:nonroot AS runtime
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
`;

const rulesOf = (text: string) => lintDockerfile(text).map((problem) => problem.rule);

describe('lintDockerfile', () => {
  it('accepts a good multi-stage Dockerfile', () => {
    expect(lintDockerfile(GOOD)).toEqual([]);
  });

  it.each([
    ['latest tag', GOOD.replace('static-debian13:nonroot', 'static-debian13:latest'), 'pinned-base-image'],
    ['untagged image', GOOD.replace('gcr.io/distroless/static-debian13:nonroot', 'debian'), 'pinned-base-image'],
    ['ARG without default', GOOD.replace('GO_VERSION=1.24', 'GO_VERSION'), 'pinned-base-image'],
    ['shell-form ENTRYPOINT', GOOD.replace('ENTRYPOINT ["/app"]', 'ENTRYPOINT /app'), 'exec-form'],
    ['shell-form CMD', `${GOOD}CMD serve --port 80\n`, 'exec-form'],
    ['no USER in the final stage', GOOD.replace('USER 65532:65532\n', ''), 'non-root-final-stage'],
    ['USER root', GOOD.replace('USER 65532:65532', 'USER root'), 'non-root-final-stage'],
    ['USER 0:0', GOOD.replace('USER 65532:65532', 'USER 0:0'), 'non-root-final-stage'],
    ['secret in ARG', GOOD.replace('ARG GO_VERSION=1.24', 'ARG GO_VERSION=1.24\nARG NPM_TOKEN'), 'no-secrets-in-build-args'],
    ['secret in ENV', GOOD.replace('COPY . .', 'ENV DB_PASSWORD=hunter2\nCOPY . .'), 'no-secrets-in-build-args'],
    ['a .netrc copied into a stage', GOOD.replace('COPY . .', 'COPY go.mod .netrc ./\nCOPY . .'), 'no-credentials-in-layers'],
    ['a registry URL with a password in ARG', GOOD.replace('ARG GO_VERSION=1.24', 'ARG GO_VERSION=1.24\nARG PIP_INDEX_URL=https://ci:s3cret@pypi.acme.example/simple'), 'no-credentials-in-layers'],
    ['an npm auth key in ENV', GOOD.replace('COPY . .', 'ENV npm_config_//npm.acme.example/:_authToken=abc\nCOPY . .'), 'no-credentials-in-layers'],
    ['COPY --from an unknown stage', GOOD.replace('--from=build', '--from=builder'), 'copy-from-earlier-stage'],
    ['unnamed stage', GOOD.replace(' AS runtime', ''), 'stage-naming'],
    ['uppercase stage name', GOOD.replace('AS build', 'AS Build').replace('--from=build', '--from=Build'), 'stage-naming'],
    ['lowercase as', GOOD.replace('AS runtime', 'as runtime'), 'stage-naming'],
    ['syntax directive', `# syntax=docker/dockerfile:1\n${GOOD}`, 'portable-syntax'],
    ['COPY --link', GOOD.replace('COPY --from=build', 'COPY --link --from=build'), 'portable-syntax'],
    ['unknown instruction', `${GOOD}FROBNICATE now\n`, 'dockerfile-utils:'],
  ])('flags %s', (_label, text, rule) => {
    expect(rulesOf(text).some((found) => found.startsWith(rule))).toBe(true);
  });

  it('flags the project\'s own credential files only when told which they are', () => {
    const copiesNpmrc = GOOD.replace('COPY . .', 'COPY package.json .npmrc ./\nCOPY . .');
    // A credential-free .npmrc (registry settings only) is a manifest like any other.
    expect(lintDockerfile(copiesNpmrc)).toEqual([]);
    expect(lintDockerfile(copiesNpmrc, { credentialFiles: ['.npmrc'] }).map((problem) => problem.rule)).toEqual(['no-credentials-in-layers']);
  });

  it('lets a secret mount through, and flags the same file copied from a stage', () => {
    const mounted = GOOD.replace('RUN go build', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go build');
    expect(lintDockerfile(mounted)).toEqual([]);
    const copied = mounted.replace('COPY --from=build /out/app /app', 'COPY --from=build /out/app /app\nCOPY --from=build /root/.netrc /tmp/');
    expect(lintDockerfile(copied).map((problem) => problem.rule)).toEqual(['no-credentials-in-layers']);
  });
});
