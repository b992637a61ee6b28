/**
 * How a detected value is judged against the corpus truth. The truth is prose written by a person
 * ("go modules + committed vendor/", ">= 20.4.0 (engines.node)"), so each rule reads the part of it
 * that states the fact and leaves the explanation in parentheses aside.
 */
import semver from 'semver';

export type Status = 'ok' | 'wrong' | 'n/a';

export interface Verdict {
  status: Status;
  got: string | null;
  want: string | null;
}

const na = (got: unknown, want: string | null = null): Verdict => ({ status: 'n/a', got: show(got), want });
const judge = (ok: boolean, got: unknown, want: string): Verdict => ({ status: ok ? 'ok' : 'wrong', got: show(got), want });
const show = (value: unknown) => (value === null || value === undefined || value === '' ? null : String(value));

/** The statement without its explanations: "(…)" groups removed, nested ones too. */
export function withoutAsides(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\([^()]*\)/g, ' ');
  }
  return out.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------- language version

export type VersionTruth = { kind: 'range'; range: string; text: string } | { kind: 'versions'; versions: string[]; text: string };

/**
 * Reads the stated version: a range (">=10", "^3.10", "==3.13.*") is checked with semver; plain
 * versions ("1.25.0", "go 1.25.0 + toolchain go1.26.0", "backend Java 11") are each acceptable.
 */
export function parseVersionTruth(text: string | null | undefined): VersionTruth | null {
  if (!text) return null;
  const head = text.split('(')[0].split(';')[0];
  const rangeMatch = /(>=|<=|>|<|\^|~|==)\s*v?(\d+(?:\.\d+)*(?:\.\*)?)/.exec(head);
  if (rangeMatch) {
    const [, operator, version] = rangeMatch;
    const range = operator === '==' ? version.replace(/\.\*$/, '.x') : `${operator}${version}`;
    if (semver.validRange(range)) return { kind: 'range', range, text: head.trim() };
  }
  const versions = [...head.matchAll(/(?:^|[^\w.])(?:go|v)?(\d+(?:\.\d+){0,2})(?![\w.])/g)].map((m) => m[1]);
  return versions.length > 0 ? { kind: 'versions', versions, text: head.trim() } : null;
}

/** Java's "1.8" is 8; everything else keeps its numbers. */
function normalise(version: string): string {
  return version.replace(/^1\.([5-8])$/, '$1');
}

/** Same major.minor (major alone when the truth states only a major). */
export function sameRelease(detected: string, stated: string): boolean {
  const got = normalise(detected).split('.');
  const want = normalise(stated).split('.');
  if (got[0] !== want[0]) return false;
  return want.length < 2 || got[1] === want[1];
}

export function compareLanguageVersion(detected: string | null, truthText: string | null | undefined): Verdict {
  const truth = parseVersionTruth(truthText);
  if (!truth) return na(detected);
  if (!detected) return judge(false, detected, truth.text);
  const coerced = semver.coerce(normalise(detected));
  if (truth.kind === 'range') {
    return judge(coerced !== null && semver.satisfies(coerced, truth.range), detected, truth.range);
  }
  return judge(truth.versions.some((stated) => sameRelease(detected, stated)), detected, truth.versions.join(' or '));
}

// ---------------------------------------------------------------- package manager

const MANAGER_FAMILIES: Array<[family: string, pattern: RegExp]> = [
  ['go modules', /\bgo\s*mod(ules)?\b|\bgo\.mod\b/i],
  ['pip', /\bpip\b|requirements[\w.-]*\.txt/i],
  ['poetry', /\bpoetry\b/i],
  ['uv', /\buv\b/i],
  ['pipenv', /\bpipenv\b|\bPipfile\b/i],
  ['npm', /\bnpm\b|package-lock\.json/i],
  ['yarn', /\byarn\b/i],
  ['pnpm', /\bpnpm\b/i],
  ['maven', /\bmaven\b|\bmvnw?\b/i],
  ['gradle', /\bgradle\b|\bgradlew\b/i],
];

export function managerFamilies(text: string): string[] {
  return MANAGER_FAMILIES.filter(([, pattern]) => pattern.test(text)).map(([family]) => family);
}

/** Right when every manager the generator names is one the truth names (a monorepo's front end may add one). */
export function comparePackageManager(detected: string | null, truthText: string | null | undefined): Verdict {
  if (!truthText || /^none$/i.test(truthText.trim())) return na(detected);
  const wanted = managerFamilies(withoutAsides(truthText));
  if (wanted.length === 0) return na(detected, truthText);
  const got = detected ? managerFamilies(detected) : [];
  return judge(got.length > 0 && got.every((family) => wanted.includes(family)), detected, wanted.join(' or '));
}

// ---------------------------------------------------------------- entrypoint

