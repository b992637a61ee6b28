import { templateData } from '../../generators/app/core/render.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { templatesDir } from '../../generators/app/core/paths.js';
import { Repo } from '../../generators/app/core/repo.js';
import { detectNode } from '../../generators/app/stacks/node/detect.js';
import { planNodeProject as planNode } from '../../generators/app/stacks/node/plan.js';
import { detectThreeTier } from '../../generators/app/stacks/three-tier/detect.js';
import { planThreeTier } from '../../generators/app/stacks/three-tier/plan.js';
import { copyFixture, emptyDir, fixturePath } from '../support/fixtures.js';

/** Writes files (path -> text) into a fresh folder and opens it. */
function project(label: string, files: Record<string, string>): Repo {
  const dir = emptyDir(label);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return Repo.open(dir);
}

const LOCK = JSON.stringify({ lockfileVersion: 3, packages: { '': {} } });
const reactPackage = (scripts: Record<string, string>, bundler = 'webpack') => JSON.stringify({ name: 'ui', scripts, dependencies: { react: '^18.3.1' }, devDependencies: { [bundler]: '^5.0.0' } });

describe('Node SPA recognition: a React app bundled from a build* script', () => {
  it('prefers `build`, then build:prod, over other build* scripts, and names the script in the evidence', () => {
    const both = detectNode(project('spa-both', { 'package.json': reactPackage({ 'build:dev': 'webpack', 'build:prod': 'webpack --mode production', build: 'webpack --mode production' }), 'package-lock.json': LOCK }))!;
    expect(both).toMatchObject({ kind: 'spa', framework: 'webpack', buildScript: 'build', buildOutput: 'dist' });
    const prod = detectNode(project('spa-prod', { 'package.json': reactPackage({ 'build:dev': 'webpack', 'build:prod': 'webpack --mode production' }), 'package-lock.json': LOCK }))!;
    expect(prod).toMatchObject({ kind: 'spa', buildScript: 'build:prod', hasBuild: true });
    expect(prod.evidence).toContain('package.json: scripts.build:prod "webpack --mode production" makes a static single-page app in dist/ (the default); served by Caddy, no Node at run time');
  });

  it('the Node stack runs that script', () => {
    const repo = project('spa-run', { 'package.json': reactPackage({ 'build:prod': 'webpack' }), 'package-lock.json': LOCK });
    expect(planNode(detectNode(repo)!, {}, repo).context.buildCommand).toBe('npm run build:prod');
  });

  it('reads output.path from the webpack config the script names; a bundle under a committed index.html is served from that folder', () => {
    const named = detectNode(project('spa-config', {
      'package.json': reactPackage({ 'build:prod': 'webpack --config webpack.config.prod.js' }),
      'package-lock.json': LOCK,
      'webpack.config.js': "module.exports = { output: { path: path.join(__dirname, 'wrong') } };",
      'webpack.config.prod.js': "module.exports = { output: { filename: 'app.js', path: path.resolve(__dirname, 'www/') } };",
    }))!;
    expect(named.buildOutput).toBe('www');
    const nested = detectNode(project('spa-nested', {
      'package.json': reactPackage({ 'build:prod': 'webpack -c webpack.prod.js' }),
      'package-lock.json': LOCK,
      'webpack.prod.js': "module.exports = { output: { path: path.join(__dirname, 'public/dist/'), publicPath: '/dist/' } };",
      'public/index.html': '<script src="/dist/bundle.js"></script>',
    }))!;
    expect(nested.buildOutput).toBe('public');
    expect(nested.evidence.join('\n')).toContain('(webpack.prod.js output.path public/dist/, under public/index.html)');
  });

  it('other bundlers: parcel and esbuild output flags, else dist', () => {
    expect(detectNode(project('spa-parcel', { 'package.json': reactPackage({ 'build:production': 'parcel build src/index.html --dist-dir out/web' }, 'parcel'), 'package-lock.json': LOCK }))).toMatchObject({ framework: 'parcel', buildScript: 'build:production', buildOutput: 'out/web' });
    expect(detectNode(project('spa-esbuild', { 'package.json': reactPackage({ 'build:js': 'esbuild src/app.jsx --bundle --outdir=static' }, 'esbuild'), 'package-lock.json': LOCK }))).toMatchObject({ framework: 'esbuild', buildOutput: 'static' });
  });

  it('without React, or without a bundler in a build* script, it is not an SPA', () => {
    const noReact = JSON.stringify({ scripts: { 'build:prod': 'webpack' }, devDependencies: { webpack: '5' } });
    expect(detectNode(project('no-react', { 'package.json': noReact, 'package-lock.json': LOCK }))!.kind).not.toBe('spa');
    expect(detectNode(project('no-bundler', { 'package.json': reactPackage({ 'prod:build': 'webpack', build: 'tsc' }), 'package-lock.json': LOCK }))!.kind).not.toBe('spa');
  });
});

