// How the dashboard learns that something changed.
//
// SEAM (graphql-ws): live updates over graphql-transport-ws are not merged into the API yet, so
// for now this polls every 15 seconds. When the subscription lands, replace the body of
// `watchIncident` with a graphql-ws client subscribing to the incident's changes and calling
// `onChange` on each event (and `onStatus('disconnected')` when the socket drops); callers stay as they are.

export const POLL_SECONDS = 15;

export type LiveStatus = 'polling' | 'connected' | 'disconnected';

export function watchIncident(_incidentId: string, onChange: () => void, onStatus: (status: LiveStatus) => void): () => void {
  onStatus('polling');
  const timer = window.setInterval(onChange, POLL_SECONDS * 1000);
  return () => window.clearInterval(timer);
}
