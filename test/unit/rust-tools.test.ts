import { buildTools } from '../../generators/app/stacks/rust/tools.js';

const config = (text: string) => ({ file: '.cargo/config.toml', text });

describe('Rust build tools', () => {
  it('installs what build-script crates in Cargo.lock run', () => {
    expect(buildTools(new Set(['bindgen', 'cmake', 'serde']), null).map((tool) => tool.packages)).toEqual([['libclang-dev'], ['cmake', 'g++']]);
  });

  it('leaves protoc out when the lock vendors one', () => {
    expect(buildTools(new Set(['prost-build']), null).map((tool) => tool.packages)).toEqual([['protobuf-compiler']]);
    expect(buildTools(new Set(['prost-build', 'protoc-bin-vendored']), null)).toEqual([]);
  });

  it('installs the linker .cargo/config.toml names for a Linux glibc target, and only for those', () => {
    const tools = buildTools(null, config('[target.x86_64-unknown-linux-gnu]\nlinker = "clang"\nrustflags = ["-C", "link-arg=-fuse-ld=lld"]\n\n[target.x86_64-pc-windows-msvc]\nlinker = "lld-link"\n'));
    expect(tools.map((tool) => [tool.packages, tool.glibcOnly])).toEqual([[['clang'], true], [['lld'], true]]);
    expect(tools[0].evidence).toBe('.cargo/config.toml: links x86_64-unknown-linux-gnu with clang: the builder installs clang');
    expect(buildTools(null, config('[target.x86_64-unknown-linux-gnu]\nlinker = "/usr/bin/gcc"\n'))).toEqual([]);
    expect(buildTools(null, config('[build]\ntarget-dir = "out"\n'))).toEqual([]);
  });

  it('names a cargo config that is not TOML, with the fix', () => {
    expect(() => buildTools(null, config('[target\n'))).toThrow(/^\.cargo\/config\.toml:1:\d+: not valid TOML\. Fix:/);
  });
});
