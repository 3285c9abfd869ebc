import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from 'nodemailer';
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import { FakeClock } from '../core/time/clock';
import { tenantConfigSchema } from '../config/tenant-config';
import type { ChannelDefinition, OutboundMessage } from '../connectors/channel';
import { emailChannel, emailConfigSchema, type EmailConfig } from '../connectors/email';
import { messageIdOf } from '../connectors/email/smtp-sender';
import { ChannelSenders } from '../sync/dispatch/channel-senders';
import { dispatchTenant } from '../sync/dispatch/dispatch-tenant';
import { seedOutbox } from './dispatch-seed';
import { fixed2, int, mb } from './figures';
import { ForkedProcess } from './forked-process';
import { RssSampler } from './rss-sampler';

/**
 * bench/dispatch (issue 7): N planned email reminders sent by arbridge's real dispatch run
 * (`dispatchTenant` over a PGlite outbox: claim, ERP re-read, template rendering, the email channel's
 * send, the final transition) against a raw nodemailer loop sending the same rendered messages with the
 * same transport options. The SMTP server runs in its own process (`dispatch-smtp-sink.ts`). Both sides
 * send without the statement PDF (attachStatement: false) so that the messages are the same. The
 * messages the channel sent are written to a file as they go and read back one at a time by the
 * reference, so the bench itself holds no list of messages. A measurement, not a test: exits 0.
 *
 * Run: npm run bench:dispatch. Env: BENCH_DISPATCH_MESSAGES (default 10000).
 */
const messages = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 10_000);
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const progress = (line: string): void => void process.stderr.write(`dispatch: ${line}\n`);
const seconds = (ns: bigint): number => Number(ns) / 1e9;
// A full GC on demand without a node flag, so each phase starts from live memory only (the store's start
// otherwise still holds garbage such as PGlite's start-up bundle, freed at the first major GC).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Starts sampling RSS from live memory. */
const sampleFrom = async (): Promise<RssSampler> => {
  await settle();
  return new RssSampler();
};

/** A full GC, then time for V8 to hand the freed ArrayBuffer memory back (a background task after the GC). */
async function settle(): Promise<void> {
  collectGarbage();
  await delay(500);
  collectGarbage();
}

/** Peak growth while the phase ran (garbage included), then what the phase left after a full GC. */
const memory = async (sampler: RssSampler): Promise<string> => {
  sampler.stop();
  await settle();
  const after = sampler.usage();
  return `RSS ${mb(sampler.start)} MB at start, peak ${mb(sampler.max)} MB (+${mb(sampler.max - sampler.start)}), after a full GC ${mb(after.rss)} MB (${sign(after.rss - sampler.start)}); JS heap ${mb(sampler.startUsage.heapUsed)} MB at start, ${mb(after.heapUsed)} MB after`;
};
const sign = (bytes: number): string => `${bytes < 0 ? '-' : '+'}${mb(Math.abs(bytes))}`;

