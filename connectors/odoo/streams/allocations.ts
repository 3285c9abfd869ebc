import type { OdooClient } from '../client';
import { mapAllocation } from '../mappers/allocation';
import { odooMatchedLineSchema, odooMoveTypeSchema, type OdooMatchedLine } from '../types';
import { customerMoveTypes } from './receivables';
import type { StreamPass, StreamReader } from './stream-reader';

/**
 * Allocations: account.partial.reconcile whose debit side is a customer receivable line (a payment
 * or a credit note applied to an invoice, or a write-off). Partials are created and deleted, hardly
 * ever written, so write_date is their creation time. A page costs three calls: the partials, both
 * sides' lines, and the credit sides' move types.
 */
export function allocationsReader(client: OdooClient): StreamReader {
  return {
    model: 'account.partial.reconcile',
    fields: ['debit_move_id', 'credit_move_id', 'amount', 'max_date', 'company_id', 'write_date'],
    scope: (pass) => [
      ['debit_move_id.account_id.account_type', '=', 'asset_receivable'],
      ['debit_move_id.move_id.move_type', 'in', [...customerMoveTypes]],
      ...(pass.companyId === null ? [] : [['company_id', '=', pass.companyId] as const]),
    ],
    async mapPage(rows: unknown[], pass: StreamPass) {
      const lineIds = new Set<number>();
      for (const row of rows) {
        for (const side of ['debit_move_id', 'credit_move_id'] as const) {
          const m2o = (row as Record<string, unknown>)[side];
          if (Array.isArray(m2o) && Number.isInteger(m2o[0])) lineIds.add(m2o[0] as number);
        }
      }
      const lines = new Map<number, OdooMatchedLine>();
      const lineFields = ['move_id', 'payment_id', 'company_currency_id'];
      for (const raw of await client.read('account.move.line', [...lineIds], lineFields, pass.context)) {
        const line = odooMatchedLineSchema.safeParse(raw);
        if (line.success) lines.set(line.data.id, line.data);
      }
      // Only credit sides without a payment need their move's type (credit note or something else).
      const creditMoveIds = new Set<number>();
      for (const row of rows) {
        const m2o = (row as Record<string, unknown>).credit_move_id;
        const credit = Array.isArray(m2o) ? lines.get(m2o[0] as number) : undefined;
        if (credit && credit.payment_id === false && credit.move_id !== false) creditMoveIds.add(credit.move_id[0]);
      }
      const moveTypes = new Map<number, string>();
      for (const raw of await client.read('account.move', [...creditMoveIds], ['move_type'], pass.context)) {
        const move = odooMoveTypeSchema.safeParse(raw);
        if (move.success) moveTypes.set(move.data.id, move.data.move_type);
      }
      return rows.map((row) => mapAllocation(row, { lines, moveTypes }));
    },
  };
}
