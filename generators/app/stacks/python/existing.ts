import { minorTagVersion, statedLanguage, type ExistingFacts } from '../../core/existing-dockerfile.js';
import type { Repo } from '../../core/repo.js';
import { readCommand, type Launch } from './launch.js';
import type { NativeNeed } from './native.js';
import { admitsMinor, PYTHON_MINORS } from './specifier.js';
import type { PythonVersion } from './version.js';

/** `python:3.12.7-slim` -> 3.12. */
export const pythonImageVersion = minorTagVersion(/(^|\/)python$/);

/**
 * The start commands of the project's own Dockerfile and deployment manifests (app.yaml, fly.toml,
 * railway, heroku.yml), read as launches. The Procfile is left to readLaunches, which reads it first.
 */
export function existingLaunches(facts: ExistingFacts, repo: Repo): Launch[] {
  return facts.commands
    .filter((command) => !command.at.startsWith('Procfile'))
    .flatMap((command) => {
      // `flask db upgrade && gunicorn app:app`: the release steps come first, the server last.
      const launch = command.words.join(' ').split(/;|&&/).map((part) => readCommand(part, command.at, repo)).filter((l): l is Launch => l !== null).pop();
      return launch ? [{ ...launch, command: command.words.join(' ') }] : [];
    });
}

/**
 * No file pins a Python: the line the existing Dockerfile runs (`FROM python:3.12.7-slim`) is the
 * project's choice, when supported and admitted by requires-python.
 */
export function withStatedPython(version: PythonVersion, facts: ExistingFacts): PythonVersion {
  const stated = statedLanguage(facts, pythonImageVersion);
  if (version.pinned || !stated || !PYTHON_MINORS.includes(stated.version)) return version;
  if (!version.constraints.every((c) => admitsMinor(c.constraint, stated.version))) return version;
  const line = `${stated.at}: FROM ${stated.image}: Python ${stated.version}, the line the existing image runs`;
  return { ...version, stated: stated.version, minor: stated.version, evidence: [...version.evidence.filter((e) => !/\(admits .*; using/.test(e)), ...version.constraints.map((c) => `${c.source}: "${c.text}" (admits ${stated.version})`), line] };
}

/**
 * Shared libraries apt installs under these names on Debian 13, the release of the builder and the
 * slim runtime (some through their t64 successor, which provides the old name). An old Dockerfile on
 * Debian 12 may name a library trixie renamed (libldap-2.5-0 is libldap2 there): such a name would
 * fail the build, so only these are carried; the notes name the others.
 */
const TRIXIE_LIBRARIES = /^(libpq5|libmariadb3|libxml2|libxslt1\.1|libffi8|libjpeg62-turbo|libgomp1|libsm6|libxext6|libxrender1|libgl1|libglib2\.0-0(t64)?|libcairo2|libpango-1\.0-0|libpangoft2-1\.0-0|libharfbuzz0b|libmagic1(t64)?|libcurl4(t64)?|libssl3(t64)?|libldap2|libsqlite3-0|libzstd1|libfreetype6|liblcms2-2|libopenjp2-7|libtiff6|libwebp7|libpng16-16(t64)?|libyaml-0-2|libsodium23|libzmq5|libgeos-c1(v5|t64))$/;

/**
 * Shared libraries the existing Dockerfile's final stage installs with apt and no dependency accounts
 * for: the app may load them (ctypes, a package's optional backend), so the runtime keeps them.
 */
export function statedRuntimeLibraries(facts: ExistingFacts, covered: string[]): NativeNeed[] {
  const shipped = facts.dockerfiles[0];
  if (!shipped) return [];
  const libraries = shipped.packages.filter((p) => p.manager === 'apt' && p.final && TRIXIE_LIBRARIES.test(p.name) && !covered.includes(p.name));
  return libraries.length ? [{ package: libraries[0].at, build: [], runtime: [...new Set(libraries.map((p) => p.name))], why: 'installs them with apt' }] : [];
}