async function main(): Promise<void> {
  const sink = new ForkedProcess('dispatch-smtp-sink');
  const root = await mkdtemp(join(tmpdir(), 'arbridge-bench-dispatch-'));
  try {
    const { port } = await sink.next<{ type: 'ready'; port: number }>('ready');
    const sunk = async (): Promise<number> => {
      const answer = sink.next<{ type: 'count'; count: number }>('count');
      sink.send({ type: 'count' });
      return (await answer).count;
    };
    const tenant = tenantConfigSchema.parse({
      id: 'acme', name: 'Acme SAS', timeZone: 'Europe/Paris', currency: 'EUR',
      sources: [{ id: 'odoo', type: 'odoo', connection: {} }],
      dispatch: {
        sender: { name: 'Claire Martin', email: 'compta@acme.fr', phone: '+33 1 23 45 67 89', address: '1 rue de la Paix, 75002 Paris' },
        paymentLink: 'https://pay.acme.fr/c/{{customer.ref}}?action={{action.id}}&amount={{totals.amount}}',
        attachStatement: false, // the reference sends no PDF: both sides send the same bytes
        channels: { email: { host: '127.0.0.1', port, requireTLS: false, from: { name: 'Acme Relances', address: 'relances@acme.fr' }, timeoutMs: 30_000 } },
      },
    });

    const store = await openStore({ dataDir: join(root, 'data') });
    const seedStarted = process.hrtime.bigint();
    const erp = await seedOutbox(store, messages);
    progress(`seeded ${int(messages)} customers, ${int(messages * 2)} invoices, ${int(messages)} planned emails in ${seconds(process.hrtime.bigint() - seedStarted).toFixed(1)} s (not timed)`);

    // The real email channel, wrapped only to keep what it sent (one JSON line per message, on disk):
    // the reference sends exactly these.
    const sentFile = join(root, 'sent.jsonl');
    const sentLog = createWriteStream(sentFile);
    const recordingEmail: ChannelDefinition<EmailConfig> = {
      ...emailChannel,
      create(config, context) {
        const sender = emailChannel.create(config, context);
        return { send: (m) => (sentLog.write(`${JSON.stringify(m)}\n`), sender.send(m)), close: () => sender.close() };
      },
    };
    const clock = new FakeClock('2026-03-03T09:00:00.000Z'); // a Tuesday, 10:00 in Paris: the sending window is open
    const logger = silentLogger();
    let sampler = await sampleFrom();
    let started = process.hrtime.bigint();
    const channels = new ChannelSenders(tenant.id, tenant.dispatch, { clock, logger }, [recordingEmail]);
    let sentCount = 0;
    try {
      // Outcomes counted as they come: the run keeps no list of them.
      await dispatchTenant({ store, tenant, clock, logger, channels, erp, onOutcome: (o) => void (o.status === 'sent' && (sentCount += 1)) });
    } finally {
      await channels.close();
    }
    const arbridgeSeconds = seconds(process.hrtime.bigint() - started);
    const arbridgeMemory = await memory(sampler);
    sentLog.end();
    await once(sentLog, 'finish');
    const afterArbridge = await sunk();
    await store.close();

    // The reference: the transport the channel builds (same options, pooled, 2 connections), one
    // message at a time as dispatch sends them, with the same envelope, headers and parts.
    const config = emailConfigSchema.parse(tenant.dispatch.channels.email); // with the defaults the channel gets
    const transport = createTransport({
      host: config.host, port: config.port, secure: config.secure, requireTLS: config.requireTLS,
      tls: { rejectUnauthorized: config.tls.rejectUnauthorized },
      connectionTimeout: config.timeoutMs, greetingTimeout: config.timeoutMs, socketTimeout: config.timeoutMs,
      pool: true, maxConnections: 2,
    });
    sampler = await sampleFrom();
    started = process.hrtime.bigint();
    for await (const line of createInterface({ input: createReadStream(sentFile), crlfDelay: Infinity })) {
      const m = JSON.parse(line) as OutboundMessage;
      await transport.sendMail({
        messageId: messageIdOf(m.actionId, config.from.address),
        from: { name: config.from.name ?? '', address: config.from.address },
        to: { name: m.recipient.name, address: m.recipient.emails[0] as string },
        cc: m.recipient.emails.slice(1),
        subject: m.subject, text: m.text, html: m.html,
        headers: { 'X-Arbridge-Action': m.actionId, 'Content-Language': m.language },
        attachments: [],
      });
    }
    transport.close();
    const rawSeconds = seconds(process.hrtime.bigint() - started);
    const rawMemory = await memory(sampler);
    const rawCount = (await sunk()) - afterArbridge;

    const ours = sentCount / arbridgeSeconds;
    const raw = rawCount / rawSeconds;
    print(`dispatch: ${int(messages)} planned emails, PGlite outbox, SMTP sink on 127.0.0.1 in its own process, no PDF on either side`);
    print(`dispatch: arbridge dispatchTenant ${int(sentCount)} sent (${int(afterArbridge)} received) in ${arbridgeSeconds.toFixed(2)} s = ${int(ours)} messages/s`);
    print(`dispatch: raw nodemailer loop ${int(rawCount)} received in ${rawSeconds.toFixed(2)} s = ${int(raw)} messages/s`);
    print(`dispatch: ratio arbridge / raw ${fixed2(ours / raw)}`);
    print(`dispatch: memory during the dispatch run: ${arbridgeMemory}`);
    print(`dispatch: memory during the raw loop: ${rawMemory}`);
  } finally {
    sink.send({ type: 'stop' });
    await sink.exited();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
