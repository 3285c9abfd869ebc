import { startFakeSap } from '../connectors/sap/fake-server';

/**
 * The fake SAP of bench/sap-pull in its own process, so that its ledger and its XML work are not
 * counted in the puller: seeds the company from the parent's message, answers with its URL.
 */
process.on('message', (message: { type: string; customers: number; itemsPerCustomer: number; latencyMs: number }) => {
  if (message.type !== 'start') return;
  void (async () => {
    const fake = await startFakeSap({ seed: 7, asOf: '2026-03-31', customers: message.customers, invoicesPerCustomer: message.itemsPerCustomer, openItemsOnly: true });
    fake.setLatencyMs(message.latencyMs);
    // The bench reads calls' count, not their arguments: drop the log so it does not grow.
    setInterval(() => (fake.calls.length = 0), 1000).unref();
    process.send!({ type: 'ready', url: fake.url, items: fake.ledger.items.length });
  })();
});
