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

export function comparisonTable(images: ImageFacts[]): string {
  const rows = [
    ['image', 'size', 'layers', 'user', 'shell'],
    ...images.map((image) => [image.label, formatMb(image.sizeBytes), String(image.layers), image.user || 'root', image.hasShell ? 'yes' : 'no']),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  const [multi, naive] = images;
  const than = naive?.label.startsWith('yours') ? ` than ${naive.label.replace(/^yours \((.*)\)$/, 'your $1')}` : '';
  const factor = naive && multi ? `\nmulti-stage is ${(naive.sizeBytes / multi.sizeBytes).toFixed(1)}x smaller${than} (${formatMb(naive.sizeBytes)} -> ${formatMb(multi.sizeBytes)})` : '';
  return `${lines.join('\n')}${factor}`;
}
