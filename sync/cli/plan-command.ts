import { formatMoney } from '../../core/money/money';
import { openStore } from '../../core/store/open-store';
import { parseLocalDate, today, type LocalDate } from '../../core/time/local-date';
import { instantAtLocalTime } from '../../core/time/zoned-time';
import { evaluateTenant } from '../rules/evaluate-tenant';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { collectionsTenant, type TenantSelection } from './collections-tenant';
import { storeOptionsFrom } from './store-options';
import { renderTable } from './table';

/** Options of `arbridge plan`. */
export interface PlanOptions extends TenantSelection {
  /** The day to plan for (YYYY-MM-DD); today in the tenant's zone when absent. */
  date?: string;
  /** Machine-readable output. */
  json?: boolean;
}

/** Parses --date, printing why when it is not a date. */
export function dateOption(ctx: CliContext, text: string | undefined): LocalDate | null | undefined {
  if (text === undefined) return undefined;
  try {
    return parseLocalDate(text);
  } catch {
    print(ctx.err, `--date: expected a date as YYYY-MM-DD, found "${text}"`);
    return null;
  }
}

/**
 * `arbridge plan`: evaluates a tenant and lists the actions that would go out on the day, and why,
 * without sending anything. Evaluating today stores each customer's plan assignment; a --date other
 * than today is a what-if and stores nothing.
 */
export async function runPlan(global: GlobalOptions, ctx: CliContext, opts: PlanOptions): Promise<number> {
  const date = dateOption(ctx, opts.date);
  if (date === null) return exitCodes.badConfig;
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    const tenant = await collectionsTenant(global, ctx, store, opts);
    if (!tenant) return exitCodes.badConfig;
    const now = ctx.clock.now();
    const todayThere = today(ctx.clock, tenant.timeZone);
    const asOf = date ?? todayThere;
    const at = asOf === todayThere ? now : instantAtLocalTime(asOf, tenant.collections.sendAt, tenant.timeZone);
    const evaluation = await evaluateTenant({ store, tenant, asOf, at, saveAssignments: asOf === todayThere });
    if (opts.json) {
      print(ctx.out, JSON.stringify(evaluation, null, 2));
      return exitCodes.ok;
    }
    const plans = Object.entries(evaluation.plans).sort(([a], [b]) => a.localeCompare(b)).map(([plan, n]) => `${plan} ${n}`).join(', ');
    print(ctx.out, `tenant ${tenant.id}, ${asOf} (${tenant.timeZone}): ${evaluation.customers} customers evaluated; on plans: ${plans || 'none'}; ${evaluation.planChanges} changed plan.`);
    if (evaluation.stale.length > 0) {
      const which = evaluation.stale.map((s) => `${s.sourceId} (last complete sync ${s.lastSuccessAt ?? 'never'})`).join(', ');
      print(ctx.out, `nothing would go out: data older than the ${tenant.stalenessLimitHours} h staleness limit from ${which}; ${evaluation.heldBack} action(s) held back. Run \`arbridge sync\` first, or plan for the day the data is from with --date.`);
      return exitCodes.ok;
    }
    if (evaluation.actions.length === 0) {
      print(ctx.out, 'no action is due on this day.');
      return exitCodes.ok;
    }
    const awaiting = evaluation.actions.filter((a) => a.status === 'awaiting_approval').length;
    print(ctx.out, `${evaluation.actions.length} action(s) would go out (plan sends nothing)${awaiting > 0 ? `, ${awaiting} awaiting approval` : ''}:`, '');
    const rows = evaluation.actions.map((a) => [
      `${a.customerName} [${a.customerKey.externalId}]`,
      a.planId,
      `${a.stepId} (level ${a.level})`,
      a.channel,
      String(a.items.length),
      formatMoney({ amount: a.amountDue, currency: tenant.currency }),
      a.status === 'awaiting_approval' ? 'awaiting approval' : 'planned',
      a.reason.replace(/^plan [^,]+, step [^:]+: /, ''),
    ]);
    print(ctx.out, renderTable(['customer', 'plan', 'step', 'channel', 'items', 'amount due', 'status', 'why'], rows));
    print(ctx.out, '', `\`arbridge explain --tenant ${tenant.id} --customer <id>\` shows a customer's metrics, rule and next step.`);
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
