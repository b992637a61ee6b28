import { buildsForImage } from '../../generators/app/stacks/go/constraints.js';

describe('buildsForImage', () => {
  it.each([
    ['cpu_aix.go', 'package collector\n', false],
    ['net_darwin.go', 'package collector\n', false],
    ['net_linux.go', 'package collector\n', true],
    ['asm_linux_s390x.go', 'package x\n', false],
    ['asm_linux_arm64.go', 'package x\n', true],
    ['fs_unix.go', 'package x\n', true],
    ['x.go', '//go:build darwin && !nofilesystem\n\npackage x\n', false],
    ['x.go', '//go:build linux || freebsd\n\npackage x\n', true],
    ['x.go', '//go:build !windows\n\npackage x\n', true],
    ['x.go', '//go:build ignore\n\npackage main\n', false],
    ['x.go', '//go:build (linux && cgo) || darwin\n\npackage x\n', true],
    ['x.go', '//go:build custom_tag\n\npackage x\n', false],
    ['x.go', '// +build linux,amd64 darwin\n\npackage x\n', true],
    ['x.go', '// +build !linux\n\npackage x\n', false],
    ['x.go', 'package x\n\n//go:build windows is only a header line\n', true],
  ])('%s %j -> %s', (file, text, expected) => {
    expect(buildsForImage(file, text)).toBe(expected);
  });
});
