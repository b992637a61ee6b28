import { pinDockerfiles } from '../core/pin.js';
import { MIRROR_ENV, readMirrors, RegistryResolver } from '../core/registry.js';
import { plannedDockerfiles, type RunState } from './state.js';

/** --pin: every digest is asked of its registry while the files are still in memory, so a failure writes nothing. */
export async function pinImages(run: RunState): Promise<void> {
  const { host } = run;
  const files = plannedDockerfiles(run).map((file) => ({ file, text: host.fs.read(host.destinationPath(file)) ?? '' }));
  if (files.length === 0) {
    host.log('--pin: no Dockerfile is written in this run, so none is pinned (a Dockerfile left as it was keeps its FROM lines).');
    return;
  }
  const { files: pinned, resolved } = await pinDockerfiles(files, new RegistryResolver({ mirrors: readMirrors(process.env[MIRROR_ENV]) }));
  for (const file of pinned) host.fs.write(host.destinationPath(file.file), file.text);
  for (const [image, { digest, index }] of resolved) host.log(`Pinned ${image} to ${digest}${index ? '' : ' (a single-platform manifest: this tag has no multi-platform index)'}.`);
}
