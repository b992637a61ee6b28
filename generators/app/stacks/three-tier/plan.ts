import { COMMON_IGNORE, tailorIgnore, type IgnoreSection } from '../../core/dockerignore.js';
import { ExitCode, UserError } from '../../core/errors.js';
import type { Repo } from '../../core/repo.js';
import type { Answers, ExtraFile, OutputFile, Plan, RootFiles } from '../types.js';
import type { ArtifactKind } from '../java/detect.js';
import { planJava } from '../java/plan.js';
import { planNodeProject } from '../node/plan.js';
import { SITE_PORT, staticSite } from '../node/static-site.js';
import type { ThreeTierDetection } from './detect.js';
import { envFile, gitignoreFile, type ReadFile } from './secrets.js';

export { secretSource } from './secrets.js';

/** The official MySQL image for the db service (MySQL is not distroless: it needs its own server image). */
export const MYSQL_IMAGE = 'mysql:8.4';
/** Where the back end finds the front end's files on its class path (Spring Boot serves this folder). */
const STATIC_DIR = 'src/main/resources/static';
/** same-origin: the back end serves the front end's files and /api; separate: one image per tier. */
export const LAYOUTS = ['same-origin', 'separate'] as const;
export type Layout = (typeof LAYOUTS)[number];
/** The port Caddy listens on in the web image (separate layout), as for the Node stack's SPAs. */
const WEB_PORT = SITE_PORT;
/** The path prefix the web image forwards to the back end (separate layout). */
const API_PREFIX = '/api';

/** Back ends that can serve the front end's files themselves, and what the notes say about it. */
const SAME_ORIGIN: Partial<Record<ArtifactKind, string>> = {
  'boot-jar': 'Spring Boot serves that folder',
  jar: 'not Spring Boot, so the app itself must serve static/ from its class path, as it serves /api',
  classpath: 'not Spring Boot, so the app itself must serve static/ from its class path, as it serves /api',
};

/** The back end can serve the front end's files itself (the same-origin layout works). */
export function servesStatic(kind: ArtifactKind): boolean {
  return SAME_ORIGIN[kind] !== undefined;
}

const THREE_TIER_IGNORE: IgnoreSection[] = [
  { why: 'Dependencies and build output of both tiers: the image installs and builds its own, and stale copies must not leak in.', patterns: ['**/node_modules', '**/target', '**/build', '**/dist', '**/.gradle', '**/out', '**/*.class', '**/*.iml'] },
  { why: 'Database data folders, dumps, logs and coverage written while running the app on a workstation.', patterns: ['**/mysql-data', '**/db-data', '**/*.sql.gz', '**/*.log', '**/*.db', '**/coverage', '.npm', '.eslintcache'] },
];

export function chosenLayout(answers: Answers): Layout {
  const layout = answers.layout ?? 'same-origin';
  if (!(LAYOUTS as readonly string[]).includes(layout)) throw new UserError(`--layout ${layout}: not one of ${LAYOUTS.join(', ')}.`, ExitCode.usage);
  return layout as Layout;
}

