import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MIRROR_ENV } from '../../generators/app/core/registry.js';
import { FakeRegistry } from '../support/fake-registry.js';
import { copyFixture, snapshotTree } from '../support/fixtures.js';
import { runCliInProcess } from '../support/in-process.js';

const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** A digest per repository and tag, so each FROM can be checked against what the registry served. */
const digestFor = (repository: string, tag: string) => `sha256:${createHash('sha256').update(`${repository}:${tag}`).digest('hex')}`;

/** Serves every tag of every repository as a manifest list, except the `missing` ones. */
function registryWithout(missing: string[]) {
  return new FakeRegistry((seen) => {
    const [, repository, tag] = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(seen.url) ?? [];
    if (!repository || missing.includes(`${repository}:${tag}`)) return { status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}' };
    return { status: 200, headers: { 'Content-Type': LIST, 'Docker-Content-Digest': digestFor(repository, tag) } };
  });
}

describe('--pin from the command line', () => {
  let registry: FakeRegistry;
  const saved = process.env[MIRROR_ENV];

  afterEach(async () => {
    await registry?.stop();
    if (saved === undefined) delete process.env[MIRROR_ENV];
    else process.env[MIRROR_ENV] = saved;
  });

  async function pinAgainst(missing: string[]) {
    registry = await registryWithout(missing).start();
    process.env[MIRROR_ENV] = `docker.io=${registry.url},gcr.io=${registry.url}`;
  }

  it('writes image:tag@digest for every base image, and the header says how to refresh', async () => {
    await pinAgainst([]);
    const dir = copyFixture('go-stdlib');
    const result = await runCliInProcess(['--path', dir, '--yes', '--pin']);
    expect(result.code).toBe(0);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('# Base images are pinned by digest (the tag stays for people and Renovate/Dependabot): re-run with --pin to refresh them.\n');
    expect(dockerfile).toContain(`FROM --platform=$BUILDPLATFORM golang:1.26@${digestFor('library/golang', '1.26')} AS deps\n`);
    expect(dockerfile).toContain(`FROM gcr.io/distroless/static-debian13:nonroot@${digestFor('distroless/static-debian13', 'nonroot')} AS runtime\n`);
    expect(dockerfile).not.toContain('ARG GO_VERSION');
    expect(result.stderr).toContain(`Pinned golang:1.26 to ${digestFor('library/golang', '1.26')}.`);
  });

  it('an unknown tag: exit 1, the image named, nothing written', async () => {
    await pinAgainst(['distroless/static-debian13:debug-nonroot']);
    const dir = copyFixture('go-stdlib');
    const before = snapshotTree(dir);
    const result = await runCliInProcess(['--path', dir, '--yes', '--pin']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `generator-multistage: --pin: cannot pin gcr.io/distroless/static-debian13:debug-nonroot (FROM in Dockerfile): no tag "debug-nonroot" of distroless/static-debian13 at ${new URL(registry.url).host}. Fix: use a tag that exists (the registry's tag list, e.g. on its web page).\nNothing was written.\n`,
    );
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('no network: exit 1, nothing written', async () => {
    await pinAgainst([]);
    await registry.stop();
    const dir = copyFixture('node-express');
    const before = snapshotTree(dir);
    const result = await runCliInProcess(['--path', dir, '--yes', '--pin']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\ngenerator-multistage: --pin: cannot pin node:24-trixie-slim \(FROM in Dockerfile\): cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(result.stderr).toMatch(/cannot pin gcr\.io\/distroless\/nodejs24-debian13:nonroot/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('pins every Dockerfile a scan writes', async () => {
    await pinAgainst([]);
    const dir = copyFixture('mono-go-work');
    const result = await runCliInProcess(['--scan', '--yes', '--pin', '--path', dir]);
    expect(result.code).toBe(0);
    for (const service of ['billing', 'shipping']) {
      const froms = readFileSync(path.join(dir, service, 'Dockerfile'), 'utf8').split('\n').filter((line) => line.startsWith('FROM '));
      const images = froms.filter((line) => !/^FROM (deps|build) /.test(line));
      expect(images.length).toBeGreaterThan(1);
      for (const line of images) expect(line).toMatch(/^FROM (--platform=\S+ )?[^\s@]+:[^\s@]+@sha256:[0-9a-f]{64} AS [a-z-]+$/);
    }
    // A second scan writes no Dockerfile (every service has one now), and says that nothing was pinned.
    const again = await runCliInProcess(['--scan', '--yes', '--pin', '--path', dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('--pin: no Dockerfile is written in this run, so none is pinned');
  });
});
