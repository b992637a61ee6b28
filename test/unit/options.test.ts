import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { fixturesDir } from '../support/fixtures.js';
import { CLI_OPTIONS, refuseUnknownFlags } from '../../generators/app/options.js';
import { detectStack, stacks } from '../../generators/app/stacks/registry.js';

/** CLI_OPTIONS plus what yeoman-generator declares for every generator. */
const declared = [
  ...CLI_OPTIONS,
  { name: 'help', alias: 'h', type: Boolean },
  { name: 'skip-cache', type: Boolean },
  { name: 'skip-install', type: Boolean },
  { name: 'force-install', type: Boolean },
  { name: 'ask-answered', type: Boolean },
];
const check = (...words: string[]) => () => refuseUnknownFlags(words, declared);

describe('refuseUnknownFlags', () => {
  it('accepts every declared option in each form minimist reads', () => {
    expect(check('--yes', '--port', '8080', '--runtime=scratch', '--no-build', '-yf', '--skip-install', '--detect', 'true', '--main', '', '--', 'anything')).not.toThrow();
  });

  it('names the closest option for a typo, a transposition and a prefix', () => {
    expect(check('--yse')).toThrow('unknown option --yse. Did you mean --yes?');
    expect(check('--bulid-tool', 'maven')).toThrow('Did you mean --build-tool?');
    expect(check('--work=packages/api')).toThrow('unknown option --work. Did you mean --workspace?');
  });

  it('guesses nothing when no option is close', () => {
    expect(check('--bogus')).toThrow(/^unknown option --bogus\. Fix:/);
  });

  it('refuses a negated text option, an unknown short flag and a stray word', () => {
    expect(check('--no-port')).toThrow('unknown option --no-port. Did you mean --port?');
    expect(check('-yz')).toThrow('unknown option -z.');
    expect(check('--yes', 'scratch')).toThrow('unexpected argument "scratch"');
  });

  it('refuses a text option without its value, and one given twice', () => {
    expect(check('--port')).toThrow('--port needs a value');
    expect(check('--port', '-1')).toThrow('--port needs a value. Fix: --port VALUE (one that starts with "-" as --port=VALUE)');
    expect(check('-1')).toThrow('unknown option -1.');
    expect(check('--path', 'a', '--path=b')).toThrow('--path is given twice ("a" and "b")');
  });
});

describe('CLI_OPTIONS from the stacks', () => {
  it('declares the flag of every question each stack asks for its fixtures, with the stack named in its help', () => {
    const names = new Set(CLI_OPTIONS.map((option) => option.name));
    for (const stack of stacks) {
      for (const flag of stack.flags ?? []) expect(CLI_OPTIONS.find((option) => option.name === flag.name)!.description).toContain(`${stack.title}: ${flag.help}`);
    }
    const asked = readdirSync(fixturesDir).flatMap((fixture) => {
      const repo = Repo.open(path.join(fixturesDir, fixture));
      const found = detectStack(repo);
      return found ? found.stack.questions(found.detection, {}).map((question) => ({ fixture, flag: question.flag })) : [];
    });
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter(({ flag }) => !names.has(flag))).toEqual([]);
  });

  it('lists every registered stack for --stack and its runtimes for --runtime', () => {
    const help = (name: string) => CLI_OPTIONS.find((option) => option.name === name)!.description;
    for (const stack of stacks) {
      expect(help('stack')).toContain(stack.id);
      expect(help('runtime')).toContain(`${stack.title}: `);
    }
  });
});
