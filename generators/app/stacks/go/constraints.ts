/**
 * Whether a file is compiled for the image: linux on amd64 or arm64, with cgo available and no custom
 * build tags. The go tool skips a file whose name ends in another OS or architecture (`_darwin.go`) or
 * whose `//go:build` line is false, so an `import "C"` or a listener in such a file says nothing about
 * the Linux binary.
 */

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le',
  'riscv64', 's390x', 'wasm', 'sparc64',
]);
const IMAGE_ARCHES = ['amd64', 'arm64'];

/** Tags true for the image; `goX.Y` release tags are all true (the builder is recent). */
function tagHolds(tag: string, arch: string): boolean {
  if (/^go1\.\d+$/.test(tag)) return true;
  return tag === 'linux' || tag === 'unix' || tag === 'cgo' || tag === 'gc' || tag === arch;
}

/** Evaluates a `//go:build` expression (`&&`, `||`, `!`, parentheses). */
function evaluate(expression: string, arch: string): boolean {
  const tokens = expression.match(/&&|\|\||!|\(|\)|[\w.]+/g) ?? [];
  let at = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === '||') { at++; value = and() || value; }
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (tokens[at] === '&&') { at++; value = not() && value; }
    return value;
  };
  const not = (): boolean => {
    if (tokens[at] === '!') { at++; return !not(); }
    if (tokens[at] === '(') { at++; const value = or(); at++; return value; }
    return tagHolds(tokens[at++] ?? '', arch);
  };
  return or();
}

/** Old `// +build a,b c` lines: space is OR, comma is AND, lines AND together. */
function evaluatePlusBuild(lines: string[], arch: string): boolean {
  return lines.every((line) =>
    line.trim().split(/\s+/).some((term) =>
      term.split(',').every((tag) => (tag.startsWith('!') ? !tagHolds(tag.slice(1), arch) : tagHolds(tag, arch))),
    ),
  );
}

function nameHolds(file: string, arch: string): boolean {
  const parts = file.split('/').pop()!.replace(/\.go$/, '').split('_').slice(1);
  const last = parts.at(-1);
  const before = parts.at(-2);
  if (last && KNOWN_ARCH.has(last)) {
    if (last !== arch) return false;
    return !(before && KNOWN_OS.has(before) && before !== 'linux');
  }
  // `_unix.go` is not a filename constraint (only real GOOS values are); its //go:build line says unix.
  return !(last && KNOWN_OS.has(last) && last !== 'linux');
}

/** The constraint lines sit in the header, before the package clause. */
function header(text: string): string {
  const end = text.search(/^package\s/m);
  return end < 0 ? text : text.slice(0, end);
}

export function buildsForImage(file: string, text: string): boolean {
  const head = header(text);
  const goBuild = /^\/\/go:build\s+(.+)$/m.exec(head)?.[1];
  const plusBuild = [...head.matchAll(/^\/\/\s*\+build\s+(.+)$/gm)].map((m) => m[1]);
  return IMAGE_ARCHES.some((arch) => {
    if (!nameHolds(file, arch)) return false;
    if (goBuild) return evaluate(goBuild, arch);
    return plusBuild.length === 0 || evaluatePlusBuild(plusBuild, arch);
  });
}

/** A `#cgo` line's constraint (`linux,amd64 !windows`: the `// +build` syntax), for the image. */
export function cgoConstraintHolds(constraint: string): boolean {
  return !constraint.trim() || IMAGE_ARCHES.some((arch) => evaluatePlusBuild([constraint], arch));
}
