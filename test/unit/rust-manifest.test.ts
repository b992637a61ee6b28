import { notForLinux } from '../../generators/app/stacks/rust/manifest.js';

describe('Rust manifest target tables', () => {
  it.each([
    ['cfg(windows)', true], ['cfg(target_os = "macos")', true], ['x86_64-pc-windows-msvc', true], ['cfg(target_family = "wasm")', true],
    ['cfg(unix)', false], ['cfg(not(windows))', false], ['cfg(target_os = "linux")', false], ['x86_64-unknown-linux-gnu', false],
    ['cfg(any(windows, unix))', false], ['cfg(all(unix, not(target_os = "macos")))', false],
  ])('tells a target table a Linux build never reads: %s', (key, expected) => {
    expect(notForLinux(key)).toBe(expected);
  });
});
