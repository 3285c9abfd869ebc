import type { OdooClient } from '../client';
import type { OdooVersion } from '../config';
import { mapReceivable, numberInstallments } from '../mappers/receivable';
import type { OdooDomain } from '../transport/odoo-transport';
import { odooInstallmentLineSchema } from '../types';
import type { StreamPass, StreamReader } from './stream-reader';

/** Customer documents whose receivable lines are receivables. */
export const customerMoveTypes = ['out_invoice', 'out_refund', 'out_receipt'] as const;

/**
 * The receivable lines of customer documents, paid ones too (DSO needs history). Cancelled entries
 * come as well, so that an invoice cancelled after posting reaches the store as cancelled.
 */
export function receivableScope(companyId: number | null): OdooDomain {
  return [
    ['account_id.account_type', '=', 'asset_receivable'],
    ['parent_state', 'in', ['posted', 'cancel']],
    ['move_id.move_type', 'in', [...customerMoveTypes]],
    ...(companyId === null ? [] : [['company_id', '=', companyId] as const]),
  ];
}

/**
 * Receivables: one record per receivable account.move.line (installment), joined to its move. A page
 * costs three calls: the lines, their moves, and the moves' receivable lines (to number installments).
 * A change to the move alone (18+: payment_state "blocked") re-sends its lines through move_id.write_date.
 */
export function receivablesReader(client: OdooClient, version: OdooVersion): StreamReader {
  const noFollowUp = version <= 17 ? ['blocked'] : version >= 19 ? ['no_followup'] : [];
  return {
    model: 'account.move.line',
    fields: [
      'move_id', 'partner_id', 'company_id', 'currency_id', 'company_currency_id', 'date', 'date_maturity', 'amount_currency',
      'amount_residual_currency', 'balance', 'amount_residual', 'reconciled', 'parent_state', 'write_date', ...noFollowUp,
    ],
    scope: (pass) => receivableScope(pass.companyId),
    changedVia: ['move_id.write_date'],
    relatedModels: ['account.move'],
    async mapPage(rows: unknown[], pass: StreamPass) {
      const moveIds = [...new Set(rows.map(moveIdOf).filter((id): id is number => id !== null))];
      const moves = new Map<number, unknown>();
      const moveFields = ['name', 'move_type', 'state', 'invoice_date', 'date', 'currency_id', 'payment_state', 'write_date'];
      for (const move of await client.read('account.move', moveIds, moveFields, pass.context)) {
        moves.set((move as { id: number }).id, move);
      }
      const siblings =
        moveIds.length === 0
          ? []
          : await client.searchRead(
              'account.move.line',
              [['move_id', 'in', moveIds], ['account_id.account_type', '=', 'asset_receivable']],
              ['move_id', 'date_maturity'],
              { order: 'date_maturity asc, id asc' },
              pass.context,
            );
      const installments = numberInstallments(
        siblings.flatMap((s) => {
          const parsed = odooInstallmentLineSchema.safeParse(s);
          return parsed.success && parsed.data.move_id !== false ? [{ id: parsed.data.id, moveId: parsed.data.move_id[0] }] : [];
        }),
      );
      return rows.map((row) => {
        const moveId = moveIdOf(row);
        const lineId = (row as { id?: number }).id ?? -1;
        return mapReceivable(row, moveId === null ? undefined : moves.get(moveId), installments.get(lineId) ?? null, {
          version,
          companyId: pass.companyId,
        });
      });
    },
  };
}

function moveIdOf(row: unknown): number | null {
  const m2o = (row as { move_id?: unknown }).move_id;
  return Array.isArray(m2o) && Number.isInteger(m2o[0]) ? (m2o[0] as number) : null;
}
