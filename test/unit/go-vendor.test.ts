import { Repo } from '../../generators/app/core/repo.js';
import { detectGo } from '../../generators/app/stacks/go/detect.js';
import { planGo } from '../../generators/app/stacks/go/plan.js';
import { readVendor } from '../../generators/app/stacks/go/vendor.js';
import { fixturePath } from '../support/fixtures.js';

test('a complete vendor folder is used: -mod=vendor, nothing downloaded', () => {
  expect(readVendor(Repo.open(fixturePath('go-vendor')))).toMatchObject({ listed: true, usable: true });
  const detection = detectGo(Repo.open(fixturePath('go-vendor')))!;
  expect(detection).toMatchObject({ vendored: true, staleVendor: false });
});

test('a package modules.txt lists but vendor/ lacks (another letter case) makes the build download with -mod=mod', () => {
  const repo = Repo.open(fixturePath('go-stale-vendor'));
  const state = readVendor(repo);
  expect(state).toMatchObject({ listed: true, usable: false });
  expect(state.evidence).toContain('lists github.com/acme/strutil, but vendor/github.com/acme/strutil has no .go files');
  const detection = detectGo(repo)!;
  expect(detection).toMatchObject({ vendored: false, staleVendor: true });
  expect(planGo(detection, {}, repo).context).toMatchObject({ vendored: false, modFlag: '-mod=mod ' });
});

test('no vendor folder: neither flag', () => {
  expect(readVendor(Repo.open(fixturePath('go-stdlib')))).toEqual({ listed: false, usable: false, packages: [], evidence: null });
});
