import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * bench/dispatch's SMTP peer, in its own process so that parsing the SMTP exchange is not counted in
 * the sender's figures: accepts every message on 127.0.0.1 (no TLS, no AUTH), discards its body and
 * counts it. Messages: sends {type:'ready', port}; answers {type:'count'} with {type:'count', count}.
 */
let count = 0;
const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined); // drained and dropped: only the count matters
    stream.on('end', () => {
      count += 1;
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.server.address() as AddressInfo).port });
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'count') process.send?.({ type: 'count', count });
  if (message.type === 'stop') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