const stripToken = (token: string) => token.replace(/^[`'"([{]+|[`'",;:)\]}]+$/g, '').replace(/^\.\//, '').replace(/\/$/, '');
const stem = (token: string) => token.split('/').pop()!.replace(/\.(js|mjs|cjs|ts|py|go|jar)$/, '');

/**
 * Right when the truth names what the generator runs: the same path, module:app or script (a token of
 * the truth, or the same file stem), "." for a root package or a jar built at the root when the truth
 * names no other folder, and a static server for a site the truth calls static.
 */
export function compareEntrypoint(detected: string | null, truthText: string | null | undefined, facts: { staticSite?: boolean } = {}): Verdict {
  if (!truthText || /^none$/i.test(truthText.trim())) return na(detected);
  // A three-tier truth states each tier ("backend: …; frontend: …"); the detected entrypoint is the back end's,
  // so either the whole statement or its backend clause may name it.
  const backend = /\bbackend:\s*([^;]+)/i.exec(truthText)?.[1];
  const whole = judgeEntrypoint(detected, truthText, facts);
  if (whole.status === 'ok' || !backend || !/\bfrontend:/i.test(truthText)) return whole;
  return { ...judgeEntrypoint(detected, backend, facts), want: truthText };
}

function judgeEntrypoint(detected: string | null, truthText: string, facts: { staticSite?: boolean }): Verdict {
  const want = truthText;
  if (!detected) return judge(false, detected, want);
  if (/\bstatic\b/i.test(withoutAsides(truthText)) && facts.staticSite) return judge(true, detected, want);
  const got = stripToken(detected.trim()) || '.';
  const tokens = truthText.split(/[\s=]+/).map(stripToken).filter(Boolean);
  // A jar's module folder ("springboot-backend") when the truth only says "Spring Boot jar": the same rule as ".".
  const moduleFolder = /^[\w-]+$/.test(got) && /\bjar\b/i.test(truthText);
  if (got === '.' || got === '' || moduleFolder) {
    const statement = withoutAsides(truthText);
    const namesFolder = statement.split(/\s+/).map(stripToken).some((token) => token !== '.' && token.includes('/') && !token.startsWith('target/') && !/\.(jar|js|py|go)$/.test(token) && !token.startsWith('.next'));
    return judge(!namesFolder, detected, want);
  }
  // gunicorn and uWSGI call `application` when only the module is named (`gunicorn pkg.wsgi`, `wsgi-file=pkg/wsgi.py`).
  const wsgiModule = /^([\w.]+):application$/.exec(got)?.[1];
  if (wsgiModule && (tokens.includes(wsgiModule) || tokens.includes(`${wsgiModule.replace(/\./g, '/')}.py`))) return judge(true, detected, want);
  const match = tokens.includes(got) || tokens.some((token) => token.includes('/') || token.includes('.') ? stem(token) === stem(got) : token === stem(got));
  return judge(match, detected, want);
}

// ---------------------------------------------------------------- port

export function comparePort(detected: number | null, truth: number | null | undefined): Verdict {
  if (truth === null || truth === undefined) return na(detected, 'none stated');
  return judge(detected === truth, detected, String(truth));
}

// ---------------------------------------------------------------- runtime family

/**
 * The kind of runtime an image is, without its version (the language version is judged apart):
 * distroless-static/base/cc/python3/java/nodejs, python-slim, node-slim, temurin-jre, debian-slim,
 * static-server (nginx, caddy: what serves a built site), scratch.
 */
export function imageFamily(image: string): string | null {
  const distroless = /distroless[/-](static|base|cc|python3|java|nodejs)/.exec(image);
  if (distroless) return `distroless-${distroless[1]}`;
  if (/^scratch$/.test(image)) return 'scratch';
  if (/(^|\/)python:[\w.-]*slim/.test(image)) return 'python-slim';
  if (/(^|\/)node:[\w.-]*slim/.test(image)) return 'node-slim';
  if (/eclipse-temurin:[\w.-]*jre/.test(image)) return 'temurin-jre';
  if (/(^|\/)debian:[\w.-]*slim/.test(image)) return 'debian-slim';
  if (/nginx|caddy/.test(image)) return 'static-server';
  return null;
}

/** Families a truth text names, e.g. "distroless-static … otherwise debian:13-slim" → both. */
export function truthFamilies(text: string): string[] {
  const statement = withoutAsides(text);
  const found = new Set<string>();
  for (const m of statement.matchAll(/distroless-(static|base|cc|python3|java|nodejs)/g)) found.add(`distroless-${m[1]}`);
  for (const token of statement.split(/[\s,;+]+/)) {
    const family = imageFamily(token);
    if (family) found.add(family);
  }
  if (/\bnginx\b|\bcaddy\b/i.test(statement)) found.add('static-server');
  return [...found];
}

export function compareRuntime(detectedImage: string | null, truthText: string | null | undefined, facts: { staticServer?: boolean } = {}): Verdict {
  if (!truthText || /^none\b/i.test(truthText.trim())) return na(detectedImage);
  const wanted = truthFamilies(truthText);
  if (wanted.length === 0) return na(detectedImage, truthText);
  const image = detectedImage ? imageFamily(detectedImage) : null;
  // A static server's binary (Caddy) on distroless static is a static server, whatever its base is called.
  const family = image === 'distroless-static' && facts.staticServer ? 'static-server' : image;
  return judge(family !== null && wanted.includes(family), family ?? detectedImage, wanted.join(' or '));
}

// ---------------------------------------------------------------- stack

export interface StackFacts {
  /** The stack a plain --detect found (null: none). */
  detected: string | null;
  /** Services a scan listed (monorepo and "none" entries only). */
  services?: number;
}

/** A monorepo is right when no single stack claims its root and a scan finds several services; "none" when nothing is found. */
export function compareStack(facts: StackFacts, truth: string): Verdict {
  if (truth === 'monorepo') {
    const got = facts.detected ?? `scan: ${facts.services ?? 0} services`;
    return judge(facts.detected === null && (facts.services ?? 0) >= 2, got, 'monorepo (scan finds >= 2 services)');
  }
  if (truth === 'none') {
    const got = facts.detected ?? `scan: ${facts.services ?? 0} services`;
    return judge(facts.detected === null && (facts.services ?? 0) === 0, got, 'none (no service found)');
  }
  return judge(facts.detected === truth, facts.detected, truth);
}
