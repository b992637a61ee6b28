import { admitsMinor, minorOf, parseConstraint, PYTHON_MINORS } from '../../generators/app/stacks/python/specifier.js';

const admitted = (text: string) => PYTHON_MINORS.filter((minor) => admitsMinor(parseConstraint(text, 'test'), minor));

describe('Python version constraints', () => {
  it.each([
    ['>=3.11,<3.13', ['3.11', '3.12']],
    ['~=3.12', ['3.12', '3.13', '3.14']],
    ['~=3.12.1', ['3.12']],
    ['==3.12.*', ['3.12']],
    ['!=3.12.*,>=3.11', ['3.11', '3.13', '3.14']],
    ['>=3.11.4', ['3.11', '3.12', '3.13', '3.14']],
    ['<3.13', ['3.9', '3.10', '3.11', '3.12']],
    ['<=3.12', ['3.9', '3.10', '3.11', '3.12']],
    ['^3.11', ['3.11', '3.12', '3.13', '3.14']],
    ['~3.11', ['3.11']],
    ['>=3.9 <3.11', ['3.9', '3.10']],
    ['>=3.13 || ~3.10', ['3.10', '3.13', '3.14']],
    ['3.12', ['3.12']],
    ['*', PYTHON_MINORS],
  ])('%s admits %j', (text, minors) => {
    expect(admitted(text)).toEqual(minors);
  });

  it('refuses text that is no constraint, naming where it came from', () => {
    expect(() => parseConstraint('banana', 'pyproject.toml requires-python')).toThrow(
      /pyproject\.toml requires-python: "banana" is not a Python version constraint.*Fix: write it like ">=3\.11"/,
    );
    expect(() => parseConstraint('~=3', 'x')).toThrow(/not a Python version constraint/);
  });

  it('reduces a version to its minor line', () => {
    expect(minorOf('3.12.4')).toBe('3.12');
    expect(minorOf('3.13')).toBe('3.13');
    expect(minorOf('pypy3.10')).toBeNull();
    expect(minorOf('3.13t')).toBeNull();
  });
});
