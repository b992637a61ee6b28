import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseImages } from '../../generators/app/core/pin.js';
import { runCli } from '../support/cli.js';
import { copyFixture, snapshotTree } from '../support/fixtures.js';
import { build, e2eDescribe, generateWithStandins } from './support/docker.js';
import { LocalRegistry } from './support/registry.js';

const suite = LocalRegistry.available() ? e2eDescribe() : describe.skip;

/**
 * --pin against a real registry (Debian's docker-registry on 127.0.0.1) holding the stand-ins under
 * their Docker Hub and gcr.io names: Go's pushed as `docker push` leaves them (one image manifest each),
 * Node's as manifest lists (how multi-platform images are published). Every FROM must name the digest
 * the registry holds, and the pinned Dockerfile must build, pulling each base image by that digest.
 */
suite('--pin against a local registry', () => {
  const registry = new LocalRegistry();
  /** Image → the digest its tag names in the registry. */
  const digests = new Map<string, string>();

  beforeAll(async () => {
    await registry.start();
    for (const [fixture, list] of [['go-stdlib', false], ['node-express', true]] as const) {
      const { dockerfile } = generateWithStandins(fixture);
      for (const image of baseImages(dockerfile)) digests.set(image, registry.push(image, { list }));
    }
  }, 1_800_000);

  afterAll(() => registry.stop());

  const pin = (dir: string, extra: string[] = []) => runCli(['--path', dir, '--yes', '--force', '--pin', ...extra], undefined, { MULTISTAGE_REGISTRY_MIRROR: registry.mirrorEnv });

  it.each([['go-stdlib'], ['node-express']])('%s: every FROM names the digest the registry holds, and the pinned Dockerfile builds', (fixture) => {
    const dir = copyFixture(fixture);
    const result = pin(dir);
    expect(result.stderr).not.toMatch(/generator-multistage:/);
    expect(result.code).toBe(0);
    const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const pulls = dockerfile.split('\n').filter((line) => /^FROM /.test(line) && line.includes('@'));
    console.log(`--pin ${fixture} against ${registry.url}:\n${pulls.join('\n')}`);
    const pinned = new Map(pulls.map((line) => /([^\s@]+)@(sha256:[0-9a-f]{64})/.exec(line)!.slice(1, 3) as [string, string]));
    expect(pinned).toEqual(new Map([...digests].filter(([image]) => pinned.has(image))));
    expect(pinned.size).toBe(3);
    expect(dockerfile).toContain('re-run with --pin to refresh them');

    // Docker pulls a pinned image by digest, from the registry its name says: here, this one.
    const local = dockerfile.replace(/^(FROM (?:--platform=\S+ )?)(\S+@sha256:\S+)/gm, (_, from: string, image: string) => `${from}${registry.localName(image.split('@')[0])}@${image.split('@')[1]}`);
    const localFile = path.join(dir, 'Dockerfile.local');
    writeFileSync(localFile, local);
    build(dir, `multistage-e2e/${fixture}:pinned`, ['-f', localFile]);
  }, 1_200_000);

  it('a tag the registry does not have: exit 1, the image named, nothing written', () => {
    const dir = copyFixture('go-stdlib');
    const before = snapshotTree(dir);
    const result = pin(dir, ['--language-version', '1.27']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--pin: cannot pin golang:1.27 (FROM in Dockerfile): no tag "1.27" of library/golang at 127.0.0.1:${registry.port}.`);
    expect(snapshotTree(dir)).toEqual(before);
  }, 300_000);
});