export function planThreeTier(detection: ThreeTierDetection, answers: Answers, repo: Repo) {
  const { frontendDir, backendDir, frontend, backend, database } = detection;
  const layout = chosenLayout(answers);
  const sameOrigin = layout === 'same-origin';
  // Each tier's secrets would have to be mounted from its own folder in this one Dockerfile: not done yet.
  const secretTier = backend.secrets.length ? `${backendDir}/${backend.secrets[0].credentialFiles[0] ?? 'pom.xml'}` : frontend.secrets.length ? `${frontendDir}/.npmrc` : null;
  if (secretTier) {
    throw new UserError(`${secretTier}: this tier installs from a registry that needs a login, which the three-tier Dockerfile does not mount as a build secret yet. Fix: generate each tier on its own (--stack java --path ${backendDir}, --stack node --path ${frontendDir}); those Dockerfiles mount it.`);
  }
  const javaPlan = planJava(backend, { languageVersion: answers.languageVersion, port: answers.port, buildTool: answers.buildTool, module: answers.module, runtime: answers.runtime }, repo.sub(backendDir));
  const nodePlan = planNodeProject(frontend, { languageVersion: answers.nodeVersion }, repo.sub(frontendDir));
  const java = javaPlan.context;
  const node = nodePlan.context;
  const kind = java.kind;
  if (sameOrigin && !SAME_ORIGIN[kind]) {
    throw new UserError(`${backendDir}: a ${java.framework ?? kind} back end does not serve files from ${STATIC_DIR}, so it cannot serve the front end. Fix: pass --layout separate (the front end gets its own image), or generate each tier on its own (--stack java --path ${backendDir}, --stack node --path ${frontendDir}).`);
  }
  if (frontend.kind !== 'spa' || !frontend.buildOutput) {
    throw new UserError(`${frontendDir}/package.json: the React front end has no static build (vite build or react-scripts build). Fix: add "build": "vite build" to scripts.`);
  }
  const port = answers.port === undefined ? javaPlan.port : answers.port;
  const withDb = database.mysqlCompatible;
  const boot = kind === 'boot-jar';
  const backendTitle = boot ? 'Spring Boot' : java.framework === 'quarkus' ? 'Quarkus' : 'Java';

  // A back end at the root ('.') takes its files as they are.
  const prefix = (dir: string, file: string) => (dir === '.' ? file : `${dir}/${file}`);
  const buildCopies = java.buildCopies.map((copy) => ({ sources: copy.sources.map((s) => prefix(backendDir, s)), target: copy.target }));
  const manifestFiles = node.manifestFiles.map((file) => prefix(frontendDir, file));
  // API base URLs are set empty: the built bundle then calls the origin that served it (the back end, or the web image that forwards /api).
  const buildArgs = node.buildArgs.map((name) => ({ name, value: detection.apiEnvVars.includes(name) ? '' : null }));

  const needed = [
    ...buildCopies.flatMap((c) => c.sources).filter((f) => !f.endsWith('/')),
    ...manifestFiles,
    ...repo.files().filter((f) => f.startsWith(prefix(backendDir, 'src/')) || (f.startsWith(`${frontendDir}/`) && !f.startsWith(`${frontendDir}/${frontend.buildOutput}/`))),
  ];
  const dockerignore = tailorIgnore([...COMMON_IGNORE, ...THREE_TIER_IGNORE], needed);
  const nodeBuilder = node.builderImageArg.replace('${NODE_VERSION}', node.nodeMajor);
  const imageName = javaPlan.imageName;
  // Separate layout: the web image is the Node stack's SPA runtime, Caddy, forwarding /api to the back end.
  const site = sameOrigin ? null : staticSite({
    tool: frontend.framework,
    repo: repo.sub(frontendDir),
    caddyfile: prefix(frontendDir, 'Caddyfile'),
    from: 'frontend',
    files: `/src/${frontendDir}/${frontend.buildOutput}/`,
    api: { prefix: API_PREFIX, upstream: `http://app:${port || 8080}` },
  });

  const notes: string[] = sameOrigin
    ? [`Front end: ${frontendDir} built with \`${node.buildCommand}\` in the frontend stage (${nodeBuilder}); its ${frontend.buildOutput}/ is copied into ${prefix(backendDir, STATIC_DIR)} before the back-end build, so one origin serves the pages and /api (${SAME_ORIGIN[kind]}).`]
    : [
      `Layout separate: one Dockerfile, two images. \`--target web\`: ${frontendDir} built with \`${node.buildCommand}\` (${nodeBuilder}), served by Caddy (static binary from ${site!.caddyImage}) on ${site!.runtimeImage} with ${site!.caddyfile}, port ${WEB_PORT}, no shell, read-only root filesystem works; it forwards ${API_PREFIX} to the back end named by API_UPSTREAM, so the browser still sees one origin. \`--target runtime\` (the default): the ${backendTitle} back end alone.`,
    ];
  notes.push(...javaPlan.notes.filter((line) => !/^\.dockerignore/.test(line)), ...dockerignore.dropped.map((entry) => `.dockerignore: left out ${entry}.`));
  if (detection.apiAccess === 'hard-coded') notes.push(`Warning: the front end calls ${detection.hardCodedUrls.map((line) => line.split(': ').pop()).join(', ')}; inside containers and in users' browsers that is not the API. Use relative /api paths.`);
  if (detection.apiAccess === 'env') notes.push(`${detection.apiEnvVars.join(', ')}: built empty (same origin); pass --build-arg to point the bundle elsewhere.`);

  const files: OutputFile[] = [
    { template: 'three-tier/Dockerfile.ejs', destination: 'Dockerfile' },
    { template: '_shared/dockerignore.ejs', destination: '.dockerignore', sharedIgnore: true },
  ];
  if (site) files.push({ template: 'node/Caddyfile.ejs', destination: site.caddyfile });
  // The passwords compose reads, next to the compose file: this project's root, or a monorepo's (scan).
  const passwordFiles = (read: ReadFile): ExtraFile[] => (withDb ? [envFile(read), gitignoreFile(read)].filter((file): file is ExtraFile => file !== null) : []);
  const extraFiles = passwordFiles((file) => repo.readIfExists(file));
  const env = extraFiles.find((file) => file.destination === '.env');
  let passwordNote: string | null = null;
  // Two images need compose to run side by side, with or without a MySQL tier.
  if (withDb || !sameOrigin) files.push({ template: 'three-tier/compose.yaml.ejs', destination: 'compose.yaml' });
  if (withDb) {
    passwordNote = `compose.yaml: ${sameOrigin ? 'app (this Dockerfile)' : 'web and app (this Dockerfile\'s two targets)'} and db (${MYSQL_IMAGE}, the official image: MySQL is not distroless); passwords come from .env (random, ${env ? (env.append ? 'missing keys appended' : 'created') : 'kept as it was'}), which .dockerignore and .gitignore exclude.`;
    notes.push(passwordNote);
    notes.push(`The app has no HEALTHCHECK: distroless has no shell or curl. compose starts it once db is healthy (mysqladmin ping); check the app from outside (${boot ? 'Spring Boot Actuator /actuator/health' : 'an HTTP endpoint of yours'}) or with your orchestrator's HTTP probe.`);
  } else {
    const what = sameOrigin ? 'only the app tiers are generated (no compose.yaml or .env)' : 'compose.yaml runs web and app only (no db service or .env)';
    notes.push(database.kind ? `Database: ${database.kind}, not MySQL: ${what}.` : `Database: none found: ${what}.`);
  }

  const rootFiles: RootFiles = {
    files: passwordFiles,
    folderNote: passwordNote,
    rootNote: (written) => {
      const rootEnv = written.find((file) => file.destination === '.env');
      return `Passwords: the repository root's .env, next to compose.yaml (${rootEnv ? (rootEnv.append ? 'missing keys appended' : 'created with random values') : 'kept as it was'}); .gitignore and .dockerignore exclude it.`;
    },
  };

  return {
    builderImage: `${nodeBuilder} + ${javaPlan.builderImage}`,
    runtimeImage: site ? `${javaPlan.runtimeImage} (app) + ${site.runtimeImage} with Caddy (web)` : javaPlan.runtimeImage,
    files,
    extraFiles,
    rootFiles,
    // Both tiers, which are the whole group folder.
    buildReads: ['.'],
    naiveTemplate: 'three-tier/Dockerfile.naive.ejs',
    notes,
    stackTitle: `three-tier (React + ${backendTitle}${withDb ? ' + MySQL' : ''})`,
    imageName,
    port,
    ignoreSections: dockerignore.sections,
    secrets: [],
    runtimeHasShell: javaPlan.runtimeHasShell,
    runtimePackages: javaPlan.runtimePackages,
    context: {
      // The back end's stages are the Java stack's own partials, rendered with its variables.
      ...java,
      // Compose project names allow lowercase letters, digits, - and _ only.
      composeName: imageName.replace(/[^a-z0-9_-]/g, '-'),
      layout,
      sameOrigin,
      boot,
      backendTitle,
      frontendDir,
      backendDir,
      // The back end's folder in the build stages: /src itself for a back end at the root.
      backendWork: backendDir === '.' ? '/src' : `/src/${backendDir}`,
      backendSources: backendDir === '.' ? '.' : `${backendDir}/`,
      staticDir: STATIC_DIR,
      nodeMajor: node.nodeMajor,
      nodeBuilderArg: node.builderImageArg,
      nodeSetup: node.setup,
      nodeManifestFiles: manifestFiles,
      nodeInstall: node.install,
      nodeCache: node.cache,
      nodeBuildCommand: node.buildCommand,
      nodeLegacyOpenssl: Boolean(node.legacyOpenssl),
      nodeNaiveInstall: node.naiveInstall,
      frontendOutput: frontend.buildOutput,
      // Separate layout: the web image (Caddy on distroless static, templates/node/static-site.ejs and Caddyfile.ejs).
      site,
      webImageName: `${imageName}-web`,
      webPort: WEB_PORT,
      buildArgs,
      buildCopies,
      withDb,
      mysqlImage: MYSQL_IMAGE,
      database,
      jdbcUrl: `jdbc:${database.kind === 'mariadb' ? 'mariadb' : 'mysql'}://db:${database.port}/${database.name}`,
    },
  } satisfies Plan;
}

/** The template variables of its Dockerfile and partials. */
export type ThreeTierContext = ReturnType<typeof planThreeTier>['context'];
export type ThreeTierPlan = Plan<ThreeTierContext>;
