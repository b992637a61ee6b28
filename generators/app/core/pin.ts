import { DockerfileParser, type Dockerfile, type From } from 'dockerfile-ast';
import { isUserError, UserError } from './errors.js';
import { PinFailure, type RegistryResolver, type Resolved } from './registry.js';
import { stageFroms } from './stages.js';

/**
 * --pin: every FROM that pulls an image gets `image:tag@sha256:…`. The tag stays for people and for
 * Renovate/Dependabot (they bump both together); the digest is what Docker pulls. A version ARG that
 * chose the tag (`ARG GO_VERSION=1.26` … `FROM golang:${GO_VERSION}`) is folded into the FROM and
 * dropped: with a digest the tag is only a label, so `--build-arg GO_VERSION=1.27` would still build
 * 1.26 under a 1.27 name. Another version is another `--pin` run (with --language-version).
 */

type Range = NonNullable<ReturnType<From['getImageRange']>>;

export interface DockerfileText {
  /** The path shown in messages. */
  file: string;
  text: string;
}

/** What a FROM pulls, ARG defaults expanded, and where its image word sits; null for a stage, scratch or a digest. */
interface Pull {
  image: string;
  range: Range;
  /** The ARGs its image word names (folded into it when pinned). */
  args: string[];
}

function pulls(dockerfile: Dockerfile): Pull[] {
  return stageFroms(dockerfile).flatMap(({ from: image, fromStage, instruction }) => {
    const range = instruction.getImageRange();
    if (!range || !image || fromStage || image === 'scratch' || image.includes('@')) return [];
    return [{ image, range, args: [...(instruction.getImage() ?? '').matchAll(/\$\{?(\w+)\}?/g)].map((match) => match[1]) }];
  });
}

/** The images a Dockerfile pulls (each once), as its FROM lines name them with ARG defaults expanded. */
export function baseImages(text: string): string[] {
  return [...new Set(pulls(DockerfileParser.parse(text)).map((pull) => pull.image))];
}

/** The Dockerfile with each pulled image replaced by `image@digest`, and the version ARGs that only chose tags removed. */
export function pinText(text: string, digests: ReadonlyMap<string, string>): string {
  const dockerfile = DockerfileParser.parse(text);
  const found = pulls(dockerfile);
  const missing = found.find((pull) => !digests.has(pull.image));
  if (missing) throw new Error(`no digest for ${missing.image}`);
  const offsets = lineOffsets(text);
  const at = (position: Range['start']) => offsets[position.line] + position.character;
  let pinned = text;
  // From the end, so the earlier offsets still hold.
  for (const pull of [...found].sort((a, b) => at(b.range.start) - at(a.range.start))) {
    pinned = `${pinned.slice(0, at(pull.range.start))}${pull.image}@${digests.get(pull.image)}${pinned.slice(at(pull.range.end))}`;
  }
  return dropUnusedArgs(pinned, new Set(found.flatMap((pull) => pull.args)));
}

/** Removes the global `ARG NAME=…` lines of the given names that nothing refers to any more. */
function dropUnusedArgs(text: string, names: Set<string>): string {
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const drop = new Set<number>();
  for (const arg of dockerfile.getInitialARGs()) {
    const name = arg.getProperty()?.getName();
    if (!name || !names.has(name)) continue;
    const { start, end } = arg.getRange();
    const rest = lines.filter((_, index) => index < start.line || index > end.line).join('\n');
    if (new RegExp(`\\$\\{?${name}\\b`).test(rest)) continue;
    for (let line = start.line; line <= end.line; line++) drop.add(line);
  }
  return lines.filter((_, index) => !drop.has(index)).join('\n');
}

function lineOffsets(text: string): number[] {
  const offsets = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') offsets.push(index + 1);
  return offsets;
}

export interface PinOutcome {
  files: DockerfileText[];
  /** Each image pinned, with what it resolved to. */
  resolved: Map<string, Resolved>;
}

/**
 * Resolves every image all the files pull, then rewrites them: any failure (no network, unknown tag)
 * throws before a file changes, naming each image that could not be pinned.
 */
export async function pinDockerfiles(files: DockerfileText[], resolver: Pick<RegistryResolver, 'resolve'>): Promise<PinOutcome> {
  const images = [...new Set(files.flatMap((file) => baseImages(file.text)))];
  const settled = await Promise.allSettled(images.map((image) => resolver.resolve(image)));
  const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  const unexpected = failures.find((reason) => !isUserError(reason));
  if (unexpected) throw unexpected;
  if (failures.length > 0) {
    const pulledBy = (image: string) => files.filter((file) => baseImages(file.text).includes(image)).map((file) => file.file);
    const lines = failures.map((reason) => (reason instanceof PinFailure ? `--pin: cannot pin ${reason.image} (FROM in ${pulledBy(reason.image).join(', ')}): ${reason.why}.` : (reason as Error).message));
    throw new UserError(`${lines.join('\n')}\nNothing was written.`);
  }
  const resolved = new Map(images.map((image, index) => [image, (settled[index] as PromiseFulfilledResult<Resolved>).value]));
  const digests = new Map([...resolved].map(([image, { digest }]) => [image, digest]));
  return { files: files.map((file) => ({ file: file.file, text: pinText(file.text, digests) })), resolved };
}
