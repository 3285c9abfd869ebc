import { redactText } from '../../core/logging/secret-redaction';
import { openStore } from '../../core/store/open-store';
import { openSource } from '../pipeline/sync-tenant';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { storeOptionsFrom } from './store-options';

/**
 * `arbridge check`: validates every config file, then connects to the store and to each source and
 * reports what came back. Exit code 2 when anything is wrong, so a deployment script can gate on it.
 */
export async function runCheck(global: GlobalOptions, ctx: CliContext, opts: { tenant?: string; offline?: boolean }): Promise<number> {
  const tenants = loadCliConfig(global, ctx, opts.tenant);
  if (!tenants) return exitCodes.badConfig;
  print(ctx.out, `config ${global.config}: ${tenants.length} tenant(s), ${tenants.reduce((n, t) => n + t.tenant.sources.length, 0)} source(s): valid`);
  if (opts.offline) return exitCodes.ok;

  let problems = 0;
  try {
    const store = await openStore(storeOptionsFrom(global, ctx.env));
    print(ctx.out, `store: ${store.backend} reachable, migrations applied`);
    await store.close();
  } catch (error) {
    problems += 1;
    print(ctx.out, `store: FAILED: ${redactText((error as Error).message)}`);
  }

  for (const loaded of tenants) {
    const tenant = loaded.tenant;
    for (const source of tenant.sources.filter((s) => s.enabled)) {
      const label = `${tenant.id}/${source.id} (${source.type})`;
      try {
        const { instance } = openSource(source, tenant, ctx);
        try {
          const result = await instance.testConnection();
          if (!result.ok) problems += 1;
          print(ctx.out, `${label}: ${result.ok ? 'OK' : 'FAILED'}`, ...result.details.map((d) => `  ${redactText(d)}`));
        } finally {
          await instance.close();
        }
      } catch (error) {
        problems += 1;
        print(ctx.out, `${label}: FAILED`, `  ${redactText((error as Error).message)}`);
      }
    }
  }
  return problems > 0 ? exitCodes.badConfig : exitCodes.ok;
}
