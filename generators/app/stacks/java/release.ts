/** A Java release as build files write it ("17", "21", "1.8", "VERSION_1_8" after `_` -> `.`) as a number: 17, 21, 8. */
export function javaNumber(value: string | null | undefined): number | null {
  if (!value) return null;
  const match = /^(?:1\.)?(\d+)/.exec(value.trim());
  return match ? Number(match[1]) : null;
}
