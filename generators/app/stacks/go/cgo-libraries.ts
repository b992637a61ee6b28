import { cgoConstraintHolds } from './constraints.js';

/**
 * What a cgo package needs from Debian 13 (trixie): the -dev packages the builder must have so it
 * compiles and links, and the shared libraries the binary loads at run time. Each line comes from the
 * package's own `#cgo pkg-config:` / `#cgo LDFLAGS: -l…` / `#include` lines, read in its source; the
 * Debian names are trixie's (the 64-bit time_t transition renamed some: libgpgme11t64, libpcap0.8t64).
 *
 * `runtime: []` means the binary needs glibc only, which distroless base has (it also has libssl,
 * zlib and libzstd). Anything else is missing from distroless, so the image falls back to a Debian
 * slim runtime with those packages installed.
 */
export interface CgoLibrary {
  /** Import path; its sub-packages match too. */
  importPath: string;
  /** What the package compiles or links, for the evidence line. */
  links: string;
  /** Debian packages the build stage installs (headers, .so links, pkg-config files); null: not known. */
  dev: string[] | null;
  /** Debian packages the runtime image needs beyond glibc; null: not known. */
  runtime: string[] | null;
}

export const CGO_LIBRARIES: CgoLibrary[] = [
  // sqlite3-binding.c is compiled into the binary unless the `libsqlite3` build tag is set.
  { importPath: 'github.com/mattn/go-sqlite3', links: 'its bundled SQLite, compiled in', dev: [], runtime: [] },
  // The module ships a static librdkafka for glibc Linux amd64/arm64, used unless `-tags dynamic`.
  { importPath: 'github.com/confluentinc/confluent-kafka-go', links: 'its bundled static librdkafka', dev: [], runtime: [] },
  // `#cgo pkg-config: gpgme`; libgpgme runs the gpg program, which the runtime package depends on.
  { importPath: 'github.com/proglottis/gpgme', links: 'libgpgme (pkg-config gpgme)', dev: ['libgpgme-dev'], runtime: ['libgpgme11t64'] },
  // `#cgo linux LDFLAGS: -lpcap`.
  { importPath: 'github.com/google/gopacket/pcap', links: 'libpcap (-lpcap)', dev: ['libpcap-dev'], runtime: ['libpcap0.8t64'] },
  { importPath: 'github.com/gopacket/gopacket/pcap', links: 'libpcap (-lpcap)', dev: ['libpcap-dev'], runtime: ['libpcap0.8t64'] },
  // `#cgo pkg-config: libvirt`.
  { importPath: 'libvirt.org/go/libvirt', links: 'libvirt (pkg-config libvirt)', dev: ['libvirt-dev'], runtime: ['libvirt0'] },
  // `#cgo !windows pkg-config: libzmq`.
  { importPath: 'github.com/pebbe/zmq4', links: 'libzmq (pkg-config libzmq)', dev: ['libzmq3-dev'], runtime: ['libzmq5'] },
  // `#cgo LDFLAGS: -ldevmapper`.
  { importPath: 'github.com/containers/storage/pkg/devicemapper', links: 'libdevmapper (-ldevmapper)', dev: ['libdevmapper-dev'], runtime: ['libdevmapper1.02.1'] },
  // Includes <btrfs/ioctl.h> and <btrfs/ctree.h> for ioctl structures and links nothing: headers only.
  { importPath: 'github.com/containers/storage/drivers/btrfs', links: 'the btrfs-progs headers only', dev: ['libbtrfs-dev'], runtime: [] },
  { importPath: 'go.podman.io/storage/drivers/btrfs', links: 'the btrfs-progs headers only', dev: ['libbtrfs-dev'], runtime: [] },
  // Bindings that track their C library's release (or build it themselves) more closely than Debian
  // does: which packages fit depends on the binding's version, so the notes ask instead of guessing.
  { importPath: 'gopkg.in/gographics/imagick.v3', links: 'ImageMagick 7 (MagickWand)', dev: null, runtime: null },
  { importPath: 'github.com/linxGnu/grocksdb', links: 'RocksDB', dev: null, runtime: null },
  { importPath: 'github.com/tecbot/gorocksdb', links: 'RocksDB', dev: null, runtime: null },
];

