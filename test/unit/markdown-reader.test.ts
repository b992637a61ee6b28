import { parseMarkdown } from '../support/markdown.js';

describe('parseMarkdown: the guide tests read Markdown as a renderer does, and refuse what renders wrong', () => {
  it('gives headings, tables, code and lists', () => {
    const blocks = parseMarkdown('# Title\n\n| a | b |\n|---|---|\n| 1 | `x \\| y` |\n\n```sh\ndocker build .\n```\n\n- one\n- two\n');
    expect(blocks.map((block) => block.type)).toEqual(['heading', 'table', 'code', 'list']);
    expect(blocks[1]).toEqual({ type: 'table', header: ['a', 'b'], rows: [['1', '`x \\| y`']] });
    expect(blocks[2]).toEqual({ type: 'code', lang: 'sh', body: 'docker build .' });
  });

  it('fails on an unclosed fence, a row of the wrong width, and pipe rows with no delimiter row', () => {
    expect(() => parseMarkdown('```sh\ndocker build .\n')).toThrow(/unclosed code fence/);
    expect(() => parseMarkdown('| a | b |\n|---|---|\n| 1 | 2 | 3 |\n')).toThrow(/has 3 cells, header 2/);
    expect(() => parseMarkdown('| a | b |\n| 1 | 2 |\n')).toThrow(/no delimiter row/);
  });
});
