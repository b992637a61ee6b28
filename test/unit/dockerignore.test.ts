import { allowOnly, readByBuild, tailorIgnore } from '../../generators/app/core/dockerignore.js';

describe('tailorIgnore', () => {
  const sections = [
    { why: 'docs', patterns: ['docs', '**/*.md'] },
    { why: 'secrets', patterns: ['**/.env'] },
  ];

  it('keeps every pattern when the build needs none of the matching files', () => {
    expect(tailorIgnore(sections, ['main.go', 'go.mod'])).toEqual({ sections, dropped: [] });
  });

  it('drops a pattern that would hide a file the build needs, and says which', () => {
    const result = tailorIgnore(sections, ['main.go', 'docs/docs.go', 'templates/page.md']);
    expect(result.sections).toEqual([{ why: 'secrets', patterns: ['**/.env'] }]);
    expect(result.dropped).toEqual(['docs (the build needs docs/docs.go)', '**/*.md (the build needs templates/page.md)']);
  });

  it('reads "./" paths as relative ones and passes over paths no pattern can hide (".", absolute, "../")', () => {
    const result = tailorIgnore(sections, ['./docs/docs.go', '.', '/', '../../etc', '/abs/x.md']);
    expect(result.sections).toEqual([{ why: 'docs', patterns: ['**/*.md'] }, { why: 'secrets', patterns: ['**/.env'] }]);
    expect(result.dropped).toEqual(['docs (the build needs docs/docs.go)']);
  });
});

describe('readByBuild', () => {
  it('takes a file the build names, or anything inside a folder it reads', () => {
    const reads = readByBuild(['pom.xml', 'orders']);
    expect(['pom.xml', 'orders/pom.xml', 'orders/src/A.java'].every(reads)).toBe(true);
    expect(['inventory/src/B.java', 'ordersx/a', 'docs/guide.md'].some(reads)).toBe(false);
  });

  it('takes everything when the build reads its whole context', () => {
    expect(readByBuild(['.'])('docs/guide.md')).toBe(true);
  });
});

describe('allowOnly', () => {
  const deny = [{ why: 'secrets', patterns: ['**/.env'] }];

  it('leaves everything out, lets back in what the build reads, then denies again inside it', () => {
    const sections = allowOnly(['pom.xml', 'orders/pom.xml', 'orders', 'common', 'inventory/pom.xml'], deny);
    expect(sections[0].patterns).toEqual(['*', '!common', '!inventory/pom.xml', '!orders', '!pom.xml']);
    expect(sections.slice(1)).toEqual(deny);
  });
});

describe('allowOnly with reads the deny patterns take out', () => {
  it('does not let in a file only to leave it out again', () => {
    const sections = allowOnly(['package.json', '.gitignore', 'README.md', 'packages/api'], [{ why: 'vcs', patterns: ['.gitignore'] }, { why: 'docs', patterns: ['**/*.md'] }]);
    expect(sections[0].patterns).toEqual(['*', '!package.json', '!packages/api']);
  });
});
