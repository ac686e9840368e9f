// Subscribes N graphql-ws clients (the real npm client over ws) and prints one JSON line per
// happening, so a .NET test can act between them:
//   {"type":"connected","client":i}                     connection_ack received
//   {"type":"next","client":i,"at":epochMs,"payload":…}  an event (payload only for client 0 unless --all)
//   {"type":"error","client":i,"errors":…}              an error message or a closed socket
//   {"type":"done","received":[…]}                       every client got its events, or the time ran out
// Usage: node live.mjs <ws-url> '<json: {clients, query, variables, events, timeoutMs, all, connectionParams}>'
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, specJson] = process.argv.slice(2);
if (!url || !specJson) {
  console.error('usage: node live.mjs <ws-url> <spec-json>');
  process.exit(2);
}
const spec = { clients: 1, events: 1, timeoutMs: 30000, all: false, ...JSON.parse(specJson) };
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const now = () => performance.timeOrigin + performance.now();

const received = new Array(spec.clients).fill(0);
const clients = [];
let finished;
const allDone = new Promise((resolve) => (finished = resolve));
let pending = spec.clients;

for (let i = 0; i < spec.clients; i++) {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: spec.connectionParams,
    on: { connected: () => print({ type: 'connected', client: i }) },
  });
  clients.push(client);
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      if (--pending === 0) finished();
    }
  };
  client.subscribe({ query: spec.query, variables: spec.variables }, {
    next: (result) => {
      const at = now();
      received[i]++;
      print({ type: 'next', client: i, at, payload: spec.all || i === 0 ? result : undefined, data: spec.all || i === 0 ? undefined : pick(result) });
      if (received[i] >= spec.events) finish();
    },
    error: (error) => {
      print({ type: 'error', client: i, errors: Array.isArray(error) ? error : { code: error?.code, reason: error?.reason, message: String(error?.message ?? error) } });
      finish();
    },
    complete: finish,
  });
}

// For the clients whose payload is not printed: just enough to match the event to its submission.
function pick(result) {
  const sitrep = result?.data?.sitrepSubmitted;
  return sitrep ? { id: sitrep.id, version: sitrep.version } : null;
}

const timer = setTimeout(finished, spec.timeoutMs);
await allDone;
clearTimeout(timer);
print({ type: 'done', received });
await Promise.all(clients.map((c) => c.dispose()));
// Exit only once everything printed has reached the pipe: a .NET reader may be behind.
process.stdout.write('', () => process.exit(0));
