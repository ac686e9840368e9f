// One graphql-ws client (the real npm client over ws) driven line by line from standard input, so a .NET
// test can act between the server's messages. Commands, one JSON object a line:
//   {"do":"subscribe","id":"a","query":"…","variables":{…}}   start an operation under the test's id
//   {"do":"complete","id":"a"}                                 complete it (the client sends complete)
//   {"do":"dispose"}                                           close the socket and exit
// Prints one JSON line per happening:
//   {"type":"connected"}  {"type":"ping"|"pong","received":bool}
//   {"type":"next","id":…,"payload":…}  {"type":"error","id":…,"errors":[…]}  {"type":"complete","id":…}
//   {"type":"closed","code":…,"reason":…}
// Usage: node session.mjs <ws-url> '<json: {connectionParams, keepAliveMs, retryAttempts}>'
// With retryAttempts, connectionParams is asked for again at every (re)connection, its "attempt" counting up.
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, specJson] = process.argv.slice(2);
if (!url) {
  console.error('usage: node session.mjs <ws-url> [<spec-json>]');
  process.exit(2);
}
const spec = { retryAttempts: 0, keepAliveMs: 0, ...JSON.parse(specJson ?? '{}') };
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

let attempt = 0;
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  lazy: false,
  retryAttempts: spec.retryAttempts,
  retryWait: async () => {},
  keepAlive: spec.keepAliveMs,
  connectionParams: () => ({ ...spec.connectionParams, attempt: attempt++ }),
  on: {
    connected: () => print({ type: 'connected' }),
    ping: (received) => print({ type: 'ping', received }),
    pong: (received) => print({ type: 'pong', received }),
    closed: (event) => print({ type: 'closed', code: event?.code, reason: event?.reason }),
  },
});
// The lazy: false connection reports a fatal close as an error here; 'closed' above already said so.
client.on('error', () => {});

const operations = new Map();
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.do === 'subscribe') {
    const { id } = command;
    operations.set(id, client.subscribe({ query: command.query, variables: command.variables }, {
      next: (payload) => print({ type: 'next', id, payload }),
      error: (error) => print({ type: 'error', id, errors: Array.isArray(error) ? error : { code: error?.code, reason: error?.reason, message: String(error?.message ?? error) } }),
      complete: () => print({ type: 'complete', id }),
    }));
  } else if (command.do === 'complete') {
    operations.get(command.id)?.();
  } else if (command.do === 'dispose') {
    break;
  }
}
await client.dispose();
// Exit only once everything printed has reached the pipe: a .NET reader may be behind.
process.stdout.write('', () => process.exit(0));
