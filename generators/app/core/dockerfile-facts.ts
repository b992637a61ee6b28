import { DockerfileParser } from 'dockerfile-ast';
import { stageFroms } from './stages.js';

/** ARGs BuildKit sets itself from `--platform` and the builder's own platform. */
export const AUTOMATIC_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

export interface StageFacts {
  name: string | null;
  /** The image it starts from (ARG defaults filled in), or the earlier stage it builds on. */
  from: string;
  fromStage: boolean;
  /** The image it finally starts from, following earlier stages. */
  image: string;
  /** The comment block right above its FROM, without the leading "name: " (the Dockerfile says why the stage exists). */
  why: string;
}

export interface ArgFacts {
  name: string;
  /** The default the Dockerfile gives, or null. */
  value: string | null;
  /** Set by BuildKit (TARGETARCH and the like), not by --build-arg. */
  automatic: boolean;
}

export interface SecretFacts {
  id: string;
  /** Where the RUN step reads it (a file path), or the variable it becomes. */
  target: string | null;
  env: string | null;
}

/** What README.Docker.md says about a Dockerfile, read from the rendered file itself rather than from the plan. */
export interface DockerfileFacts {
  stages: StageFacts[];
  /** Every ARG, first declaration wins, in file order. */
  args: ArgFacts[];
  secrets: SecretFacts[];
  hasDebugStage: boolean;
  /** The shell to start in the debug stage's image (distroless :debug keeps busybox's in /busybox), or null without one. */
  debugShell: string | null;
  /** Some FROM runs on the build machine's platform (`--platform=$BUILDPLATFORM`) and cross-compiles. */
  crossCompiles: boolean;
  /** The last stage (the default target): what `docker run` starts, and whether its image has a shell. */
  runtime: { image: string; hasShell: boolean; user: string | null; ports: string[]; command: string[] };
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const froms = dockerfile.getFROMs();
  const firstInstruction = dockerfile.getInstructions()[0]?.getRange().start.line ?? 0;
  const stages = stageFroms(dockerfile).map((base) => ({
    name: base.stage,
    from: base.from,
    fromStage: base.fromStage,
    image: base.image,
    why: commentAbove(lines, base.instruction.getRange().start.line, firstInstruction, base.stage),
  }));

  const args = new Map<string, ArgFacts>();
  const secrets = new Map<string, SecretFacts>();
  const runtime = { user: null as string | null, ports: [] as string[], entrypoint: [] as string[], cmd: [] as string[] };
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const raw = instruction.getRawArgumentsContent() ?? '';
    if (keyword === 'FROM') Object.assign(runtime, { user: null, ports: [], entrypoint: [], cmd: [] });
    if (keyword === 'ARG') {
      const property = (instruction as unknown as { getProperty(): { getName(): string; getValue(): string | null } | null }).getProperty();
      const name = property?.getName();
      if (name && !args.has(name)) args.set(name, { name, value: property!.getValue(), automatic: AUTOMATIC_ARGS.has(name) });
    }
    if (keyword === 'RUN') {
      const flags = (instruction as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags();
      for (const flag of flags.filter((f) => f.getName() === 'mount')) {
        const mount = parseMount(flag.getValue() ?? '');
        if (mount.type === 'secret' && mount.id && !secrets.has(mount.id)) secrets.set(mount.id, { id: mount.id, target: mount.target ?? null, env: mount.env ?? null });
      }
    }
    if (keyword === 'USER') runtime.user = raw.trim();
    if (keyword === 'EXPOSE') runtime.ports.push(...raw.trim().split(/\s+/));
    if (keyword === 'ENTRYPOINT') runtime.entrypoint = execForm(raw);
    if (keyword === 'CMD') runtime.cmd = execForm(raw);
  }
  const lastFrom = froms.at(-1);
  return {
    stages,
    args: [...args.values()],
    secrets: [...secrets.values()],
    hasDebugStage: stages.some((stage) => stage.name === 'debug'),
    debugShell: shellOf(stages.find((stage) => stage.name === 'debug')?.image ?? 'scratch'),
    crossCompiles: froms.some((from) => from.getFlags().some((flag) => flag.getName() === 'platform' && /\$\{?BUILDPLATFORM\}?/.test(flag.getValue() ?? ''))),
    runtime: {
      image: stages.at(-1)?.image ?? '',
      hasShell: lastFrom ? shellOf(stages.at(-1)!.image) !== null : false,
      user: runtime.user,
      ports: runtime.ports,
      command: [...runtime.entrypoint, ...runtime.cmd],
    },
  };
}

/**
 * The shell an image has: none in scratch and distroless, busybox's in distroless :debug tags, and
 * `sh` on the PATH of every other base a generated Dockerfile uses (Debian-based images).
 */
function shellOf(image: string): string | null {
  if (image === 'scratch') return null;
  if (!/^gcr\.io\/distroless\//.test(image)) return 'sh';
  return /:debug/.test(image) ? '/busybox/sh' : null;
}

/** `type=secret,id=npmrc,target=/root/.npmrc` as a map. */
function parseMount(value: string): Record<string, string> {
  return Object.fromEntries(value.split(',').map((part) => part.split('=')).map(([key, ...rest]) => [key, rest.join('=')]));
}

/** An exec-form ENTRYPOINT/CMD as its words; a shell form as one word (generated files use exec form only). */
function execForm(raw: string): string[] {
  try {
    const words = JSON.parse(raw) as unknown;
    if (Array.isArray(words)) return words.map(String);
  } catch {
    // Shell form: kept whole.
  }
  return [raw.trim()];
}

/** The comment lines directly above line `at` (stopping at the header, which is above the first instruction). */
function commentAbove(lines: string[], at: number, firstInstruction: number, stage: string | null): string {
  const block: string[] = [];
  for (let line = at - 1; line >= firstInstruction && /^\s*#/.test(lines[line]); line--) block.unshift(lines[line].replace(/^\s*#\s?/, '').trim());
  const text = block.join(' ');
  return stage && text.toLowerCase().startsWith(`${stage.toLowerCase()}: `) ? text.slice(stage.length + 2) : text;
}
