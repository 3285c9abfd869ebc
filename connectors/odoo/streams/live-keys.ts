import { TransientError } from '../../../core/errors';
import type { OdooClient } from '../client';
import type { StreamPass, StreamReader } from './stream-reader';

/** How the live-key listing runs. */
export interface LiveKeysOptions {
  /** One pass per company, as the pull does; a single pass when absent. */
  companyIds?: readonly number[];
  /** Ids per search call, and per yielded batch. */
  pageSize: number;
  /** Checked between calls: an abort ends the listing early, and the sweep then marks nothing. */
  signal?: AbortSignal;
  /** The record key of an id in a pass (customers are keyed per company when passes are). */
  keyOf: (id: number, pass: StreamPass) => string;
}

/**
 * The keys Odoo still holds in a stream's scope, in batches (a search for ids only, keyset on id): the
 * deletions sweep compares them with the store, since Odoo unlinks draft moves and partial
 * reconciles without leaving a tombstone (reference §5), and a move reset to draft or cancelled leaves
 * the scope without a change the pull would see.
 */
export async function* listLiveKeys(client: OdooClient, reader: StreamReader, options: LiveKeysOptions): AsyncGenerator<string[]> {
  for (const companyId of options.companyIds ?? [null]) {
    const pass: StreamPass = {
      companyId,
      context: { ...reader.context, ...(companyId === null ? {} : { allowed_company_ids: [companyId] }) },
    };
    let after = 0;
    for (;;) {
      if (options.signal?.aborted) throw new TransientError('interrupted', 'the listing of live keys was stopped');
      const ids = await client.search(reader.model, [...reader.scope(pass), ['id', '>', after]], { order: 'id asc', limit: options.pageSize }, pass.context);
      if (ids.length > 0) yield ids.map((id) => options.keyOf(id, pass));
      if (ids.length < options.pageSize) break;
      after = ids[ids.length - 1] as number;
    }
  }
}
