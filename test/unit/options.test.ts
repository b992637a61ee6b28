import { CLI_OPTIONS, refuseUnknownFlags } from '../../generators/app/options.js';

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
