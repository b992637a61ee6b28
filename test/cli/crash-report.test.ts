import path from 'node:path';
import MultistageGenerator from '../../generators/app/index.js';
import { runCliInProcess } from '../support/in-process.js';
import { repoRoot } from '../support/fixtures.js';

/** The generator with a bug planted in its first step: what the command line prints for an error that is not a UserError. */
class Broken extends MultistageGenerator {
  override async initializing() {
    throw new TypeError('Invalid Version: 3.6');
  }
}
const broken = { generator: Broken, resolved: path.join(repoRoot, 'test', 'cli', 'broken-generator') };

describe('an unexpected error (a bug)', () => {
  const debug = process.env.DEBUG;
  afterEach(() => {
    if (debug === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = debug;
  });

  it('prints one paragraph asking for a report with the command line, no stack trace, exit 1', async () => {
    delete process.env.DEBUG;
    const result = await runCliInProcess(['--yes', '--path', '/some/project'], broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'generator-multistage: internal error (TypeError: Invalid Version: 3.6). This is a bug in generator-multistage, not in your project: ' +
        'please report it with the command line (generator-multistage --yes --path /some/project) and this message. ' +
        'Run it again with DEBUG=multistage to see where it happened.\n',
    );
  });

  it('adds the stack trace with DEBUG=multistage', async () => {
    process.env.DEBUG = 'multistage';
    const result = await runCliInProcess(['--yes'], broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^generator-multistage: internal error \(TypeError: Invalid Version: 3\.6\)/);
    expect(result.stderr).toMatch(/\n\s+at Broken\.initializing /);
  });
});
