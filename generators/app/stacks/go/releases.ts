import { imageRef } from '../../core/images.js';

/** `1.25.6` -> [1, 25, 6]; a missing patch is 0 (rc/beta suffixes are dropped for comparing). */
function parts(version: string): [number, number, number] {
  const [major, minor, patch] = version.replace(/(rc|beta).*$/, '').split('.').map(Number);
  return [major, minor ?? 0, patch ?? 0];
}

export function compareGo(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

const minorOf = (version: string) => parts(version).slice(0, 2).join('.');

/** The Go lines that still get security fixes, from templates/images.Dockerfile (the one place they are kept). */
export const oldestSupportedGo = () => imageRef('go-oldest-supported').tag;
export const newestGo = () => imageRef('go-builder').tag;

export interface BuilderVersion {
  /** The golang image tag. */
  version: string;
  /** Where it comes from, said in the evidence and the notes. */
  why: string;
}

/**
 * The builder tag for a module. A toolchain line names the exact Go the authors build with. A go line
 * is a minimum: an end-of-life one builds on the oldest supported line; `go 1.25` or `go 1.25.0` gets
 * the `golang:1.25` tag, which always carries the newest 1.25 patch; `go 1.25.6` gets `golang:1.25.6`
 * itself, because with GOTOOLCHAIN=local an older 1.25 image (a cached `golang:1.25`) would refuse it.
 */
export function builderVersion(goLine: string | null, toolchain: string | null, file = 'go.mod'): BuilderVersion {
  if (toolchain) return { version: toolchain, why: `${file}: toolchain go${toolchain} names the exact Go to build with` };
  if (!goLine) return { version: newestGo(), why: `no go line: golang:${newestGo()}, the newest supported Go` };
  const oldest = oldestSupportedGo();
  if (compareGo(minorOf(goLine), oldest) < 0) {
    return {
      version: oldest,
      why: `${file}: go ${goLine} is a minimum and Go ${minorOf(goLine)} no longer gets security fixes: building with ${oldest}, the oldest supported Go at or above it`,
    };
  }
  if (parts(goLine)[2] > 0 && !/(rc|beta)/.test(goLine)) {
    return { version: goLine, why: `${file}: go ${goLine} names a patch release, so golang:${goLine} (an older ${minorOf(goLine)} image would refuse it)` };
  }
  return { version: minorOf(goLine), why: `${file}: go ${goLine}: golang:${minorOf(goLine)}, which carries the newest ${minorOf(goLine)} patch` };
}

/** A toolchain line older than every supported Go: kept (the authors chose it) but worth saying. */
export function endOfLifeToolchain(toolchain: string | null): boolean {
  return toolchain !== null && compareGo(minorOf(toolchain), oldestSupportedGo()) < 0;
}
