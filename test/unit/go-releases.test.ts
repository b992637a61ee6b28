import { builderVersion, compareGo, oldestSupportedGo, newestGo } from '../../generators/app/stacks/go/releases.js';

const oldest = oldestSupportedGo();
const [major, minor] = oldest.split('.').map(Number);
const older = `${major}.${minor - 1}`;

describe('builderVersion', () => {
  it('builds an end-of-life go line on the oldest supported Go, and says so', () => {
    expect(builderVersion('1.13', null)).toMatchObject({ version: oldest, why: expect.stringMatching(/no longer gets security fixes.*oldest supported/) });
    expect(builderVersion(`${older}.7`, null).version).toBe(oldest);
  });

  it('uses the minor tag for a supported go line without a patch', () => {
    expect(builderVersion(oldest, null).version).toBe(oldest);
    expect(builderVersion(`${oldest}.0`, null).version).toBe(oldest);
  });

  it('uses the exact tag for a patch-level go line, so GOTOOLCHAIN=local never meets an older image', () => {
    expect(builderVersion(`${oldest}.6`, null).version).toBe(`${oldest}.6`);
  });

  it('lets a toolchain line win, even an old one', () => {
    expect(builderVersion('1.13', '1.22.4').version).toBe('1.22.4');
  });

  it('uses the newest supported Go without a go line', () => {
    expect(builderVersion(null, null).version).toBe(newestGo());
    expect(compareGo(newestGo(), oldest)).toBeGreaterThan(0);
  });
});

describe('compareGo', () => {
  it.each([
    ['1.25', '1.25.6', -1],
    ['1.25.6', '1.25.6', 0],
    ['1.26', '1.25.6', 1],
    ['1.9', '1.13', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareGo(a, b))).toBe(sign);
  });
});
