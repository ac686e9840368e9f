// How the screen learns that something changed: the API's subscriptions over graphql-transport-ws.
// Browsers cannot set headers on a WebSocket, so the token travels in connection_init, as the API expects.
import { createClient } from 'graphql-ws';
import { token } from './api';

export type LiveStatus = 'connecting' | 'connected' | 'disconnected';

// The dashboard follows returns and actions (an action's alerts); the log panel follows the log and the actions.
export const RETURN_CHANGES = 'subscription($id: ID!) { sitrepSubmitted(incidentId: $id) { id version } }';
export const LOG_CHANGES = 'subscription($id: ID!) { logChanged(incidentId: $id) { id } }';
export const ACTION_CHANGES = 'subscription($id: ID!) { actionChanged(incidentId: $id) { id version } }';

// A burst of returns (the top of the hour) becomes one refresh.
const SETTLE_MS = 300;

export function watchIncident(
  incidentId: string, onChange: () => void, onStatus: (status: LiveStatus) => void, subscriptions: string[],
): () => void {
  let timer: number | undefined;
  const changed = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(onChange, SETTLE_MS);
  };

  onStatus('connecting');
  const client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ authorization: `Bearer ${token.get() ?? ''}` }),
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      // After a reconnection something may have been missed, so the dashboard is fetched again.
      connected: () => { onStatus('connected'); changed(); },
      closed: () => onStatus('disconnected'),
    },
  });
  const unsubscribes = subscriptions.map((query) => client.subscribe({ query, variables: { id: incidentId } }, {
    next: changed,
    error: () => onStatus('disconnected'),
    complete: () => undefined,
  }));

  return () => {
    window.clearTimeout(timer);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
    void client.dispose();
  };
}
