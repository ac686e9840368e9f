// The incident's decision log and actions: beside the dashboard (with the form that records a decision on the
// dashboard moment on screen), and as a page to print for the incident's record.
import { useEffect, useState } from 'preact/hooks';
import { download, gql } from './api';
import { ACTION_CHANGES, LOG, LOG_CHANGES, RECORD, UPDATE } from './documents';
import { formatDate, formatTime, html } from './html';
import { watchIncident } from './live';
import { ErrorSummary, messageFor, problemsOf, TextareaField, TextField, thrown, type Problem } from './forms';





/** The log and the actions now, fetched again whenever either changes (live) or `refresh` changes. */
function useLog(incidentId: string, refresh: number) {
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    gql(LOG, { id: incidentId })
      .then((d) => { if (current) { setData(d.incident); setError(null); } })
      .catch((e: Error) => { if (current) setError(e.message); });
    return () => { current = false; };
  }, [incidentId, refresh, tick]);
  useEffect(() => watchIncident(incidentId, () => setTick((t) => t + 1), () => undefined, [LOG_CHANGES, ACTION_CHANGES]), [incidentId]);
  return { data, error };
}

const entries = (log: any) => log.log.edges.map((e: any) => e.node);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function LogPanel({ incidentId, asOf, canDirect, onReplay, onPrint }: {
  incidentId: string; asOf: string | null; canDirect: boolean; onReplay: (at: string) => void; onPrint: () => void;
}) {
  const [refresh, setRefresh] = useState(0);
  const { data, error } = useLog(incidentId, refresh);
  if (!data) return html`<p role="status">${error ?? 'Loading the decision log…'}</p>`;
  const list = entries(data);
  return html`
    <div class="log-panel">
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <p class="hint">
        <button type="button" class="link" onClick=${onPrint}>Printable log</button>
        <button type="button" class="link" onClick=${() => download(incidentId, 'log', `${data.reference}-log.csv`)}>Download the log as CSV</button>
      </p>
      ${canDirect && html`<${DecisionForm} incidentId=${incidentId} asOf=${asOf} onRecorded=${() => setRefresh((r) => r + 1)} />`}
      <h3>Log (${count(data.log.totalCount, 'entry', 'entries')})</h3>
      ${list.length === 0 ? html`<p>Nothing logged yet.</p>` : html`
        <ol class="log-entries" data-testid="log-entries" tabindex="0" aria-label="Decision log, newest first">
          ${[...list].reverse().map((e: any) => html`
            <li class=${`log-entry${e.correctedBy ? ' corrected' : ''}`} data-number=${e.number}>
              <p><strong>${e.number}.</strong> ${e.kind === 'DECISION' ? 'Decision' : 'Information'} at ${formatTime(e.occurredAt)}:
                <span class="log-summary">${e.summary}</span></p>
              ${e.rationale && html`<p class="muted">Because: ${e.rationale}</p>`}
              ${e.corrects && html`<p class="muted">Corrects entry ${e.corrects.number}: ${e.correctionReason}</p>`}
              ${e.correctedBy && html`<p class="overdue">Corrected by entry ${e.correctedBy.number}</p>`}
              <p class="muted">Recorded ${formatTime(e.recordedAt)} by ${e.recordedBy}
                · <button type="button" class="link" onClick=${() => onReplay(e.basedOnAsOf)}>See the dashboard as at ${formatTime(e.basedOnAsOf)}</button></p>
            </li>`)}
        </ol>`}
      <h3>Actions</h3>
      <${Actions} actions=${data.actions} canDirect=${canDirect} onChanged=${() => setRefresh((r) => r + 1)} />
    </div>`;
}

