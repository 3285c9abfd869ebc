import { openStore } from '../../core/store/open-store';
import { today } from '../../core/time/local-date';
import { ArbridgeError } from '../../core/errors';
import { effectivePlans } from '../../config/rules-config';
import { composeMessage, templateVersions } from '../dispatch/compose-message';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { previewSample } from './preview-sample';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge preview`. */
export interface PreviewOptions {
  /** The tenant whose templates, sender and payment link are used. */
  tenant: string;
  /** The template id (first-reminder, formal-notice, ...). */
  template: string;
  /** Language version to show; the customer's (or the tenant's default) otherwise. */
  lang?: string;
  /** A customer's ERP id: their open receivables from the store instead of the sample. */
  customer?: string;
  /** Also print the HTML part. */
  html?: boolean;
}

/** `arbridge preview`: renders one template as a customer would receive it, sending nothing. */
export async function runPreview(global: GlobalOptions, ctx: CliContext, opts: PreviewOptions): Promise<number> {
  const tenant = loadCliConfig(global, ctx, opts.tenant)?.[0]?.tenant;
  if (!tenant) return exitCodes.badConfig;
  try {
    const versions = templateVersions(opts.template, tenant.dispatch);
    if (opts.lang && !versions[opts.lang]) {
      print(ctx.err, `template "${opts.template}" has no "${opts.lang}" version (it has: ${Object.keys(versions).join(', ')})`);
      return exitCodes.failed;
    }
    const asOf = today(ctx.clock, tenant.timeZone);
    let subject = previewSample(tenant, opts.lang ?? tenant.dispatch.defaultLanguage, asOf);
    if (opts.customer) {
      const found = await customerFromStore(global, ctx, tenant.id, tenant.sources.map((s) => s.id), opts.customer);
      if (!found) {
        print(ctx.err, `tenant ${tenant.id} has no customer ${opts.customer} in the store (run arbridge sync first)`);
        return exitCodes.failed;
      }
      subject = found;
    }
    const customer = opts.lang ? { ...subject.customer, language: opts.lang } : subject.customer;
    // The level the template is used at in the tenant's plans; 1 when no step uses it.
    const level = Object.values(effectivePlans(tenant.collections)).flatMap((p) => p.steps).find((s) => s.template === opts.template)?.level ?? 1;
    const composed = await composeMessage({
      tenant,
      action: { id: 'preview', channel: 'email', stepId: 'preview' },
      template: opts.template,
      level,
      customer,
      receivables: subject.receivables,
      now: ctx.clock.now(),
    });
    print(ctx.out, `Subject: ${composed.rendered.subject}`);
    print(ctx.out, `(template ${opts.template}, language ${composed.outbound.language}, ${opts.customer ? `customer ${customer.name}` : 'sample customer'})`);
    print(ctx.out, '');
    print(ctx.out, composed.rendered.text);
    if (opts.html) {
      print(ctx.out, '');
      print(ctx.out, '--- HTML ---');
      print(ctx.out, composed.rendered.html);
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof ArbridgeError) {
      print(ctx.err, error.message);
      return exitCodes.failed;
    }
    throw error;
  }
}

/** The customer and its open receivables, oldest due first, from whichever source of the tenant holds the id. */
async function customerFromStore(global: GlobalOptions, ctx: CliContext, tenantId: string, sourceIds: string[], externalId: string) {
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    for (const sourceId of sourceIds) {
      const ledger = await store.getCustomerLedger(tenantId, sourceId, externalId);
      if (!ledger) continue;
      const open = ledger.receivables.filter((r) => r.openAmountCompany > 0 && (r.status === 'open' || r.status === 'partially_paid'));
      return { customer: ledger.customer, receivables: open.sort((a, b) => a.dueDate.localeCompare(b.dueDate)) };
    }
    return null;
  } finally {
    await store.close();
  }
}
