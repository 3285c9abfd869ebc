import type { FakeDatabase } from './fake-database';

const cents = (amount: number): number => Math.round(amount * 100);

/**
 * Checks the accounting invariants the fake promises (residuals, partials, reconciled flags, payment
 * states, links, write_date bounds) and returns one sentence per violation: empty means consistent.
 * Used by the fake's own tests; the demo and benchmarks may call it after a run of mutations.
 */
export function auditLedger(db: FakeDatabase, notAfter?: number): string[] {
  const problems: string[] = [];
  const lines = db.table('account.move.line');
  const partials = db.table('account.partial.reconcile');
  const moves = db.table('account.move');

  for (const line of lines.rows.values()) {
    let company = 0;
    let currency = 0;
    for (const id of line.matched_credit_ids) {
      const p = partials.get(id);
      if (!p || p.debit_move_id !== line.id) problems.push(`line ${line.id}: matched_credit_ids has ${id}, which is not a partial with this debit line`);
      else {
        company += cents(p.amount);
        currency += cents(p.debit_amount_currency);
      }
    }
    for (const id of line.matched_debit_ids) {
      const p = partials.get(id);
      if (!p || p.credit_move_id !== line.id) problems.push(`line ${line.id}: matched_debit_ids has ${id}, which is not a partial with this credit line`);
      else {
        company -= cents(p.amount);
        currency -= cents(p.credit_amount_currency);
      }
    }
    if (cents(line.balance) - company !== cents(line.amount_residual)) problems.push(`line ${line.id}: balance ${line.balance} - partials ${company / 100} != residual ${line.amount_residual}`);
    if (cents(line.amount_currency) - currency !== cents(line.amount_residual_currency)) {
      problems.push(`line ${line.id}: amount_currency ${line.amount_currency} - partials ${currency / 100} != residual ${line.amount_residual_currency}`);
    }
    const settled = cents(line.amount_residual_currency) === 0;
    if (line.reconciled !== settled) problems.push(`line ${line.id}: reconciled=${line.reconciled} but residual in currency is ${line.amount_residual_currency}`);
    // A settled line may lack a full reconcile (its counterpart is still open), never the reverse.
    if (!line.reconciled && line.full_reconcile_id !== false) problems.push(`line ${line.id}: in a full reconcile but not reconciled`);
    if (cents(line.debit) - cents(line.credit) !== cents(line.balance)) problems.push(`line ${line.id}: debit - credit != balance`);
    if (line.write_date < line.create_date) problems.push(`line ${line.id}: write_date before create_date`);
    if (notAfter !== undefined && line.write_date >= notAfter) problems.push(`line ${line.id}: write_date after the end of the history`);
  }

  for (const p of partials.rows.values()) {
    const debit = lines.get(p.debit_move_id);
    const credit = lines.get(p.credit_move_id);
    if (!debit || !credit) {
      problems.push(`partial ${p.id}: missing line`);
      continue;
    }
    if (p.create_date < debit.create_date || p.create_date < credit.create_date) problems.push(`partial ${p.id}: created before one of its lines`);
    if (debit.write_date < p.create_date || credit.write_date < p.create_date) problems.push(`partial ${p.id}: a line's write_date is older than the partial`);
  }

  for (const move of moves.rows.values()) {
    let residualCurrency = 0;
    let residualCompany = 0;
    let total = 0;
    let matched = false;
    for (const id of move.line_ids) {
      const line = lines.get(id);
      if (!line) {
        problems.push(`move ${move.id}: line ${id} missing`);
        continue;
      }
      if (line.move_id !== move.id) problems.push(`move ${move.id}: line ${id} belongs to move ${line.move_id}`);
      if (line.write_date < move.create_date) problems.push(`move ${move.id}: line ${id} written before the move was created`);
      if (move.commercial_partner_id !== false && line.partner_id !== move.commercial_partner_id) problems.push(`move ${move.id}: line ${id} partner is not the commercial partner`);
      residualCurrency += cents(line.amount_residual_currency);
      residualCompany += cents(line.amount_residual);
      total += Math.abs(cents(line.amount_currency));
      if (line.matched_credit_ids.length + line.matched_debit_ids.length > 0) matched = true;
    }
    if (cents(move.amount_residual) !== Math.abs(residualCurrency)) problems.push(`move ${move.id}: amount_residual ${move.amount_residual} != lines ${Math.abs(residualCurrency) / 100}`);
    if (cents(move.amount_total) !== total) problems.push(`move ${move.id}: amount_total ${move.amount_total} != lines ${total / 100}`);
    if (move.move_type !== 'entry') {
      if (cents(move.amount_residual_signed) !== residualCompany) problems.push(`move ${move.id}: amount_residual_signed ${move.amount_residual_signed} != lines ${residualCompany / 100}`);
      const expected = move.state !== 'posted' ? ['not_paid'] : residualCurrency === 0 ? ['paid', 'reversed'] : matched ? ['partial'] : ['not_paid'];
      if (!expected.includes(move.payment_state)) problems.push(`move ${move.id}: payment_state ${move.payment_state}, expected ${expected.join(' or ')}`);
      if (move.move_type === 'out_refund' && move.amount_total_signed > 0) problems.push(`move ${move.id}: a credit note with a positive signed total`);
    }
    if (notAfter !== undefined && move.write_date >= notAfter) problems.push(`move ${move.id}: write_date after the end of the history`);
  }

  for (const payment of db.table('account.payment').rows.values()) {
    if (payment.move_id === false) continue;
    const move = moves.get(payment.move_id);
    if (!move || move.origin_payment_id !== payment.id) {
      problems.push(`payment ${payment.id}: move ${payment.move_id} does not point back`);
      continue;
    }
    const paymentLines = move.line_ids.map((id) => lines.get(id));
    const reconciled = paymentLines.length > 0 && paymentLines.every((l) => l?.reconciled === true);
    if (payment.is_reconciled !== reconciled) problems.push(`payment ${payment.id}: is_reconciled=${payment.is_reconciled} but its lines say ${reconciled}`);
    if (cents(payment.amount) !== Math.abs(cents(paymentLines[0]?.amount_currency ?? 0))) problems.push(`payment ${payment.id}: amount differs from its line`);
  }
  return problems;
}
