import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { templatesDir } from './paths.js';

export interface ImageRef {
  repository: string;
  tag: string;
}

function loadCatalog(): Map<string, ImageRef> {
  const text = readFileSync(path.join(templatesDir, 'images.Dockerfile'), 'utf8');
  const catalog = new Map<string, ImageRef>();
  for (const from of DockerfileParser.parse(text).getFROMs()) {
    const role = from.getBuildStage();
    const image = from.getImage();
    if (!role || !image) continue;
    const colon = image.lastIndexOf(':');
    catalog.set(role, { repository: image.slice(0, colon), tag: image.slice(colon + 1) });
  }
  return catalog;
}

const catalog = loadCatalog();

export function imageRef(role: string): ImageRef {
  const ref = catalog.get(role);
  if (!ref) throw new Error(`templates/images.Dockerfile has no stage named ${role}`);
  return ref;
}

/** Full reference of a catalogued image, e.g. `gcr.io/distroless/static-debian13:nonroot`. */
export function image(role: string): string {
  const { repository, tag } = imageRef(role);
  return `${repository}:${tag}`;
}
