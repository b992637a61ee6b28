import type { Repo } from '../../core/repo.js';
import { usesCgo, type GoSource } from './sources.js';

/**
 * Packages that only build with cgo, and the pure-looking wrappers that import them (gorm's sqlite
 * drivers pull in mattn/go-sqlite3). Pure-Go drivers (modernc.org/sqlite, glebarez/sqlite) are not here.
 */
const CGO_PACKAGES: Array<[string, string]> = [
  ['github.com/mattn/go-sqlite3', 'needs cgo'],
  ['gorm.io/driver/sqlite', 'imports github.com/mattn/go-sqlite3'],
  ['github.com/jinzhu/gorm/dialects/sqlite', 'imports github.com/mattn/go-sqlite3'],
  ['github.com/confluentinc/confluent-kafka-go', 'needs cgo (librdkafka)'],
  ['gopkg.in/gographics/imagick.v3', 'needs cgo (ImageMagick)'],
  ['github.com/linxGnu/grocksdb', 'needs cgo (RocksDB)'],
  ['github.com/tecbot/gorocksdb', 'needs cgo (RocksDB)'],
  ['github.com/google/gopacket/pcap', 'needs cgo (libpcap)'],
  ['github.com/proglottis/gpgme', 'needs cgo (libgpgme)'],
];

const cgoPackage = (importPath: string) =>
  CGO_PACKAGES.find(([prefix]) => importPath === prefix || importPath.startsWith(`${prefix}/`));

/**
 * Why the main package needs cgo ("file: why"), or null. Only what its import graph compiles counts:
 * an `// indirect` cgo module in go.mod that no package imports does not. With vendor/, modules.txt
 * lists exactly the packages the module's build uses, including what dependencies import.
 */
export function cgoReason(reachable: GoSource[], external: Set<string>, repo: Repo, vendored: boolean): string | null {
  const own = usesCgo(reachable);
  if (own) return `${own.file}: import "C" (cgo), so the binary needs glibc at run time`;
  for (const imported of external) {
    const known = cgoPackage(imported);
    if (known) return `${reachable.find((s) => s.imports.includes(imported))?.file ?? '*.go'}: imports ${imported}, which ${known[1]}: cgo, glibc at run time`;
  }
  if (vendored) {
    const packages = (repo.readIfExists('vendor/modules.txt') ?? '').split(/\r?\n/).filter((line) => line && !line.startsWith('#'));
    for (const pkg of packages) {
      const known = cgoPackage(pkg);
      if (known) return `vendor/modules.txt: the build compiles ${pkg}, which ${known[1]}: cgo, glibc at run time`;
    }
  }
  return null;
}
