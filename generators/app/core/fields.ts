import { UserError } from './errors.js';

/** What a manifest field must be when it is present. */
export type FieldKind = 'string' | 'object' | 'string map' | 'string list';

/**
 * Checks the fields a stack reads from a parsed manifest (JSON or TOML): a field of another type (a
 * hand edit, a merge gone wrong) is named with its file and the fix, never met later as a TypeError.
 * `fields` maps dotted paths ("engines.node") to the kinds allowed; absent fields are fine.
 */
export function checkFields(file: string, data: Record<string, unknown>, fields: Record<string, FieldKind | FieldKind[]>, fix: string): void {
  for (const [dotted, allowed] of Object.entries(fields)) {
    const value = dotted.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), data);
    if (value === undefined) continue;
    const kinds = Array.isArray(allowed) ? allowed : [allowed];
    if (kinds.some((kind) => matches(kind, value))) continue;
    throw new UserError(`${file}: "${dotted}" should be ${kinds.map(article).join(' or ')}, not ${describe(value, kinds)}. ${fix}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'object':
      return isObject(value);
    case 'string map':
      return isObject(value) && Object.values(value).every((entry) => typeof entry === 'string');
    case 'string list':
      return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
  }
}

function article(kind: FieldKind): string {
  return { string: 'a string', object: 'an object', 'string map': 'an object of strings', 'string list': 'a list of strings' }[kind];
}

/** The value as found, saying what is wrong inside a list or object where one of strings was allowed. */
function describe(value: unknown, allowed: FieldKind[]): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return allowed.includes('string list') ? 'a list holding something other than strings' : 'a list';
  if (typeof value === 'object') return allowed.includes('string map') ? 'an object holding something other than strings' : 'an object';
  return `a ${typeof value}`;
}
