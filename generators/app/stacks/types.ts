import type { BuildContext, DockerCommands } from '../core/commands.js';
import type { IgnoreSection } from '../core/dockerignore.js';
import type { Repo } from '../core/repo.js';
import type { BuildSecret } from '../core/secrets.js';

/** A stack's name (`--stack`, .yo-rc.json): the registry's list is the only one. */
export type StackId = string;

/** What a detector found. These fields are the stable JSON printed by `--detect`. */
export interface Detection {
  stack: StackId;
  languageVersion: string | null;
  packageManager: string | null;
  framework: string | null;
  entrypoint: string | null;
  port: number | null;
  /** "file: why" lines, in the order they were found. */
  evidence: string[];
}

/** The user's choices; each one has a flag of the same name in kebab case. */
export interface Answers {
  languageVersion?: string;
  entrypoint?: string;
  port?: number | null;
  runtime?: string;
  /** "yes": install a missing app server (a pinned gunicorn/uvicorn) in the image; the default answer, so --yes adds it and the notes say so. */
  addServer?: string;
  /** Java: maven or gradle, when a repository has both. */
  buildTool?: string;
  /** Java: the module (folder) to ship from a multi-module build. */
  module?: string;
  /** Three-tier: the Node major that builds the front end. */
  nodeVersion?: string;
  /** Three-tier: "same-origin" (one image serves pages and API) or "separate" (one image per tier). */
  layout?: string;
  /** Node/Python workspaces: the member folder to ship, relative to the workspace root (the build context). */
  workspace?: string;
}

export type AnswerName = keyof Answers;

/** A file detection looks for. */
export interface Marker {
  /** A file name, a `*` glob (`requirements*.txt`), or for a stack made of others a description of what it looks for. */
  name: string;
  /**
   * It makes a folder this stack's project in a monorepo scan. Bare source files (main.go, app.py) do
   * not: in a monorepo they are mostly packages of a bigger build. A stack made of others (three-tier)
   * has none: a scan finds it above its parts (`group`).
   */
  project: boolean;
}

/** A command-line flag a stack's question answers; several stacks may share one, each saying what it means for it. */
export interface StackFlag {
  name: string;
  /** A yes/no flag (`--add-server`, `--no-add-server`); otherwise it takes a value. */
  boolean?: boolean;
  help: string;
}

export interface Choice {
  value: string;
  name: string;
}

/** A question a stack wants asked. The orchestrator decides between flag, stored answer, default and prompt. */
export interface Question {
  name: AnswerName;
  flag: string;
  message: string;
  type: 'select' | 'input' | 'port';
  choices?: Choice[];
  /** A select with no choices: why there is nothing to choose from ("*.go: no package main found"); a scan skips the folder with it. */
  noChoice?: string;
  /** Undefined when nothing was detected; with --yes that is an error naming `flag`. */
  default: string | number | null | undefined;
  evidence: string[];
}

/** A file written as-is rather than from a template (three-tier's .env); `append` adds to an existing file. */
export interface ExtraFile {
  destination: string;
  content: string;
  append?: boolean;
}

export interface OutputFile {
  template: string;
  destination: string;
  /**
   * An ignore file rendered from the plan's ignore sections: plans that write the same one (services
   * sharing a build context, such as workspace members) get one file keeping what all of them keep.
   */
  sharedIgnore?: true;
}

/**
 * What other code reads of a plan, typed: the compose entry and guide (port, image name), the shared
 * .dockerignore (ignore sections), `--build` and the commands (secrets), the upgrade notes (the
 * runtime's packages). Templates see these too: they are rendered with these facts beside the stack's
 * own template variables.
 */
export interface PlanFacts {
  /** The image (and compose service) name. */
  imageName: string;
  /** The port the app listens on and the image EXPOSEs; null when none. */
  port: number | null;
  /** The build context's .dockerignore, in sections with their reasons. */
  ignoreSections: IgnoreSection[];
  /** Registry credentials the build mounts: every build of the file needs their --secret flags. */
  secrets: BuildSecret[];
  /** The runtime image has a shell (a Debian slim fallback): no debug stage, `docker run --entrypoint sh`. */
  runtimeHasShell: boolean;
  /** Debian packages the runtime stage installs (shared libraries the app loads); [] on distroless. */
  runtimePackages: string[];
  /** What the debug image is, when not "same app plus a busybox shell". */
  debugWhat?: string;
  /** The stack's name as the guide titles it, when more precise than the stack's title ("Next.js"). */
  stackTitle?: string;
}

