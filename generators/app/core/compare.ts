/** Figures `--build` prints for the generated image and its naive single-stage counterpart. */
export interface ImageFacts {
  label: string;
  tag: string;
  sizeBytes: number;
  layers: number;
  user: string;
  hasShell: boolean;
}

const SHELL_PATHS = ['bin/sh', 'bin/bash', 'bin/dash', 'usr/bin/sh', 'usr/bin/bash', 'busybox/sh'];

/** Reads `docker export | tar -t` output: does the filesystem hold a shell? */
export function listingHasShell(listing: string): boolean {
  return listing.split('\n').some((entry) => SHELL_PATHS.includes(entry.trim().replace(/^\.\//, '').replace(/\/$/, '')));
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

/** The comparison's rows, header first: printed by --build and tabled in README.Docker.md. */
export function comparisonRows(images: ImageFacts[]): string[][] {
  return [
    ['image', 'size', 'layers', 'user', 'shell'],
    ...images.map((image) => [image.label, formatMb(image.sizeBytes), String(image.layers), image.user || 'root', image.hasShell ? 'yes' : 'no']),
  ];
}

/** "multi-stage is 138.5x smaller (952.9 MB -> 6.88 MB)", or '' without two images. */
export function reduction(images: ImageFacts[]): string {
  const [multi, naive] = images;
  // After an upgrade the second image is the user's own previous Dockerfile, built as it was.
  const than = naive?.label.startsWith('yours') ? ` than ${naive.label.replace(/^yours \((.*)\)$/, 'your $1')}` : '';
  return naive && multi ? `multi-stage is ${(naive.sizeBytes / multi.sizeBytes).toFixed(1)}x smaller${than} (${formatMb(naive.sizeBytes)} -> ${formatMb(multi.sizeBytes)})` : '';
}

export function comparisonTable(images: ImageFacts[]): string {
  const rows = comparisonRows(images);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  const factor = reduction(images);
  return `${lines.join('\n')}${factor ? `\n${factor}` : ''}`;
}
