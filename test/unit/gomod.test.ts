import { parseGoMod, parseGoWork } from '../../generators/app/stacks/go/gomod.js';

describe('parseGoMod', () => {
  it('reads module, go, toolchain and both require forms, ignoring comments', () => {
    const mod = parseGoMod(`// service
module github.com/acme/api // trailing comment

go 1.23.2
toolchain go1.24.4

require github.com/gin-gonic/gin v1.10.0
require (
	github.com/mattn/go-sqlite3 v1.14.22 // indirect
	golang.org/x/text v0.20.0
)
replace golang.org/x/text => ../text
`);
    expect(mod).toEqual({
      module: 'github.com/acme/api',
      go: '1.23.2',
      toolchain: '1.24.4',
      requires: ['github.com/gin-gonic/gin', 'github.com/mattn/go-sqlite3', 'golang.org/x/text'],
    });
  });

  it.each([
    ['module x\nfoo bar\n', /go\.mod:2: "foo bar" is not a go\.mod directive/],
    ['module x\nrequire (\n a v1\n', /block is never closed/],
    ['module x\ngo 1.x\n', /"go 1\.x" is not a Go version/],
    ['module x\ntoolchain 1.24\n', /"toolchain 1\.24" is not a toolchain name/],
    ['go 1.24\n', /no "module" line/],
  ])('rejects %j with a message naming the fix', (text, message) => {
    expect(() => parseGoMod(text)).toThrow(message);
  });
});

describe('parseGoWork', () => {
  it('reads use directives in both forms', () => {
    expect(parseGoWork('go 1.24\nuse ./tools\nuse (\n\t./api\n\t"./lib/"\n\t.\n)\n')).toEqual({
      go: '1.24',
      toolchain: null,
      uses: ['tools', 'api', 'lib', ''],
    });
  });
});
