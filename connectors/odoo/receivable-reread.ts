import type { MappedRow } from '../contract';
import type { OdooClient } from './client';
import type { OdooVersion } from './config';
import { receivablesReader } from './streams/receivables';

/**
 * Re-reads receivable lines by id just before a customer message goes out (invariant 1), mapped by the
 * receivables stream's own mapper so the record is the one a pull would store. With companyIds, each
 * line is mapped in its company's pass (customer keys are per company); lines of other companies and
 * ids Odoo no longer has are left out.
 */
export async function rereadReceivables(client: OdooClient, version: OdooVersion, companyIds: readonly number[] | undefined, externalIds: readonly string[]): Promise<MappedRow[]> {
  const ids = [...new Set(externalIds.filter((id) => /^\d+$/.test(id)).map(Number))];
  if (ids.length === 0) return [];
  const reader = receivablesReader(client, version);
  if (!companyIds || companyIds.length === 0) {
    const context = { ...reader.context };
    return reader.mapPage(await client.read(reader.model, ids, reader.fields, context), { companyId: null, context });
  }
  const rows = await client.read(reader.model, ids, reader.fields, { ...reader.context, allowed_company_ids: [...companyIds] });
  const mapped: MappedRow[] = [];
  for (const companyId of companyIds) {
    const own = rows.filter((r) => { const c = (r as { company_id?: unknown }).company_id; return Array.isArray(c) && c[0] === companyId; });
    if (own.length > 0) mapped.push(...(await reader.mapPage(own, { companyId, context: { ...reader.context, allowed_company_ids: [companyId] } })));
  }
  return mapped;
}
