/**
 * A strict reader for the Markdown the generator writes (README.Docker.md): the block structure
 * CommonMark/GFM gives it (ATX headings, fenced code, pipe tables, lists, paragraphs), failing on
 * what would render wrong: an unclosed fence, a table row with a different number of cells than
 * its header, a table without its delimiter row.
 */
export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'code'; lang: string; body: string }
  | { type: 'table'; header: string[]; rows: string[][] }
  | { type: 'list'; items: string[] }
  | { type: 'paragraph'; text: string }
  | { type: 'html'; text: string };

/** Cells of a `| a | b |` row: split on pipes not escaped with a backslash. */
export function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

export function parseMarkdown(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let index = 0;
  const isTableRow = (line: string | undefined) => line !== undefined && /^\|.*\|\s*$/.test(line);
  while (index < lines.length) {
    const line = lines[index];
    if (line.trim() === '') {
      index++;
      continue;
    }
    const fence = /^(`{3,})(\S*)\s*$/.exec(line);
    if (fence) {
      const close = lines.findIndex((candidate, at) => at > index && new RegExp(`^${fence[1]}\`*\\s*$`).test(candidate));
      if (close < 0) throw new Error(`unclosed code fence opened on line ${index + 1}`);
      blocks.push({ type: 'code', lang: fence[2], body: lines.slice(index + 1, close).join('\n') });
      index = close + 1;
      continue;
    }
    const heading = /^(#{1,6}) (.+)$/.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1].length, text: heading[2].trim() });
      index++;
      continue;
    }
    if (/^<!--.*-->\s*$/.test(line)) {
      blocks.push({ type: 'html', text: line });
      index++;
      continue;
    }
    if (isTableRow(line)) {
      const header = tableCells(line);
      const delimiter = lines[index + 1];
      if (!isTableRow(delimiter) || !tableCells(delimiter).every((cell) => /^:?-{3,}:?$/.test(cell))) throw new Error(`table on line ${index + 1} has no delimiter row`);
      if (tableCells(delimiter).length !== header.length) throw new Error(`table on line ${index + 1}: delimiter row has ${tableCells(delimiter).length} cells, header ${header.length}`);
      const rows: string[][] = [];
      for (index += 2; isTableRow(lines[index]); index++) {
        const cells = tableCells(lines[index]);
        if (cells.length !== header.length) throw new Error(`table row on line ${index + 1} has ${cells.length} cells, header ${header.length}: ${lines[index]}`);
        rows.push(cells);
      }
      blocks.push({ type: 'table', header, rows });
      continue;
    }
    if (/^- /.test(line)) {
      const items: string[] = [];
      for (; index < lines.length && /^- /.test(lines[index]); index++) items.push(lines[index].slice(2));
      blocks.push({ type: 'list', items });
      continue;
    }
    const paragraph: string[] = [];
    for (; index < lines.length && lines[index].trim() !== '' && !/^(`{3,}|#{1,6} |\| |- )/.test(lines[index]); index++) paragraph.push(lines[index]);
    blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
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
