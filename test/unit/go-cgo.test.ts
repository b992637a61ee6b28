import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { CGO_LIBRARIES, cgoLibrary, linkedLibraries } from '../../generators/app/stacks/go/cgo-libraries.js';
import { detectGo } from '../../generators/app/stacks/go/detect.js';
import { goStack } from '../../generators/app/stacks/go/index.js';
import type { Answers } from '../../generators/app/stacks/types.js';
import { copyFixture, fixturePath } from '../support/fixtures.js';

const planFor = (dir: string, answers: Answers = {}) => {
  const repo = Repo.open(dir);
  return goStack.plan(goStack.detect(repo)!, answers, repo);
};

/** go-vendor with a modules.txt that lists these packages besides its own. */
function vendoredWith(...packages: string[]): string {
  const dir = copyFixture('go-vendor');
  const lines = packages.flatMap((pkg) => [`# ${pkg} v1.0.0`, pkg]);
  writeFileSync(path.join(dir, 'vendor/modules.txt'), ['# example.org/greet v1.0.0', 'example.org/greet', ...lines, ''].join('\n'));
  return dir;
}

describe('the cgo library table', () => {
  it('matches sub-packages and wrappers, and nothing that only shares a prefix', () => {
    expect(cgoLibrary('github.com/proglottis/gpgme')?.library.runtime).toEqual(['libgpgme11t64']);
    expect(cgoLibrary('github.com/google/gopacket/pcap')?.library.dev).toEqual(['libpcap-dev']);
    expect(cgoLibrary('github.com/google/gopacket/layers')).toBeUndefined();
    expect(cgoLibrary('gorm.io/driver/sqlite')).toMatchObject({ via: 'github.com/mattn/go-sqlite3', library: { runtime: [] } });
    expect(cgoLibrary('github.com/mattn/go-sqlite3x')).toBeUndefined();
  });

  it('names Debian packages, never empty strings, and no import path twice', () => {
    const paths = CGO_LIBRARIES.map((line) => line.importPath);
    expect(new Set(paths).size).toBe(paths.length);
    for (const line of CGO_LIBRARIES) {
      for (const pkg of [...(line.dev ?? []), ...(line.runtime ?? [])]) expect(pkg).toMatch(/^[a-z0-9][a-z0-9.+-]+$/);
    }
  });

  it('reads -l and pkg-config names from a cgo preamble, skipping other operating systems', () => {
    const text = '/*\n#cgo LDFLAGS: -L/opt/lib -lyaml -lm\n#cgo windows LDFLAGS: -lws2_32\n#cgo linux pkg-config: gpgme\n#cgo LDFLAGS: -lfrobnicate\n#cgo arm64 LDFLAGS: -lz\n#cgo darwin,arm64 LDFLAGS: -lobjc\n*/\nimport "C"\n';
    expect(linkedLibraries(text)).toEqual([
      { name: 'yaml', dev: ['libyaml-dev'], runtime: ['libyaml-0-2'] },
      { name: 'm', dev: [], runtime: [] },
      { name: 'gpgme', dev: ['libgpgme-dev'], runtime: ['libgpgme11t64'] },
      { name: 'frobnicate', dev: null, runtime: null },
      { name: 'z', dev: ['zlib1g-dev'], runtime: [] },
    ]);
  });
});

describe('cgo packages in detection and the plan', () => {
  it('keeps distroless base when the cgo code needs glibc only (SQLite is compiled in)', () => {
    const result = planFor(vendoredWith('github.com/mattn/go-sqlite3'));
    expect(result.runtimeImage).toMatch(/^gcr\.io\/distroless\/base-debian13/);
    expect(result.context).toMatchObject({ cgo: true, cgoDevPackages: [], runtimeLibraries: [] });
  });

  it('falls back to Debian slim with the runtime library when one vendored package links a library distroless lacks', () => {
    const dir = vendoredWith('github.com/mattn/go-sqlite3', 'github.com/proglottis/gpgme', 'go.podman.io/storage/drivers/btrfs');
    const detection = detectGo(Repo.open(dir))!;
    expect(detection.evidence).toContain(
      'vendor/modules.txt: the build compiles github.com/proglottis/gpgme (cgo; libgpgme (pkg-config gpgme)): builds with libgpgme-dev, runs with libgpgme11t64, which distroless lacks',
    );
    const result = planFor(dir);
    expect(result.runtimeImage).toBe('debian:trixie-slim');
    // btrfs needs its headers to build and nothing at run time.
    expect(result.context).toMatchObject({ cgoDevPackages: ['libgpgme-dev', 'libbtrfs-dev'], runtimeLibraries: ['libgpgme11t64'] });
    expect(result.notes.join('\n')).toMatch(/libgpgme11t64 installed by apt, not distroless.*has a shell and apt/);
    expect(() => planFor(dir, { runtime: 'scratch' })).toThrow(/uses cgo/);
  });

  it('installs what the repository\'s own import "C" links, and warns about a library it does not know', () => {
    const yaml = planFor(fixturePath('go-cgo-yaml'));
    expect(yaml.context).toMatchObject({ cgoDevPackages: ['libyaml-dev'], runtimeLibraries: ['libyaml-0-2'] });
    const dir = copyFixture('go-cgo');
    writeFileSync(path.join(dir, 'main.go'), 'package main\n\n// #cgo LDFLAGS: -lfrobnicate\nimport "C"\n\nfunc main() {}\n');
    const unknown = planFor(dir);
    expect(unknown.runtimeImage).toMatch(/base-debian13/);
    expect(unknown.notes.join('\n')).toMatch(/Warning: cgo links frobnicate, whose Debian packages the generator does not know/);
  });

  it('offers the fallback as the runtime choice and says why', () => {
    const repo = Repo.open(fixturePath('go-cgo-yaml'));
    const runtime = goStack.questions(goStack.detect(repo)!, {}).find((question) => question.name === 'runtime')!;
    expect(runtime.choices).toEqual([{ value: 'distroless', name: 'debian:trixie-slim with libyaml-0-2: no distroless image has it (has a shell)' }]);
  });
});
