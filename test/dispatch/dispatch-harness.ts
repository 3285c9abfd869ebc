import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../core/logging/logger';
import type { Receivable } from '../../core/model/receivable';
import type { Store } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import type { ChannelDefinition } from '../../connectors/channel';
import type { PushRequest } from '../../connectors/contract';
import { emailChannel } from '../../connectors/email';
import { ChannelSenders } from '../../sync/dispatch/channel-senders';
import { dispatchTenant, type DispatchReport } from '../../sync/dispatch/dispatch-tenant';
import type { ErpGateway } from '../../sync/dispatch/erp-gateway';

/** An SMTP server on loopback that keeps every message it accepted, raw. */
export interface LoopbackSmtp {
  port: number;
  messages: Array<{ from: string; to: string[]; raw: Buffer; user: string | null }>;
  close(): Promise<void>;
}

export async function startLoopbackSmtp(credentials: { user: string; pass: string }): Promise<LoopbackSmtp> {
  const messages: LoopbackSmtp['messages'] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, cb) {
      if (auth.username === credentials.user && auth.password === credentials.pass) cb(null, { user: auth.username });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: (session.user as string | undefined) ?? null,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The tenant of the dispatch tests: Paris, EUR, an Odoo source, email through the loopback SMTP. */
export function dispatchTenantConfig(smtpPort: number, extra: Record<string, unknown> = {}): TenantConfig {
  return tenantConfigSchema.parse({
    id: 'acme',
    name: 'Acme SAS',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    sources: [{ id: 'odoo', type: 'odoo', connection: {} }],
    dispatch: {
      sender: { name: 'Claire Martin', email: 'compta@acme.fr', phone: '+33 1 23 45 67 89', address: '1 rue de la Paix, 75002 Paris' },
      paymentLink: 'https://pay.acme.fr/c/{{customer.ref}}?action={{action.id}}&amount={{totals.amount}}',
      channels: {
        email: { host: '127.0.0.1', port: smtpPort, requireTLS: false, auth: { user: 'acme', pass: 'env:ACME_SMTP_PASSWORD' }, from: { name: 'Acme Relances', address: 'relances@acme.fr' }, timeoutMs: 5000 },
      },
      ...extra,
    },
  });
}

/** The ERP as dispatch sees it: receivables by id that a test changes after planning, and the write-backs received. */
export class FakeErp implements ErpGateway {
  readonly receivables = new Map<string, Receivable>();
  readonly pushes: PushRequest[] = [];
  reads = 0;
  async readReceivables(_sourceId: string, ids: readonly string[]): Promise<Receivable[]> {
    this.reads += 1;
    return ids.flatMap((id) => (this.receivables.has(id) ? [this.receivables.get(id) as Receivable] : []));
  }
  async push(_sourceId: string, request: PushRequest): Promise<{ providerReference: string | null }> {
    this.pushes.push(request);
    return { providerReference: `note-${this.pushes.length}` };
  }
  async close(): Promise<void> {}
}

/** Thrown once the simulated process is dead: nothing it does after that reaches the store or the wire. */
export class ProcessKilled extends Error {}

/**
 * A dispatcher process that dies at a chosen point: `beforeStore(sql move)` returning true kills it just
 * before that store call, `afterStore` just after. Every later store call and every send throws, as a
 * killed process would do nothing more.
 */
export function mortalDispatcher(store: Store, kill: { before?: (method: string, args: unknown[]) => boolean; after?: (method: string, args: unknown[]) => boolean }) {
  let dead = false;
  const mortalStore = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (dead) throw new ProcessKilled('killed');
        if (kill.before?.(String(name), args)) {
          dead = true;
          throw new ProcessKilled('killed');
        }
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (kill.after?.(String(name), args)) dead = true;
        return result;
      };
    },
  });
  const mortalEmail: ChannelDefinition<unknown> = {
    ...(emailChannel as ChannelDefinition<unknown>),
    create(config, context) {
      const sender = emailChannel.create(config as never, context);
      return {
        send: async (m) => {
          if (dead) throw new ProcessKilled('killed');
          return sender.send(m);
        },
        close: () => sender.close(),
      };
    },
  };
  return { store: mortalStore, definitions: [mortalEmail], isDead: () => dead };
}

/** One dispatch run of the test tenant. */
export async function runDispatch(store: Store, tenant: TenantConfig, clock: Clock, erp: ErpGateway, definitions?: ReadonlyArray<ChannelDefinition<unknown>>): Promise<DispatchReport> {
  const logger = silentLogger();
  const channels = new ChannelSenders(tenant.id, tenant.dispatch, { clock, logger }, definitions);
  try {
    return await dispatchTenant({ store, tenant, clock, logger, channels, erp });
  } finally {
    await channels.close();
  }
}
