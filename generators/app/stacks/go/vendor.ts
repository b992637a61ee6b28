import { readdirSync } from 'node:fs';
import type { Repo } from '../../core/repo.js';

export interface VendorState {
  /** vendor/modules.txt exists: it lists the packages a build compiles (read for cgo). */
  listed: boolean;
  /** The packages modules.txt lists, parsed once for every main package's cgo check. */
  packages: string[];
  /** Every listed package has its .go files: the build can use -mod=vendor and download nothing. */
  usable: boolean;
  evidence: string | null;
}

/**
 * A vendor folder made on a case-insensitive filesystem can hold `Unknwon/com` where modules.txt says
 * `unknwon/com`: on Linux that package is missing and `-mod=vendor` fails ("cannot find module providing
 * package"). Such a folder is not used: the build downloads the modules go.sum pins instead.
 */
export function readVendor(repo: Repo): VendorState {
  const text = repo.readIfExists('vendor/modules.txt');
  if (text === null) return { listed: false, usable: false, packages: [], evidence: null };
  const packages = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const missing = packages.find((pkg) => !hasGoFiles(repo.abs(`vendor/${pkg}`)));
  if (missing) {
    return {
      listed: true,
      usable: false,
      packages,
      evidence: `vendor/modules.txt: lists ${missing}, but vendor/${missing} has no .go files (a folder named in another letter case?), so the vendor folder is incomplete: the build downloads modules with -mod=mod instead; \`go mod vendor\` on Linux repairs it`,
    };
  }
  return { listed: true, usable: true, packages, evidence: 'vendor/modules.txt: dependencies are vendored, build with -mod=vendor and no download' };
}

function hasGoFiles(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => name.endsWith('.go'));
  } catch {
    return false;
  }
}
