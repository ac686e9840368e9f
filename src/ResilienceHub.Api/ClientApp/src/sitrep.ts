// The system sitrep for the call and for the region: the system at the dashboard's instant on one printable page (A4,
// see the print rules in style.scss), set beside the previous report time for what changed, with the decisions logged
// since then. Saved as a PDF by the browser's own print dialogue: the server has no browser to print with.
import { useEffect, useState } from 'preact/hooks';
import { gql } from './api';
import { LOG_AT, SYSTEM_SITREP } from './documents';
import { formatDate, formatDuration, formatNumber, html, minutesBetween, organisationHref, quantity, RETURN_WORDS, typeName } from './html';

/** The report time before the instant shown: the latest due time strictly earlier, or null before the second one. */
export function previousReportTime(periods: { dueAt: string }[], asOf: string): string | null {
  const at = Date.parse(asOf);
  return periods.map((p) => p.dueAt).filter((d) => Date.parse(d) < at).at(-1) ?? null;
}

/** Every log entry as the log stood at asOf, page after page. */
async function logAt(incidentId: string, asOf: string): Promise<any[]> {
  const entries: any[] = [];
  let after: string | null = null;
  do {
    const page: any = (await gql(LOG_AT, { id: incidentId, asOf, after })).incident.log;
    entries.push(...page.edges.map((e: any) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return entries;
}

const SEVERITY: Record<string, number> = { CRITICAL: 0, WARNING: 1, INFO: 2 };
const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : 'no change');
const opel = (level: number | null | undefined) => (level ? `OPEL ${level}` : 'no return');

export function SystemSitrep({ incidentId, periods, asOf }: { incidentId: string; periods: any[]; asOf: string }) {
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const previous = previousReportTime(periods, asOf);
  useEffect(() => {
    let current = true;
    Promise.all([
      gql(SYSTEM_SITREP, { id: incidentId, asOf, previous, hasPrevious: previous !== null }),
      logAt(incidentId, asOf),
    ])
      .then(([d, log]) => { if (current) { setData({ ...d.incident, log }); setError(null); } })
      .catch((e: Error) => { if (current) setError(e.message); });
    return () => { current = false; };
  }, [incidentId, asOf, previous]);

  const back = html`<a class="nhsuk-back-link no-print" href="#">Back to the dashboard</a>`;
  if (!data) return html`${back}<p role="status">${error ?? 'Loading the system sitrep…'}</p>`;
  const board = data.now;
  const before = data.before;
  const since = previous ? formatDate(previous) : null;

  const opelBefore = new Map<string, number | null>((before?.organisations ?? []).map((o: any) => [o.organisation.id, o.opelLevel]));
  // Highest OPEL first: the order the call goes round the system.
  const organisations = [...board.organisations].sort((a, b) => (b.opelLevel ?? 0) - (a.opelLevel ?? 0)
    || a.organisation.name.localeCompare(b.organisation.name, 'en-GB'));
  const totalsBefore = new Map<string, any>((before?.totals ?? []).map((t: any) => [t.measure.code, t]));
  // A cumulative measure's change is over the incident (today's total restarts at midnight); a snapshot's is its value's.
  const change = (t: any) => {
    const b = totalsBefore.get(t.measure.code);
    if (!before) return null;
    return t.measure.kind === 'CUMULATIVE_DAILY' ? (t.incidentToDate ?? 0) - (b?.incidentToDate ?? 0) : t.value - (b?.value ?? 0);
  };
  const opelChanges = before ? organisations.filter((o) => (opelBefore.get(o.organisation.id) ?? null) !== (o.opelLevel ?? null)) : [];
  const totalChanges = board.totals.filter((t: any) => (change(t) ?? 0) !== 0);
  const overdue = organisations.filter((o) => o.overduePeriods.length > 0)
    .sort((a, b) => Date.parse(a.overduePeriods[0].dueAt) - Date.parse(b.overduePeriods[0].dueAt));
  const alerts = [...board.alerts].sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity] || Date.parse(b.at) - Date.parse(a.at));
  const sinceBefore = (at: string) => previous === null || Date.parse(at) > Date.parse(previous);
  const listed = alerts.filter((a) => a.severity !== 'INFO' || sinceBefore(a.at));
  const olderInfo = alerts.length - listed.length;
  const decisions = data.log.filter((e: any) => sinceBefore(e.occurredAt));
  const c = board.compliance;

  return html`
    ${back}
    <article class="printable sitrep" aria-labelledby="sitrep-title" data-testid="system-sitrep" data-as-of=${board.asOf} data-previous=${previous ?? ''}>
      <div class="no-print nhsuk-inset-text">
        <p>For the system call and the region: print it, or save it as a PDF by choosing <strong>Save as PDF</strong> as the
          destination in the print dialogue. It is laid out on A4.</p>
        <button type="button" class="nhsuk-button" onClick=${() => window.print()}>Print or save as PDF</button>
      </div>
      <h2 id="sitrep-title">System sitrep: ${data.title}</h2>
      <p data-testid="sitrep-moment">${data.reference} · as at ${formatDate(board.asOf)}${since ? ` · compared with the previous report time, ${since}` : ' · the first report time'}
        ${data.stoodDownAt ? ` · stood down ${formatDate(data.stoodDownAt)}` : ''}</p>

      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">System OPEL</dt>
          <dd class="nhsuk-summary-list__value" data-testid="sitrep-system-opel">${board.systemOpelLevel ? `OPEL ${board.systemOpelLevel}` : 'Not yet reported'}${
            before && before.systemOpelLevel !== board.systemOpelLevel ? ` (${opel(before.systemOpelLevel)} at ${since})` : ''}</dd></div>
        <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Spread</dt>
          <dd class="nhsuk-summary-list__value">${board.opelSpread.map((s: any) => `OPEL ${s.level}: ${s.organisations}`).join(', ')}</dd></div>
        <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Returns</dt>
          <dd class="nhsuk-summary-list__value">${`${c.percentOnTime}% on time: ${c.onTime} on time, ${c.late} late, ${c.overdue} overdue, of ${c.expected} expected.`}</dd></div>
      </dl>

      <section aria-labelledby="sitrep-overdue">
        <h3 id="sitrep-overdue">Overdue returns</h3>
        ${overdue.length === 0 ? html`<p>None: every return due by ${formatDate(board.asOf)} is in.</p>` : html`
          <ul data-testid="sitrep-overdue">${overdue.map((o) => html`
            <li data-ods=${o.organisation.odsCode}><a href=${organisationHref(o.organisation.id)}>${o.organisation.name}</a> (${o.organisation.odsCode}):
              ${o.overduePeriods.length === 1 ? '1 return' : `${o.overduePeriods.length} returns`} overdue, the oldest due ${formatDate(o.overduePeriods[0].dueAt)},
              ${formatDuration(minutesBetween(o.overduePeriods[0].dueAt, board.asOf))} late</li>`)}</ul>`}
      </section>

      <section aria-labelledby="sitrep-changed">
        <h3 id="sitrep-changed">What changed since ${since ?? 'the start'}</h3>
        ${!before ? html`<p>This is the first report time: there is nothing earlier to compare with.</p>`
          : opelChanges.length === 0 && totalChanges.length === 0 ? html`<p>No organisation's OPEL and no total changed.</p>` : html`
          <ul data-testid="sitrep-changes">
            ${opelChanges.map((o) => html`<li>${o.organisation.name} (${o.organisation.odsCode}): ${opel(opelBefore.get(o.organisation.id))} → ${opel(o.opelLevel)}</li>`)}
            ${totalChanges.map((t: any) => html`<li>${`${t.measure.name}: ${signed(change(t)!)}${t.measure.kind === 'CUMULATIVE_DAILY' ? ' over the incident' : ''} (${quantity(t.measure.kind === 'CUMULATIVE_DAILY' ? t.incidentToDate ?? 0 : t.value, t.measure.unit)} now)`}</li>`)}
          </ul>`}
      </section>

      <section aria-labelledby="sitrep-opel">
        <h3 id="sitrep-opel">OPEL by organisation</h3>
        <table class="print-table" data-testid="sitrep-organisations">
          <thead><tr><th scope="col">Organisation</th><th scope="col">OPEL</th><th scope="col">${since ? 'At the previous report time' : 'Before'}</th><th scope="col">Return</th><th scope="col">Notes</th></tr></thead>
          <tbody>${organisations.map((o) => html`
            <tr data-ods=${o.organisation.odsCode}>
              <th scope="row">${o.organisation.name} (${o.organisation.odsCode})<br /><span class="muted">${typeName(o.organisation.type)}</span></th>
              <td class="opel">${opel(o.opelLevel)}</td>
              <td class="opel">${before ? opel(opelBefore.get(o.organisation.id)) : ''}</td>
              <td>${o.overduePeriods.length > 0 ? 'Overdue' : RETURN_WORDS[o.currentReturn] ?? o.currentReturn}</td>
              <td>${[o.latest?.criticalIncidentDeclared && 'Critical incident declared', o.latest?.supportRequested && `Support requested: ${o.latest.supportRequested}`].filter(Boolean).join('; ')}</td>
            </tr>`)}</tbody>
        </table>
      </section>

      <section aria-labelledby="sitrep-totals">
        <h3 id="sitrep-totals">Key totals</h3>
        <table class="print-table" data-testid="sitrep-totals">
          <thead><tr><th scope="col">Measure</th><th scope="col">Now / today</th><th scope="col">Incident to date</th><th scope="col">Change since ${since ?? 'the start'}</th><th scope="col">Reporting</th></tr></thead>
          <tbody>${board.totals.map((t: any) => html`
            <tr data-code=${t.measure.code}>
              <th scope="row">${t.measure.name}</th>
              <td class="num">${formatNumber(t.value)}</td>
              <td class="num">${t.incidentToDate == null ? '—' : formatNumber(t.incidentToDate)}</td>
              <td class="num">${before ? signed(change(t)!) : ''}</td>
              <td class="num">${t.reportingOrganisations}</td>
            </tr>`)}</tbody>
        </table>
      </section>

      <section aria-labelledby="sitrep-alerts">
        <h3 id="sitrep-alerts">Alerts</h3>
        ${listed.length === 0 ? html`<p>No critical or warning alerts${previous ? ', and no information alert since the previous report time' : ''}.</p>` : html`
          <ul class="sitrep-alerts" data-testid="sitrep-alerts">${listed.map((a) => html`
            <li data-severity=${a.severity}><strong>${a.severity}</strong> ${`${formatDate(a.at)}: ${a.message}`}</li>`)}</ul>`}
        ${olderInfo > 0 && html`<p class="muted">${olderInfo} older information ${olderInfo === 1 ? 'alert' : 'alerts'} not listed.</p>`}
      </section>

      <section aria-labelledby="sitrep-decisions">
        <h3 id="sitrep-decisions">Decisions and log entries since ${since ?? 'the start'}</h3>
        ${decisions.length === 0 ? html`<p>Nothing logged since ${since ?? 'the start'}.</p>` : html`
          <ul class="nhsuk-list sitrep-log" data-testid="sitrep-decisions">${decisions.map((e: any) => html`
            <li data-number=${e.number}><strong>${e.number}. ${e.kind === 'DECISION' ? 'Decision' : 'Information'}</strong>${`, ${formatDate(e.occurredAt)}: ${e.summary}`}${
              e.rationale ? ` Because: ${e.rationale}` : ''}${e.decisionMaker ? ` (${e.decisionMaker})` : ''}${
              e.corrects ? ` Corrects entry ${e.corrects.number}.` : ''}${e.correctedBy ? ` Corrected by entry ${e.correctedBy.number}.` : ''}</li>`)}</ul>`}
      </section>
      <p class="muted">Printed ${formatDate(new Date().toISOString())} from ResilienceHub.</p>
    </article>`;
}
