// How the screen learns that something changed: the API's subscriptions over graphql-transport-ws.
// Browsers cannot set headers on a WebSocket, so the token travels in connection_init, as the API expects.
import { createClient } from 'graphql-ws';
import { token } from './api';
import type { ACTION_CHANGES, LOG_CHANGES, RETURN_CHANGES } from './documents';

export type LiveStatus = 'connecting' | 'connected' | 'disconnected';

// A burst of returns (the top of the hour) becomes one refresh.
const SETTLE_MS = 300;

/** One of the screen's subscriptions, each sent as the text the build registered. */
type Subscription = typeof RETURN_CHANGES | typeof LOG_CHANGES | typeof ACTION_CHANGES;

// The dashboard follows returns and actions (an action's alerts); the log panel follows the log and the actions.
export function watchIncident(
  incidentId: string, onChange: () => void, onStatus: (status: LiveStatus) => void, subscriptions: Subscription[],
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