/** What the run adds to a plan once it is placed and before it is rendered (never set by a stack). */
export interface PlanPlacement {
  /** A scan's service built from a wider context than its own folder (a workspace member). */
  buildContext?: BuildContext;
  /** The plan belongs to a monorepo scan (regenerated from the root). */
  scanned?: boolean;
  /** The ignore file of a Dockerfile that shares its context with other services. */
  dockerfileIgnoreSections?: IgnoreSection[];
  /** --pin: the header says how to refresh the digests. */
  pinned?: boolean;
  /** ENV lines carried over from the Dockerfile this run replaces. */
  carriedEnv?: string[];
  /** The commands the header and README.Docker.md show, computed once from the final plan. */
  commands?: DockerCommands;
}

/** Everything needed to render and explain one stack's output; C is the stack's own template variables. */
export interface Plan<C extends object = object> extends PlanFacts, PlanPlacement {
  builderImage: string;
  runtimeImage: string;
  files: OutputFile[];
  /** Template of the single-stage Dockerfile `--build` compares against (never written to the project). */
  naiveTemplate: string;
  /** The stack's own template variables: read by its templates only. */
  context: C;
  /** Why each notable choice was made; printed after writing. */
  notes: string[];
  /**
   * What the build reads from its context, relative to it: the files its COPY lines name and the
   * folders `COPY . .` must bring (['.'] when it needs the whole context). A service that shares its
   * context with others gets an ignore file that lets in only these, so editing another service,
   * the docs or the deployment manifests leaves its build cached.
   */
  buildReads: string[];
  /** Files not rendered from templates (random values, appends); not linted, not in the conflict check. */
  extraFiles?: ExtraFile[];
  /**
   * The extra files its compose.yaml needs beside it (.env passwords, .gitignore), worked out from
   * what is there already (`read`): for the project itself they are also in extraFiles; a scan asks
   * again for the monorepo's root, when it writes them, so several groups add to one .env.
   */
  rootFiles?: RootFiles;
}

/** A plan's files beside compose.yaml, planned against a folder as written so far. */
export interface RootFiles {
  files(read: (file: string) => string | null): ExtraFile[];
  /** The plan's note on these files in its own folder (one of its notes); null when it has none. */
  folderNote: string | null;
  /** What replaces that note once the files are written at a scan's root instead. */
  rootNote(written: ExtraFile[]): string;
}

/**
 * One service inside a build root that holds several (go.work main packages, Maven/Gradle modules,
 * npm/yarn/pnpm/uv workspace members). It is built with the build root as context; `answers` pick it.
 */
export interface Member {
  /** The member's folder relative to the build root: its Dockerfile goes there. */
  dir: string;
  /** The answers that select this member (entrypoint, module, workspace). */
  answers: Answers;
  /** Why this folder is a service ("file: why"). */
  evidence: string[];
  /** The member's own framework, when the build root's detection does not say (it covers several). */
  framework?: string | null;
}

export interface Stack<D extends Detection = Detection, P extends Plan = Plan> {
  id: StackId;
  title: string;
  /** Pure: reads the repo, returns null when this stack does not apply. Throws UserError on bad input. */
  detect(repo: Repo): D | null;
  /** Asked in order; called again after each answer, so a default can follow an earlier answer. */
  questions(detection: D, answers: Answers): Question[];
  /** Throws UserError when an answer cannot work (names the flag). */
  plan(detection: D, answers: Answers, repo: Repo): P;
  /**
   * What `detect` looks for, in the order reported when nothing matched; the `project` ones also make
   * a folder one of this stack's projects in a monorepo scan.
   */
  markers: readonly Marker[];
  /** Why a service of this stack builds from its build root rather than its own folder (said in its Dockerfile and compose entry). */
  contextReason: string;
  /** Services its own compose file adds next to the app, named `<name>-<suffix>` in a scan's root compose file. */
  companions?: readonly string[];
  /**
   * A stack found in a folder above its parts (three-tier: the folder that groups a front end and a
   * back end, which are projects of other stacks): how many levels above a project file a scan looks
   * for it, and the part folders (relative to the group) that one group claims.
   */
  group?: { depth: number; parts(detection: D): string[] };
  /** The flags its questions answer beyond the common ones (--port, --runtime, --language-version), with what each means here (--help). */
  flags?: readonly StackFlag[];
  /** The runtime families `--runtime` may name for this stack (any other value is refused). */
  runtimes: readonly string[];
  /**
   * Monorepo scan: the services this build root holds when it is a workspace or multi-module build
   * (each built from this root). Undefined or empty: the folder is a single service.
   */
  members?(detection: D): Member[];
  /**
   * Every folder that is part of this build root's build (workspace modules and members, Maven/Gradle
   * modules, libraries included): a scan does not look for other services in them.
   */
  ownedFolders?(detection: D): string[];
  /** Monorepo scan: why a detected folder is a library rather than a service (null: it is a service). */
  notAService?(detection: D, repo: Repo): string | null;
}
