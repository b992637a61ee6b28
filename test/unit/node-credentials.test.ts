import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Repo } from '../../generators/app/core/repo.js';
import { UserError } from '../../generators/app/core/errors.js';
import { nodeCredentials } from '../../generators/app/stacks/node/credentials.js';
import { planNodeProject as planNode } from '../../generators/app/stacks/node/plan.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { emptyDir } from '../support/fixtures.js';

function project(files: Record<string, string>): Repo {
  const dir = emptyDir('node-credentials');
  const all = { 'package.json': JSON.stringify({ name: 'app', scripts: { start: 'node index.js' }, dependencies: { '@acme/util': '1.0.0' } }), 'index.js': '', ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const credentials = (files: Record<string, string>) => {
  const evidence: string[] = [];
  return { secrets: nodeCredentials(project(files), evidence), evidence: evidence.join('\n') };
};

describe('Node registry credentials', () => {
  it('mounts an .npmrc that holds a token as npm\'s user config, and never copies it', () => {
    const { secrets, evidence } = credentials({ '.npmrc': '@acme:registry=https://npm.acme.example/\n//npm.acme.example/:_authToken=npm_abc123\n' });
    expect(secrets).toEqual([expect.objectContaining({ id: 'npmrc', target: '/root/.npmrc', source: { file: '.npmrc' }, required: true, credentialFiles: ['.npmrc'] })]);
    expect(evidence).toMatch(/^\.npmrc: \/\/npm\.acme\.example\/:_authToken holds a credential/);
    const repo = project({ '.npmrc': '//npm.acme.example/:_auth=dXNlcjpwYXNz\n', 'package-lock.json': '{"lockfileVersion":3,"packages":{"":{}}}' });
    const plan = planNode(detectNode(repo)!, {}, repo);
    expect(plan.context.manifestFiles).not.toContain('.npmrc');
    expect((plan.context.mounts as string[]).at(-1)).toBe('type=secret,id=npmrc,target=/root/.npmrc,required=true');
    expect((plan.ignoreSections as Array<{ patterns: string[] }>).flatMap((section) => section.patterns)).toContain('.npmrc');
  });

  it('reads a ${VAR} token from a secret into the variable, and copies the .npmrc that only names it', () => {
    const repo = project({ '.npmrc': '@acme:registry=https://npm.acme.example/\n//npm.acme.example/:_authToken=${NPM_TOKEN}\n', 'package-lock.json': '{"lockfileVersion":3,"packages":{"":{}}}' });
    const detection = detectNode(repo)!;
    expect(detection.secrets).toEqual([expect.objectContaining({ id: 'NPM_TOKEN', target: null, env: 'NPM_TOKEN', source: { env: 'NPM_TOKEN' }, credentialFiles: [] })]);
    const plan = planNode(detection, {}, repo);
    expect(plan.context.manifestFiles).toContain('.npmrc');
    expect(plan.context.prodInstall).toBe('NPM_TOKEN="$(cat /run/secrets/NPM_TOKEN)" npm ci --omit=dev');
    expect(plan.notes.join('\n')).toContain('docker build --secret id=NPM_TOKEN,env=NPM_TOKEN .');
  });

  it('offers the developer\'s own ~/.npmrc, optionally, for a private registry the project names without a token', () => {
    const { secrets, evidence } = credentials({ '.npmrc': '@acme:registry=https://npm.acme.example/\nsave-exact=true\n' });
    expect(secrets).toEqual([expect.objectContaining({ id: 'npmrc', source: { file: '$HOME/.npmrc' }, required: false, credentialFiles: [] })]);
    expect(evidence).toContain('@acme:registry npm.acme.example is not the public registry');
  });

  it('needs no secret for the public registry or settings alone', () => {
    expect(credentials({ '.npmrc': 'registry=https://registry.npmjs.org/\nengine-strict=true\n' }).secrets).toEqual([]);
    expect(credentials({}).secrets).toEqual([]);
  });

  it('refuses a token written in .yarnrc.yml, which the build copies, naming the fix', () => {
    expect(() => credentials({ '.yarnrc.yml': 'nodeLinker: node-modules\nnpmAuthToken: npm_abc123\n' })).toThrow(UserError);
    expect(() => credentials({ '.yarnrc.yml': 'npmAuthToken: npm_abc123\n' })).toThrow(/\.yarnrc\.yml: npmAuthToken holds a credential.*Fix: write `npmAuthToken: "\$\{NPM_AUTH_TOKEN:-\}"`/);
  });

  it('takes a ${VAR} token of .yarnrc.yml from a secret', () => {
    const { secrets, evidence } = credentials({ '.yarnrc.yml': 'npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.example"\n    npmAuthToken: "${NPM_AUTH_TOKEN:-}"\n' });
    expect(secrets.map((secret) => secret.id)).toEqual(['NPM_AUTH_TOKEN']);
    expect(evidence).not.toContain('warning');
  });
});
