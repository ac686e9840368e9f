// Breaks graphql-transport-ws in every way its PROTOCOL.md names, with a raw ws client, and
// prints one JSON array of { case, code, reason } (the close each case got; code 0 if none).
// Usage: node ws-violations.mjs <ws-url> '<a valid subscription document>' ['<json connection_init payload>']
import WebSocket from 'ws';

const [url, subscription, initPayload] = process.argv.slice(2);
if (!url || !subscription) {
  console.error('usage: node ws-violations.mjs <ws-url> <subscription-query>');
  process.exit(2);
}
const PROTOCOL = 'graphql-transport-ws';
const init = JSON.stringify({ type: 'connection_init', payload: initPayload ? JSON.parse(initPayload) : undefined });
const subscribe = (id) => JSON.stringify({ id, type: 'subscribe', payload: { query: subscription } });

// Opens a socket, sends the messages once it is open (each after the previous has had a moment), and
// resolves with the close code and reason, or code 0 after the wait if the server kept it open.
function run(name, { protocol = PROTOCOL, messages = [], waitForAck = false, waitMs = 6000 }) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, protocol);
    const timer = setTimeout(() => { socket.terminate(); resolve({ case: name, code: 0, reason: 'still open' }); }, waitMs);
    socket.on('close', (code, reason) => { clearTimeout(timer); resolve({ case: name, code, reason: reason.toString() || failure || '' }); });
    let failure = null;
    socket.on('error', (error) => { failure = error.message; });
    const queue = [...messages];
    const sendNext = () => { if (queue.length && socket.readyState === WebSocket.OPEN) socket.send(queue.shift()); };
    socket.on('open', () => { if (waitForAck) socket.send(init); else sendNext(); });
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'connection_ack') {
        // Send the rest one by one, a little apart, so each arrives after the previous was handled.
        const pump = () => { sendNext(); if (queue.length) setTimeout(pump, 100); };
        pump();
      }
    });
  });
}

const cases = [
  // graphql-ws's own server: an unknown subprotocol is not agreed to (the client gives up on the
  // handshake), and a socket opened without one is closed with 4406.
  run('unknown subprotocol', { protocol: 'graphql-ws' }),
  run('no subprotocol', { protocol: [] }),
  run('init timeout', { messages: [] }),
  run('duplicate init', { waitForAck: true, messages: [init] }),
  run('subscribe before ack', { messages: [subscribe('1')] }),
  run('duplicate id', { waitForAck: true, messages: [subscribe('1'), subscribe('1')] }),
  run('malformed JSON', { waitForAck: true, messages: ['{not json'] }),
  run('unknown message type', { waitForAck: true, messages: [JSON.stringify({ type: 'shout' })] }),
  run('subscribe without a query', { waitForAck: true, messages: [JSON.stringify({ id: '2', type: 'subscribe', payload: {} })] }),
  run('message without a type', { messages: [JSON.stringify({ payload: {} })] }),
];
const results = JSON.stringify(await Promise.all(cases), null, 2);
// Exit only once the results have reached the pipe.
process.stdout.write(results + '\n', () => process.exit(0));