function Actions({ actions, canDirect, onChanged }: { actions: any[]; canDirect: boolean; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (actions.length === 0) return html`<p>No actions yet.</p>`;
  const update = async (action: any, status: string) => {
    const result = (await gql(UPDATE, { input: { actionId: action.id, expectedVersion: action.version, status } })).updateAction;
    setError(result.errors.map((e: any) => e.message).join(' ') || null);
    onChanged();
  };
  return html`
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <ul class="actions" data-testid="actions">${actions.map((a) => html`
      <li class=${a.overdue ? 'action overdue-action' : 'action'} data-number=${a.number}>
        <p><strong>${a.number}.</strong> ${a.title} <span class=${a.overdue ? 'overdue' : ''}>(${a.overdue ? 'overdue' : a.status.toLowerCase()})</span></p>
        <p class="muted">${owner(a)}${a.dueAt ? ` · due ${formatTime(a.dueAt)}` : ''}${a.decision ? ` · for decision ${a.decision.number}` : ''}</p>
        ${canDirect && a.status === 'OPEN' && html`<p>
          <button type="button" class="secondary" onClick=${() => update(a, 'DONE')}>Mark action ${a.number} done</button></p>`}
      </li>`)}</ul>`;
}

const owner = (a: any) => [a.owner?.name, a.ownerName].filter(Boolean).join(', ') || 'No owner';

// The form's fields as the server names them, each with its control on the page.
const DECISION_TARGETS: Record<string, string> = {
  summary: 'decision-summary', rationale: 'decision-rationale', decisionMaker: 'decision-maker', optionsConsidered: 'decision-option-0',
};

/** Records a decision on the dashboard moment on screen; every refusal in NHS.UK's error summary, linked to its field. */
function DecisionForm({ incidentId, asOf, onRecorded }: { incidentId: string; asOf: string | null; onRecorded: () => void }) {
  const empty = { summary: '', rationale: '', decisionMaker: '', options: [''] };
  const [values, setValues] = useState(empty);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const setOption = (i: number, text: string) => set({ options: values.options.map((o, j) => (i === j ? text : o)) });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setMessage(null);
    setSending(true);
    const options = values.options.map((o) => o.trim()).filter(Boolean);
    try {
      const result = (await gql(RECORD, { input: {
        incidentId, kind: 'DECISION', summary: values.summary, rationale: values.rationale || null, decisionMaker: values.decisionMaker || null,
        optionsConsidered: options, basedOnAsOf: asOf, idempotencyKey: crypto.randomUUID(),
      } })).recordLogEntry;
      setProblems(problemsOf(result.errors, (field) => DECISION_TARGETS[field[0]] ?? null));
      if (result.entry) {
        setMessage(`Logged as entry ${result.entry.number}, on the dashboard as at ${formatTime(result.entry.basedOnAsOf)}.`);
        setValues(empty);
        onRecorded();
      }
    } catch (error) {
      setProblems(thrown(error));
    } finally {
      setSending(false);
    }
  };
  const optionsMessage = messageFor(problems, DECISION_TARGETS.optionsConsidered);
  return html`
    <form class="decision" onSubmit=${submit} noValidate aria-labelledby="decision-title">
      <h3 id="decision-title">Record a decision</h3>
      <${ErrorSummary} problems=${problems} testId="decision-errors" />
      <p class="nhsuk-hint" data-testid="decision-moment">${asOf ? `Taken on the dashboard as at ${formatTime(asOf)} (the replay on screen).` : 'Taken on the dashboard as it is now.'}</p>
      <${TextField} id="decision-summary" label="Decision" problems=${problems} value=${values.summary} onInput=${(v: string) => set({ summary: v })} />
      <${TextareaField} id="decision-rationale" label="Reasons" rows=${2} problems=${problems} value=${values.rationale} onInput=${(v: string) => set({ rationale: v })} />
      <div class=${`nhsuk-form-group${optionsMessage ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset class="nhsuk-fieldset" aria-describedby=${optionsMessage ? 'decision-options-error' : undefined}>
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Options considered</legend>
          ${optionsMessage && html`<span class="nhsuk-error-message" id="decision-options-error"><span class="nhsuk-u-visually-hidden">Error: </span>${optionsMessage}</span>`}
          ${values.options.map((o, i) => html`
            <div class="nhsuk-form-group option">
              <label class="nhsuk-label" for=${`decision-option-${i}`}>Option ${i + 1}</label>
              <input class=${`nhsuk-input${i === 0 && optionsMessage ? ' nhsuk-input--error' : ''}`} id=${`decision-option-${i}`} type="text" value=${o}
                onInput=${(e: any) => setOption(i, e.currentTarget.value)} />
              ${values.options.length > 1 && html`<button type="button" class="link" onClick=${() => set({ options: values.options.filter((_, j) => j !== i) })}>
                Remove option ${i + 1}</button>`}</div>`)}
          <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick=${() => set({ options: [...values.options, ''] })}>Add an option</button>
        </fieldset>
      </div>
      <${TextField} id="decision-maker" label="Decision maker" problems=${problems} value=${values.decisionMaker} onInput=${(v: string) => set({ decisionMaker: v })} />
      <button type="submit" class="nhsuk-button" disabled=${sending}>Record the decision</button>
      ${message && html`<p role="status">${message}</p>`}
    </form>`;
}

/** The whole log and every action with its updates, laid out for paper (see the print rules in style.css). */
export function PrintableLog({ incidentId, onBack }: { incidentId: string; onBack: () => void }) {
  const { data, error } = useLog(incidentId, 0);
  if (!data) return html`<p role="status">${error ?? 'Loading the decision log…'}</p>`;
  return html`
    <article class="printable" aria-labelledby="printable-title">
      <p class="no-print"><button type="button" onClick=${() => window.print()}>Print</button>
        <button type="button" class="secondary" onClick=${onBack}>Back to the dashboard</button></p>
      <h2 id="printable-title">Decision log: ${data.title}</h2>
      <p>${data.reference} · ${data.status} · printed ${formatDate(new Date().toISOString())} · ${count(data.log.totalCount, 'entry', 'entries')}, ${count(data.actions.length, 'action', 'actions')}</p>
      <table class="print-table" data-testid="printable-log">
        <thead><tr><th scope="col">No.</th><th scope="col">When</th><th scope="col">Entry</th><th scope="col">Recorded</th></tr></thead>
        <tbody>${entries(data).map((e: any) => html`
          <tr>
            <td>${e.number}</td>
            <td>${formatDate(e.occurredAt)}</td>
            <td><strong>${e.kind === 'DECISION' ? 'Decision' : 'Information'}:</strong> ${e.summary}
              ${e.rationale && html`<br />Reasons: ${e.rationale}`}
              ${e.optionsConsidered.length > 0 && html`<br />Options considered: ${e.optionsConsidered.join('; ')}`}
              ${e.decisionMaker && html`<br />Decision maker: ${e.decisionMaker}`}
              <br />On the dashboard as at ${formatDate(e.basedOnAsOf)}
              ${e.corrects && html`<br />Corrects entry ${e.corrects.number}: ${e.correctionReason}`}
              ${e.correctedBy && html`<br /><strong>Corrected by entry ${e.correctedBy.number}</strong>`}</td>
            <td>${formatDate(e.recordedAt)}, ${e.recordedBy}${e.delayReason ? html`<br />Late because: ${e.delayReason}` : ''}</td>
          </tr>`)}</tbody>
      </table>
      <h2>Actions</h2>
      <table class="print-table">
        <thead><tr><th scope="col">No.</th><th scope="col">Action</th><th scope="col">Owner and due</th><th scope="col">History</th></tr></thead>
        <tbody>${data.actions.map((a: any) => html`
          <tr>
            <td>${a.number}</td>
            <td>${a.title}${a.decision ? html`<br />For decision ${a.decision.number}` : ''}<br /><strong>${a.overdue ? 'OVERDUE' : a.status}</strong></td>
            <td>${owner(a)}${a.dueAt ? html`<br />Due ${formatDate(a.dueAt)}` : ''}</td>
            <td>${a.updates.length === 0 ? 'No updates' : a.updates.map((u: any) => html`${formatDate(u.at)} ${u.status} by ${u.by}${u.note ? `: ${u.note}` : ''}<br />`)}</td>
          </tr>`)}</tbody>
      </table>
    </article>`;
}
