import type { OdooClient } from '../connectors/odoo/client';
import type { OdooVersion } from '../connectors/odoo/config';
import { receivablesReader, receivableScope } from '../connectors/odoo/streams/receivables';

/**
 * The reference of bench/odoo-pull: the HTTP calls a full pull of the receivables stream makes, in the
 * same order, with the same domains, fields, orders and page size, results thrown away: no mapping,
 * no validation, no store. Mirrors connectors/odoo/streams/incremental-pull.ts and receivables.ts
 * (keep in step: the bench checks that both runs send the same number of requests).
 */
export async function fetchReceivablePagesRaw(
  client: OdooClient,
  version: OdooVersion,
  pageSize: number,
  onPage: (rows: number, pages: number) => void,
): Promise<{ rows: number; pages: number }> {
  const reader = receivablesReader(client, version);
  const context: Record<string, unknown> = {};
  // The related model's watermark, read before the search.
  await client.searchRead('account.move', [], ['write_date'], { order: 'write_date desc, id desc', limit: 1 }, context);
  const found = await client.searchRead(reader.model, receivableScope(null), ['write_date'], { order: 'write_date asc, id asc' }, context);
  const ids = found.map((row) => (row as { id: number }).id);
  found.length = 0;
  let rows = 0;
  let pages = 0;
  for (let start = 0; start < ids.length; start += pageSize) {
    const chunk = ids.slice(start, start + pageSize);
    const lines = await client.read(reader.model, chunk, reader.fields, context);
    // The page's joins, as receivablesReader.mapPage reads them: the moves, then their receivable lines.
    const moveIds = [...new Set(lines.map(moveIdOf).filter((id): id is number => id !== null))];
    await client.read('account.move', moveIds, ['name', 'move_type', 'state', 'invoice_date', 'date', 'currency_id', 'payment_state', 'write_date'], context);
    if (moveIds.length > 0) {
      await client.searchRead(
        'account.move.line',
        [['move_id', 'in', moveIds], ['account_id.account_type', '=', 'asset_receivable']],
        ['move_id', 'date_maturity'],
        { order: 'date_maturity asc, id asc' },
        context,
      );
    }
    rows += lines.length;
    pages += 1;
    onPage(rows, pages);
  }
  return { rows, pages };
}

function moveIdOf(row: unknown): number | null {
  const m2o = (row as { move_id?: unknown }).move_id;
  return Array.isArray(m2o) && Number.isInteger(m2o[0]) ? (m2o[0] as number) : null;
}