/** Wrappers that look pure but import a cgo package: gorm's sqlite drivers pull in go-sqlite3. */
export const CGO_WRAPPERS: Array<[string, string]> = [
  ['gorm.io/driver/sqlite', 'github.com/mattn/go-sqlite3'],
  ['github.com/jinzhu/gorm/dialects/sqlite', 'github.com/mattn/go-sqlite3'],
];

const under = (importPath: string, prefix: string) => importPath === prefix || importPath.startsWith(`${prefix}/`);

/** The table's line for an import path (through a wrapper when it is one), or undefined. */
export function cgoLibrary(importPath: string): { library: CgoLibrary; via: string | null } | undefined {
  const wrapper = CGO_WRAPPERS.find(([prefix]) => under(importPath, prefix));
  const target = wrapper?.[1] ?? importPath;
  const library = CGO_LIBRARIES.find((line) => under(target, line.importPath));
  return library ? { library, via: wrapper ? target : null } : undefined;
}

/**
 * Libraries the repository's own cgo code names in `#cgo LDFLAGS: -lNAME` or `#cgo pkg-config: NAME`
 * lines, by that name. glibc's own parts (-lm, -ldl, -lpthread, -lrt) need nothing; zlib and OpenSSL
 * are in distroless base, so only their headers are installed.
 */
const LINKED: Record<string, Pick<CgoLibrary, 'dev' | 'runtime'>> = {
  m: { dev: [], runtime: [] },
  dl: { dev: [], runtime: [] },
  pthread: { dev: [], runtime: [] },
  rt: { dev: [], runtime: [] },
  z: { dev: ['zlib1g-dev'], runtime: [] },
  zlib: { dev: ['zlib1g-dev'], runtime: [] },
  ssl: { dev: ['libssl-dev'], runtime: [] },
  crypto: { dev: ['libssl-dev'], runtime: [] },
  openssl: { dev: ['libssl-dev'], runtime: [] },
  yaml: { dev: ['libyaml-dev'], runtime: ['libyaml-0-2'] },
  'yaml-0.1': { dev: ['libyaml-dev'], runtime: ['libyaml-0-2'] },
  sqlite3: { dev: ['libsqlite3-dev'], runtime: ['libsqlite3-0'] },
  gpgme: { dev: ['libgpgme-dev'], runtime: ['libgpgme11t64'] },
  pcap: { dev: ['libpcap-dev'], runtime: ['libpcap0.8t64'] },
  zmq: { dev: ['libzmq3-dev'], runtime: ['libzmq5'] },
  libzmq: { dev: ['libzmq3-dev'], runtime: ['libzmq5'] },
};

/** The libraries one file's cgo preamble links, each with its packages (null when the table does not know it). */
export function linkedLibraries(text: string): Array<{ name: string; dev: string[] | null; runtime: string[] | null }> {
  const names = new Set<string>();
  // `#cgo [constraints] LDFLAGS: -lfoo -L/x` and `#cgo [constraints] pkg-config: foo bar`, in // or /* */ comments.
  for (const line of text.matchAll(/^\s*(?:\/\/\s*)?#cgo\s+([^:\n]*?)\s*(LDFLAGS|pkg-config):(.*)$/gm)) {
    // Flags for another OS (`#cgo windows LDFLAGS:`) do not apply to the Linux image.
    if (!cgoConstraintHolds(line[1])) continue;
    const words = line[3].trim().split(/\s+/).filter(Boolean);
    if (line[2] === 'LDFLAGS') words.filter((word) => word.startsWith('-l')).forEach((word) => names.add(word.slice(2)));
    else words.filter((word) => !word.startsWith('-')).forEach((word) => names.add(word));
  }
  return [...names].map((name) => ({ name, ...(LINKED[name] ?? { dev: null, runtime: null }) }));
}
