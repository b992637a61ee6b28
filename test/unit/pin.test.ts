import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintDockerfile } from '../../generators/app/core/lint.js';
import { baseImages, pinDockerfiles, pinText } from '../../generators/app/core/pin.js';
import { PinFailure, type Resolved } from '../../generators/app/core/registry.js';
import { goldenDir } from '../support/fixtures.js';

const digestOf = (image: string) => `sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const golden = (name: string) => readFileSync(path.join(goldenDir, name, 'Dockerfile'), 'utf8');
const fromLines = (text: string) => text.split('\n').filter((line) => /^(FROM|ARG) /.test(line));

describe('--pin rewrites FROM lines', () => {
  it('folds the version ARG into each FROM, keeps the tag and --platform, and leaves stages alone', () => {
    const text = golden('go-stdlib');
    const images = baseImages(text);
    expect(images).toEqual(['golang:1.26', 'gcr.io/distroless/static-debian13:debug-nonroot', 'gcr.io/distroless/static-debian13:nonroot']);
    const pinned = pinText(text, new Map(images.map((image) => [image, digestOf(image)])));
    expect(fromLines(pinned)).toEqual([
      `FROM --platform=$BUILDPLATFORM golang:1.26@${digestOf('golang:1.26')} AS deps`,
      'FROM deps AS build',
      'ARG TARGETOS',
      'ARG TARGETARCH',
      `FROM gcr.io/distroless/static-debian13:debug-nonroot@${digestOf('gcr.io/distroless/static-debian13:debug-nonroot')} AS debug`,
      `FROM gcr.io/distroless/static-debian13:nonroot@${digestOf('gcr.io/distroless/static-debian13:nonroot')} AS runtime`,
    ]);
    // Only the FROM lines and the ARG that chose the tag change.
    expect(pinned.split('\n').length).toBe(text.split('\n').length - 1);
    expect(lintDockerfile(pinned)).toEqual([]);
  });

  it('expands several ARGs in one image, and one ARG shared by builder and runtime', () => {
    const java = golden('java-maven-plain');
    const pinnedJava = pinText(java, new Map(baseImages(java).map((image) => [image, digestOf(image)])));
    expect(fromLines(pinnedJava)[0]).toBe(`FROM maven:3.9-eclipse-temurin-21@${digestOf('maven:3.9-eclipse-temurin-21')} AS deps`);
    expect(pinnedJava).not.toMatch(/^ARG (JAVA|MAVEN)_VERSION/m);
    expect(lintDockerfile(pinnedJava)).toEqual([]);

    const node = golden('node-express');
    const pinnedNode = pinText(node, new Map(baseImages(node).map((image) => [image, digestOf(image)])));
    expect(fromLines(pinnedNode).filter((line) => !/FROM (base|deps) /.test(line))).toEqual([
      `FROM node:24-trixie-slim@${digestOf('node:24-trixie-slim')} AS base`,
      `FROM gcr.io/distroless/nodejs24-debian13:debug-nonroot@${digestOf('gcr.io/distroless/nodejs24-debian13:debug-nonroot')} AS debug`,
      `FROM gcr.io/distroless/nodejs24-debian13:nonroot@${digestOf('gcr.io/distroless/nodejs24-debian13:nonroot')} AS runtime`,
    ]);
    expect(lintDockerfile(pinnedNode)).toEqual([]);
  });

  it('keeps an ARG something else still reads, skips scratch and images already pinned', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const text = [
      'ARG NODE_VERSION=24',
      'ARG BASE=debian:trixie-slim',
      'FROM node:${NODE_VERSION}-trixie-slim AS build',
      'RUN echo "built with ${NODE_VERSION}"',
      `FROM ${'${BASE}'} AS libs`,
      `FROM busybox:1.37@${digest} AS tools`,
      'FROM scratch AS runtime',
      'USER 65532:65532',
      '',
    ].join('\n');
    expect(baseImages(text)).toEqual(['node:24-trixie-slim', 'debian:trixie-slim']);
    const pinned = pinText(text, new Map([['node:24-trixie-slim', digestOf('n')], ['debian:trixie-slim', digestOf('d')]]));
    expect(pinned.split('\n')).toEqual([
      'ARG NODE_VERSION=24',
      `FROM node:24-trixie-slim@${digestOf('n')} AS build`,
      'RUN echo "built with ${NODE_VERSION}"',
      `FROM debian:trixie-slim@${digestOf('d')} AS libs`,
      `FROM busybox:1.37@${digest} AS tools`,
      'FROM scratch AS runtime',
      'USER 65532:65532',
      '',
    ]);
  });
});

/** Every Dockerfile the golden cases hold, at any depth (a scan writes one per service). */
function goldenDockerfiles(dir = goldenDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return goldenDockerfiles(full);
    return entry.name === 'Dockerfile' ? [full] : [];
  });
}

describe('--pin on every generated Dockerfile', () => {
  it.each(goldenDockerfiles().map((file) => [path.relative(goldenDir, file)]))('%s: every pulled image gets a digest, no version ARG is left unread, the lint passes', (file) => {
    const text = readFileSync(path.join(goldenDir, file), 'utf8');
    const pinned = pinText(text, new Map(baseImages(text).map((image) => [image, digestOf(image)])));
    expect(baseImages(pinned)).toEqual([]);
    for (const image of pinned.match(/\S+@sha256:\S+/g) ?? []) expect(image).not.toContain('$');
    // The global ARGs (before the first FROM) that are left must still be read somewhere.
    const globals = pinned.slice(0, pinned.search(/^FROM /m));
    for (const name of [...globals.matchAll(/^ARG (\w+)=/gm)].map((match) => match[1])) expect(pinned).toMatch(new RegExp(`\\$\\{?${name}\\b`));
    expect(lintDockerfile(pinned)).toEqual([]);
  });
});

describe('--pin resolves everything before it rewrites anything', () => {
  const files = [
    { file: 'api/Dockerfile', text: golden('go-stdlib') },
    { file: 'web/Dockerfile', text: golden('node-express') },
  ];

  it('asks for each image once, across files', async () => {
    const asked: string[] = [];
    const resolver = {
      resolve: async (image: string): Promise<Resolved> => {
        asked.push(image);
        return { digest: digestOf(image), mediaType: 'application/vnd.oci.image.index.v1+json', index: true };
      },
    };
    const outcome = await pinDockerfiles([...files, { file: 'worker/Dockerfile', text: golden('go-stdlib') }], resolver);
    expect(asked.sort()).toEqual([...new Set([...baseImages(files[0].text), ...baseImages(files[1].text)])].sort());
    expect(outcome.files.map((file) => file.file)).toEqual(['api/Dockerfile', 'web/Dockerfile', 'worker/Dockerfile']);
    expect(outcome.files[1].text).toContain(`FROM node:24-trixie-slim@${digestOf('node:24-trixie-slim')} AS base`);
  });

  it('one image that cannot be pinned fails the run, naming it and the Dockerfiles that pull it', async () => {
    const resolver = {
      resolve: async (image: string): Promise<Resolved> => {
        if (image.startsWith('node:')) throw new PinFailure(image, `no tag "24-trixie-slim" of library/node at registry-1.docker.io. Fix: use a tag that exists`);
        return { digest: digestOf(image), mediaType: 'application/vnd.oci.image.index.v1+json', index: true };
      },
    };
    await expect(pinDockerfiles(files, resolver)).rejects.toThrow(
      '--pin: cannot pin node:24-trixie-slim (FROM in web/Dockerfile): no tag "24-trixie-slim" of library/node at registry-1.docker.io. Fix: use a tag that exists.\nNothing was written.',
    );
  });

  it('a bug is not dressed up as a user error', async () => {
    const resolver = { resolve: async (): Promise<Resolved> => Promise.reject(new TypeError('boom')) };
    await expect(pinDockerfiles(files, resolver)).rejects.toThrow(TypeError);
  });
});
