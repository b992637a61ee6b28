import { marked, type Token, type Tokens } from 'marked';

/**
 * README.Docker.md read the way a renderer reads it: marked's CommonMark/GFM lexer gives the blocks,
 * and what would render wrong fails here: an unclosed fence (the lexer runs it to the end), a table
 * row with another number of cells than its header (GFM pads or cuts it silently), a pipe row that
 * the lexer does not take for a table (no delimiter row).
 */
export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'code'; lang: string; body: string }
  | { type: 'table'; header: string[]; rows: string[][] }
  | { type: 'list'; items: string[] }
  | { type: 'paragraph'; text: string }
  | { type: 'html'; text: string };

/** Cells of a `| a | b |` row as written: split on pipes not escaped with a backslash. */
export function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

function lineOf(text: string, raw: string): number {
  return text.slice(0, Math.max(0, text.indexOf(raw))).split('\n').length;
}

function toBlock(token: Token, text: string): Block | null {
  switch (token.type) {
    case 'space':
      return null;
    case 'heading':
      return { type: 'heading', level: (token as Tokens.Heading).depth, text: (token as Tokens.Heading).text.trim() };
    case 'code': {
      const code = token as Tokens.Code;
      const fence = /^(`{3,})/.exec(code.raw)?.[1];
      if (fence && !new RegExp(`\\n${fence}\`*\\s*$`).test(code.raw.trimEnd())) throw new Error(`unclosed code fence opened on line ${lineOf(text, code.raw)}`);
      return { type: 'code', lang: code.lang ?? '', body: code.text };
    }
    case 'table': {
      const rawRows = token.raw.trimEnd().split('\n');
      const header = tableCells(rawRows[0]);
      const rows = rawRows.slice(2).map(tableCells);
      rows.forEach((cells, at) => {
        if (cells.length !== header.length) throw new Error(`table row on line ${lineOf(text, token.raw) + at + 2} has ${cells.length} cells, header ${header.length}: ${rawRows[at + 2]}`);
      });
      return { type: 'table', header, rows };
    }
    case 'list':
      return { type: 'list', items: (token as Tokens.List).items.map((item) => item.raw.replace(/^- /, '').trimEnd()) };
    case 'html':
      return { type: 'html', text: token.raw.trim() };
    case 'paragraph': {
      const raw = token.raw.trimEnd();
      if (raw.split('\n').every((line) => /^\|.*\|\s*$/.test(line))) throw new Error(`table on line ${lineOf(text, token.raw)} has no delimiter row`);
      return { type: 'paragraph', text: raw };
    }
    default:
      return { type: 'paragraph', text: token.raw.trimEnd() };
  }
}

export function parseMarkdown(text: string): Block[] {
  return marked.lexer(text).flatMap((token) => toBlock(token, text) ?? []);
}

/** Every command line the document shows in sh code blocks. */
export function shellCommands(blocks: Block[]): string[] {
  return blocks.flatMap((block) => (block.type === 'code' && block.lang === 'sh' ? block.body.split('\n') : []));
}

/** The sections: heading text to the blocks under it. */
export function sections(blocks: Block[]): Map<string, Block[]> {
  const found = new Map<string, Block[]>();
  let current: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') found.set(block.text, (current = []));
    else current.push(block);
  }
  return found;
}

/**
 * Markup that would render as something else: emphasis opened by an unescaped `*` or `_` outside code,
 * a backtick left open in a line.
 */
export function strayMarkup(block: Block): string | null {
  const texts = block.type === 'paragraph' ? [block.text] : block.type === 'list' ? block.items : block.type === 'table' ? [...block.header, ...block.rows.flat()] : [];
  for (const value of texts) {
    const outsideCode = value.replace(/\\`/g, '').replace(/(`+)[^`]*?\1/g, '');
    if (/`/.test(outsideCode)) return `unclosed code span: ${value}`;
    if (/(?<!\\)[*_](?=\S)/.test(outsideCode.replace(/\w_\w/g, ''))) return `unescaped emphasis marker: ${value}`;
  }
  return null;
}