describe('three-tier with the Java back end at the repository root', () => {
  it('finds the root build and the front end one level down, with the script and folder in the evidence', () => {
    const detection = detectThreeTier(Repo.open(fixturePath('three-tier-root')))!;
    expect(detection).toMatchObject({ stack: 'three-tier', frontendDir: 'client', backendDir: '.', entrypoint: '.', languageVersion: '17', port: 9090, apiAccess: 'same-origin' });
    expect(detection.frontend).toMatchObject({ buildScript: 'build:prod', buildOutput: 'public' });
    expect(detection.database).toMatchObject({ kind: 'mysql', name: 'clinic', user: 'clinic' });
    expect(detection.evidence).toEqual(expect.arrayContaining([
      'client/package.json: scripts.build:prod "webpack --mode production --config webpack.config.prod.js" makes a static single-page app in public/ (webpack.config.prod.js output.path); the back end serves them',
      '.: Java back end (maven (wrapper), spring-boot) at the repository root, with the front end in client/',
      'pom.xml: MySQL JDBC driver (mysql-connector)',
    ]));
  });

  it('the plan builds the front end with its script and copies the bundle into the jar\'s static folder, the root as the context', async () => {
    const repo = Repo.open(fixturePath('three-tier-root'));
    const result = planThreeTier(detectThreeTier(repo)!, {}, repo);
    expect(result.notes[0]).toBe('Front end: client built with `npm run build:prod` in the frontend stage (node:24-trixie-slim); its public/ is copied into src/main/resources/static before the back-end build, so one origin serves the pages and /api (Spring Boot serves that folder).');
    expect(result.context).toMatchObject({ backendWork: '/src', backendSources: '.', nodeManifestFiles: ['client/package.json', 'client/package-lock.json'] });
    const naive = await ejs.renderFile(path.join(templatesDir, 'three-tier/Dockerfile.naive.ejs'), templateData(result)) as string;
    expect(naive).toContain('RUN cd client && npm ci && npm run build:prod \\\n && mkdir -p /src/src/main/resources/static \\\n && cp -r public/. /src/src/main/resources/static/\nWORKDIR /src\n');
  });

  it('a back-end folder still wins over a root build (an aggregator pom), and a root build that builds the front end itself stays Java', () => {
    const dir = copyFixture('three-tier-maven');
    writeFileSync(path.join(dir, 'pom.xml'), '<project><modules><module>backend</module></modules></project>');
    expect(detectThreeTier(Repo.open(dir))!.backendDir).toBe('backend');

    const plugin = copyFixture('three-tier-root');
    const pom = readFileSync(path.join(plugin, 'pom.xml'), 'utf8').replace('<plugins>', '<plugins><plugin><groupId>com.github.eirslett</groupId><artifactId>frontend-maven-plugin</artifactId></plugin>');
    writeFileSync(path.join(plugin, 'pom.xml'), pom);
    expect(detectThreeTier(Repo.open(plugin))).toBeNull();
  });

  it('a React folder without a static build (a docs site next to a Java library) is not a front end for a root build', () => {
    const dir = copyFixture('three-tier-root');
    writeFileSync(path.join(dir, 'client', 'package.json'), JSON.stringify({ name: 'site', scripts: { build: 'docusaurus build' }, dependencies: { '@docusaurus/core': '3.6.0', react: '^18.3.1' } }));
    expect(detectThreeTier(Repo.open(dir))).toBeNull();
  });

  it('a front end two levels down is not paired with a root build', () => {
    const dir = copyFixture('three-tier-root');
    mkdirSync(path.join(dir, 'apps'), { recursive: true });
    writeFileSync(path.join(dir, 'client', 'package.json'), JSON.stringify({ name: 'not-react', scripts: { build: 'tsc' } }));
    mkdirSync(path.join(dir, 'apps', 'web'), { recursive: true });
    writeFileSync(path.join(dir, 'apps', 'web', 'package.json'), reactPackage({ build: 'webpack' }));
    expect(detectThreeTier(Repo.open(dir))).toBeNull();
  });
});
