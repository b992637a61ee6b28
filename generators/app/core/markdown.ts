/**
 * Markdown for README.Docker.md: the text it shows comes from files and evidence lines
 * (`__init__.py`, `*.jar`, `a|b`), which must read as written, not as emphasis or a table cell break.
 */

/** Plain text: characters Markdown would take as markup are escaped. */
export function text(value: string): string {
  return value.replace(/([\\`*_[\]<>|#~])/g, '\\$1');
}

/** Prose that may hold `code spans` (notes, evidence): the spans stay code, the rest is escaped. */
export function prose(value: string): string {
  return value
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? part : text(part)))
    .join('');
}

/** Inline code, with a fence longer than any run of backticks inside. */
export function code(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A fenced block; the fence is longer than any backtick run in the body. */
export function fence(language: string, body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language}\n${body.replace(/\n+$/, '')}\n${marks}`;
}

/**
 * A table whose cells are Markdown already (use text() or code() for them): pipes inside code spans
 * are escaped too, since GitHub splits cells before it reads code spans.
 */
export function table(header: string[], rows: string[][]): string {
  const cell = (value: string) => value.replace(/\n/g, ' ').replace(/\\?\|/g, (pipe) => (pipe === '|' ? '\\|' : pipe));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** `text: why` evidence as Markdown: the file in code, the reason as text. */
export function evidence(line: string): string {
  const match = /^([^\s:]+): (.*)$/s.exec(line);
  return match ? `${code(match[1])}: ${prose(match[2])}` : prose(line);
}
