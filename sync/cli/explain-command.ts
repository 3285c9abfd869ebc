import type { CustomerLedger } from '../../core/model';
import { formatMoney } from '../../core/money/money';
import { openStore } from '../../core/store/open-store';
import { today } from '../../core/time/local-date';
import { effectivePlans } from '../../config/rules-config';
import { evaluateCustomer } from '../../rules/evaluate-customer';
import { collectionsRunFor } from '../rules/collections-run';
import { staleSources } from '../rules/data-freshness';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { collectionsTenant, type TenantSelection } from './collections-tenant';
import { dateOption } from './plan-command';
import { storeOptionsFrom } from './store-options';
import { renderTable } from './table';

/** Options of `arbridge explain`. */
export interface ExplainOptions extends TenantSelection {
  /** The customer's ERP id. */
  customer: string;
  /** The source the customer comes from, when several sources share an id. */
  source?: string;
  /** The day to explain (YYYY-MM-DD); today in the tenant's zone when absent. */
  date?: string;
}

const days = (n: number | null): string => (n === null ? 'n/a' : `${n.toFixed(1)} days`);
const indent = (text: string): string => text.split('\n').map((line) => `  ${line}`).join('\n');
const percent = (n: number | null): string => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);

/** `arbridge explain`: a customer's metrics, risk, the rule that matched, its plan and the next step with its date. */
export async function runExplain(global: GlobalOptions, ctx: CliContext, opts: ExplainOptions): Promise<number> {
  const date = dateOption(ctx, opts.date);
  if (date === null) return exitCodes.badConfig;
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    const tenant = await collectionsTenant(global, ctx, store, opts);
    if (!tenant) return exitCodes.badConfig;
    const sources = tenant.sources.map((s) => s.id).filter((id) => opts.source === undefined || id === opts.source);
    let ledger: CustomerLedger | null = null;
    for (const sourceId of sources) {
      ledger = await store.getCustomerLedger(tenant.id, sourceId, opts.customer);
      if (ledger) break;
    }
    if (!ledger) {
      print(ctx.err, `tenant ${tenant.id}: no customer "${opts.customer}"${opts.source ? ` in source ${opts.source}` : ''}`);
      return exitCodes.failed;
    }
    const asOf = date ?? today(ctx.clock, tenant.timeZone);
    const run = collectionsRunFor(tenant, asOf);
    const c = ledger.customer;
    const stored = await store.getPlanAssignment(tenant.id, c.sourceId, c.externalId);
    const { metrics: m, risk, inputs, decision, schedule } = evaluateCustomer(run, ledger, stored);
    const money = (amount: number) => formatMoney({ amount, currency: tenant.currency });
    const out = (...lines: string[]) => print(ctx.out, ...lines);

    out(
      `${c.name} [${c.sourceId}/${c.externalId}], tenant ${tenant.id}, as of ${asOf} (${tenant.timeZone})`,
      `  tags: ${c.tags.join(', ') || 'none'}; segment: ${c.segment ?? 'none'}; ERP risk code: ${c.erpRiskCode ?? 'none'}; ${c.dunningBlocked ? 'ON STOP in the ERP' : 'not on stop'}`,
      '',
      'Metrics',
      `  open ${money(m.openAmount)} (credits ${money(m.openCredits)}), overdue ${money(m.overdueAmount)}, oldest item ${m.oldestOverdueDays} days past due`,
      `  DSO ${days(m.dso)} (total method, ${run.metrics.dsoWindowDays} days of sales); best possible ${days(m.bestPossibleDso)}; ADD ${days(m.add)}`,
      `  weighted days late ${days(m.weightedDaysLate)} over ${m.paidCount} invoices paid in ${run.metrics.lateWindowMonths} months, ${percent(m.lateShare)} of them late`,
      `  trend: ${days(m.recentDaysLate)} late in the last ${run.metrics.trendWindowMonths} months against ${days(m.previousDaysLate)} before (${m.trendDays === null ? 'n/a' : `${m.trendDays >= 0 ? '+' : ''}${m.trendDays.toFixed(1)} days`})`,
      `  open disputes ${m.openDisputes}, broken promises ${m.brokenPromises}, credit limit used ${percent(m.exposure)}, last contact ${m.lastContactedOn ?? 'none known'}`,
      `  aged balance: ${m.aging.map((b) => `${b.label} ${money(b.amount)}`).join(' | ')}`,
      '',
      `Risk ${risk.score}/100 (${risk.band})${risk.deteriorating ? ', DETERIORATING PAYER: on time before, late now' : ''}`,
      indent(renderTable(['factor', 'points', 'because'], risk.contributions.map((f) => [f.factor, f.points.toFixed(1), f.basis]))),
      '',
    );
    const rule = tenant.collections.rules.find((r) => r.id === decision.ruleId);
    if (rule) {
      out(`Rule ${rule.id} (priority ${rule.priority})${rule.description ? `: ${rule.description}` : ''} matched${decision.heldByHysteresis ? ' within its hysteresis margin (the customer was already on it)' : ''}`, `  when ${JSON.stringify(rule.when)}`);
    } else {
      out(`No rule matched (${tenant.collections.rules.length} evaluated): the default plan applies.`);
    }
    const seen = Object.entries(inputs).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0));
    out(`  inputs it saw: ${seen.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`).join(', ')}`);
    if (stored) out(`  stored assignment: plan ${stored.planId} since ${stored.since} (evaluated ${stored.evaluatedAt})`);
    const plan = effectivePlans(tenant.collections)[decision.planId];
    out('', `Plan ${decision.planId}${plan ? ` (${plan.name})` : ''}:`);
    if (plan) {
      out(
        indent(renderTable(
          ['', 'step', 'offset', 'level', 'channel', 'template', 'conditions'],
          plan.steps.map((s) => [
            schedule.action?.stepId === s.id ? '>' : ' ',
            s.id,
            `${s.offsetDays >= 0 ? '+' : ''}${s.offsetDays} days`,
            String(s.level),
            s.channel,
            s.template,
            [s.minOverdueAmount > 0 ? `min ${s.minOverdueAmount}` : '', s.minDaysSinceLastContact > 0 ? `${s.minDaysSinceLastContact} days since contact` : '', s.requiresApproval ? 'approval' : '', s.litigation ? 'litigation' : ''].filter(Boolean).join(', '),
          ]),
        )),
      );
    }
    out('');
    const stale = await staleSources(store, tenant, ctx.clock.now());
    if (schedule.action) {
      const a = schedule.action;
      out(`Due on ${asOf}: step ${a.stepId} by ${a.channel} (${a.status === 'awaiting_approval' ? 'awaiting approval' : 'planned'}), ${money(a.amountDue)} over ${a.items.length} item(s), id ${a.id}`);
      for (const item of a.items) out(`  ${item.number} due ${item.dueDate} (${item.daysPastDue} days): ${money(item.amountDue)}${item.amountDue !== item.openAmount ? ` after credits (open ${money(item.openAmount)})` : ''}`);
      if (a.dossier) out(`  litigation dossier: statement of ${a.dossier.statement.length} open item(s), balance ${money(a.dossier.balance)}`);
      if (stale.length > 0 && date === undefined) out(`  held back today: data from ${stale.map((s) => s.sourceId).join(', ')} is older than ${tenant.stalenessLimitHours} h`);
    } else {
      out(`Nothing due on ${asOf}${schedule.waiting ? `: ${schedule.waiting}` : ''}.`);
    }
    for (const e of schedule.excluded) out(`  left out: ${e.number} (${e.reason.replace(/_/g, ' ')})`);
    out(schedule.next ? `Next step: ${schedule.next.stepId} on ${schedule.next.on}` : 'Next step: none (the plan has no further step for the open items)');
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
