import { tailorIgnore } from '../../generators/app/core/dockerignore.js';

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
