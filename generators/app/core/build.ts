import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Generator from 'yeoman-generator';
import type { Plan } from '../stacks/types.js';
import { comparisonTable, listingHasShell, type ImageFacts } from './compare.js';
import { ExitCode, UserError } from './errors.js';
import type { BuildSecret } from './secrets.js';
import { renderTemplate, templateData } from './render.js';

/** DOCKER picks the client (e.g. /usr/bin/docker where the first one on PATH lacks buildx). */
const dockerBin = () => process.env.DOCKER ?? 'docker';
/** DOCKER_BUILD_FLAGS adds flags to both builds, e.g. `--network host` to reach a package mirror on loopback. */
const extraBuildFlags = () => (process.env.DOCKER_BUILD_FLAGS ?? '').split(/\s+/).filter(Boolean);

/** The --secret flags of the header's build line, with $HOME expanded; an optional file that is not there is left out. */
function secretArgs(secrets: BuildSecret[], root: string): string[] {
  return secrets.flatMap((secret) => {
    if (!('file' in secret.source)) return ['--secret', `id=${secret.id},env=${secret.source.env}`];
    const file = path.resolve(root, secret.source.file.replace(/^\$HOME\b/, os.homedir()));
    return secret.required || existsSync(file) ? ['--secret', `id=${secret.id},src=${file}`] : [];
  });
}

/**
 * `--build`: builds the generated Dockerfile and what it replaces through yeoman's spawn (execa,
 * mockable in tests), then prints the comparison. After an upgrade that is the user's own previous
 * Dockerfile (`previous`, e.g. Dockerfile.orig), built as it was; otherwise a naive single-stage one
 * (same app, builder image, no runtime stage). Runs after the files are written, so a missing engine
 * still leaves them on disk.
 */
export async function buildAndCompare(generator: Generator, plan: Plan, root: string, previous: string | null = null): Promise<ImageFacts[]> {
  const docker = dockerBin();
  const env = { ...process.env, DOCKER_BUILDKIT: '1' };
  try {
    await generator.spawn(docker, ['info'], { stdio: 'ignore', env });
  } catch {
    throw new UserError(
      `--build: no Docker engine answers (\`${docker} info\` failed). The Dockerfile was written; start Docker (or set DOCKER to a client with BuildKit) and run \`docker build .\`.`,
      ExitCode.failure,
    );
  }
  const name = plan.imageName;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'multistage-naive-'));
  try {
    const naive = path.join(scratch, 'Dockerfile.naive');
    writeFileSync(naive, renderTemplate(plan.naiveTemplate, templateData(plan)));
    const generated = { label: 'multi-stage (generated)', tag: `${name}:multistage`, args: [] as string[] };
    const naiveImage = { label: 'naive single-stage', tag: `${name}:naive`, args: ['-f', naive] };
    const build = (image: typeof generated) => {
      generator.log(`--build: docker build -t ${image.tag} ${image.args.join(' ')} .`);
      return generator.spawn(docker, ['build', ...extraBuildFlags(), ...secretArgs(plan.secrets, root), '-t', image.tag, ...image.args, '.'], { cwd: root, stdio: 'inherit', env });
    };
    try {
      await build(generated);
    } catch (error) {
      // The engine answered but the build failed: its log is on the terminal above; say what to do next.
      throw new UserError(
        `--build: \`docker build -t ${generated.tag} .\` failed (${String((error as Error).message ?? error).split('\n')[0]}). The Dockerfile was written; its build log is above. Fix what it reports (a package the network cannot reach, a file the build needs), then run \`docker build .\`.`,
        ExitCode.failure,
      );
    }
    let before = previous ? { label: `yours (${previous})`, tag: `${name}:previous`, args: ['-f', previous] } : naiveImage;
    try {
      await build(before);
    } catch (error) {
      if (before === naiveImage) throw error;
      // The old file may need what this machine lacks (a registry, a secret): the comparison still has a baseline.
      generator.log(`--build: your ${previous} did not build here (${String((error as Error).message ?? error).split('\n')[0]}); comparing with a naive single-stage image instead.`);
      before = naiveImage;
      await build(before);
    }
    const images = [generated, before];
    const facts: ImageFacts[] = [];
    for (const image of images) facts.push(await inspect(generator, docker, image.label, image.tag));
    generator.log(`\n${comparisonTable(facts)}`);
    return facts;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function inspect(generator: Generator, docker: string, label: string, tag: string): Promise<ImageFacts> {
  const { stdout } = await generator.spawn(docker, ['image', 'inspect', '-f', '{{.Size}} {{len .RootFS.Layers}} {{.Config.User}}', tag], { stdio: 'pipe' });
  const [size, layers, user = ''] = String(stdout).trim().split(' ');
  const { stdout: id } = await generator.spawn(docker, ['create', tag], { stdio: 'pipe' });
  try {
    // Listing the exported filesystem works for images with no shell to run `ls` in.
    const { stdout: listing } = await generator.spawn('sh', ['-c', `"${docker}" export ${String(id).trim()} | tar -t`], { stdio: 'pipe' });
    return { label, tag, sizeBytes: Number(size), layers: Number(layers), user, hasShell: listingHasShell(String(listing)) };
  } finally {
    await generator.spawn(docker, ['rm', '-f', String(id).trim()], { stdio: 'ignore' });
  }
}
