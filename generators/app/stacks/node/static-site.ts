import path from 'node:path';
import { image } from '../../core/images.js';
import type { Repo } from '../../core/repo.js';

/**
 * A single-page app's runtime: Caddy's static binary, copied out of the official caddy image onto
 * distroless static, serves the built files with a generated Caddyfile. No Node, no libc, no shell.
 * The Node stack (a project or a workspace member) and the three-tier web image share it.
 */

/** Where Caddy listens: unprivileged, so uid 65532 needs no capability to bind it. */
export const SITE_PORT = 8080;
/** Where the built files and the Caddyfile go in the image (the official image's own places). */
const SITE_ROOT = '/srv';
const CADDYFILE = '/etc/caddy/Caddyfile';

export interface StaticSite {
  caddyImage: string;
  runtimeImage: string;
  debugImage: string;
  /** The generated Caddyfile in the build context. */
  caddyfile: string;
  /** The stage and folder the built files are copied from. */
  from: string;
  files: string;
  root: string;
  port: number;
  /** The bundler's folder of content-hashed files (cached for a year), or null: hash-like names then. */
  assetsDir: string | null;
  /** Requests under this prefix go to the back end (three-tier, separate images), or null. */
  apiProxy: string | null;
  /** The back end when API_UPSTREAM is not set (compose's service name). */
  apiUpstream: string | null;
  entrypoint: string[];
  cmd: string[];
}

/** Vite's build.assetsDir (default assets); Create React App writes hashed files under static/. */
function assetsDir(tool: string | null, repo: Repo): string | null {
  if (tool === 'create-react-app') return 'static';
  if (tool !== 'vite') return null;
  const config = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'].map((file) => repo.readIfExists(file)).find(Boolean);
  const named = config ? /assetsDir\s*:\s*['"]([^'"]*)['"]/.exec(config)?.[1] : undefined;
  if (named === undefined) return 'assets';
  // An empty assetsDir puts hashed files next to index.html: no folder to single out.
  const dir = path.posix.normalize(named).replace(/^\.\/|\/$/g, '');
  return dir && dir !== '.' ? dir : null;
}

export function staticSite(options: {
  tool: string | null;
  repo: Repo;
  caddyfile: string;
  from: string;
  files: string;
  api?: { prefix: string; upstream: string };
  /** --port; the Caddyfile listens there (PORT overrides it at run time). */
  port?: number | null;
}): StaticSite {
  return {
    caddyImage: image('caddy'),
    runtimeImage: image('static'),
    debugImage: image('static-debug'),
    caddyfile: options.caddyfile,
    from: options.from,
    files: options.files,
    root: SITE_ROOT,
    port: options.port ?? SITE_PORT,
    assetsDir: assetsDir(options.tool, options.repo),
    apiProxy: options.api?.prefix ?? null,
    apiUpstream: options.api?.upstream ?? null,
    entrypoint: ['/usr/bin/caddy'],
    cmd: ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'],
  };
}

/** The notes line every SPA runtime gets. */
export function siteNote(site: StaticSite): string {
  return `Runtime: ${site.runtimeImage} with Caddy's static binary (from ${site.caddyImage}) serving the built files by ${site.caddyfile}: no Node, no shell, uid 65532, port ${site.port}; index.html for unknown routes (SPA fallback) but 404 for missing files, a year's cache for ${site.assetsDir ? `${site.assetsDir}/` : 'content-hashed files'} and no-cache for the rest, gzip/zstd, read-only root filesystem works.`;
}
