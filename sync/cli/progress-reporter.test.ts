import { createProgressReporter } from './progress-reporter';

function target(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (c: string) => chunks.push(c) };
}

describe('progress reporter', () => {
  it('redraws one line with a bar on a terminal and gives the line back at the end', () => {
    const t = target(true);
    const progress = createProgressReporter(t, 'report');
    progress.update(1, 4, 'alpha');
    progress.update(4, 4, 'delta');
    progress.finish();
    expect(t.chunks).toEqual(['\r\u001b[2Kreport [######------------------] 1/4 alpha', '\r\u001b[2Kreport [########################] 4/4 delta', '\n']);
  });

  it('writes plain lines, no control characters, when the output is not a terminal (logs, CI)', () => {
    const t = target(false);
    const progress = createProgressReporter(t, 'sync acme');
    progress.update(1, null, 'odoo/receivables: page 1');
    progress.update(2, 3, 'odoo/receivables: page 2');
    progress.finish();
    expect(t.chunks).toEqual(['sync acme: 1 odoo/receivables: page 1\n', 'sync acme: 2/3 odoo/receivables: page 2\n']);
  });
});
