// One organisation's story in the incident: every period's return status, every version of its returns with what each
// amendment changed and why, its trend for chosen measures and its alerts, all as known at the dashboard's instant.
import { useEffect, useState } from 'preact/hooks';
import { gql } from './api';
import { ORGANISATION, ORGANISATION_RETURNS } from './documents';
import { formatNumber, formatTime, html, quantity } from './html';
import { TrendChart } from './trend';

/** What a version changed from the one before it: OPEL, the critical incident, each measure, each text. */
function changesBetween(before: any, after: any): string[] {
  const changes: string[] = [];
  if (before.opelLevel !== after.opelLevel) changes.push(`OPEL ${before.opelLevel} → ${after.opelLevel}`);
  if (before.criticalIncidentDeclared !== after.criticalIncidentDeclared) {
    changes.push(after.criticalIncidentDeclared ? 'Critical incident declared' : 'Critical incident stood down');
  }
  if (before.nil !== after.nil) changes.push(after.nil ? 'Now a nil return' : 'No longer a nil return');
  const old = new Map<string, any>(before.measures.map((m: any) => [m.measure.code, m]));
  const now = new Map<string, any>(after.measures.map((m: any) => [m.measure.code, m]));
  for (const code of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(code);
    const b = now.get(code);
    if (a?.value === b?.value) continue;
    const measure = (b ?? a).measure;
    const difference = (b?.value ?? 0) - (a?.value ?? 0);
    changes.push(`${measure.name}: ${formatNumber(a?.value)} → ${formatNumber(b?.value)} (${difference > 0 ? '+' : ''}${quantity(difference, measure.unit)})`);
  }
  for (const [key, name] of [['keyIssues', 'Key issues'], ['mitigations', 'Mitigations'], ['supportRequested', 'Support requested']] as const) {
    if ((before[key] ?? '') !== (after[key] ?? '')) changes.push(`${name} changed`);
  }
  return changes;
}

export function OrganisationPage({ incidentId, organisationId, asOf }: { incidentId: string; organisationId: string; asOf: string | null }) {
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  useEffect(() => {
    let current = true;
    (async () => {
      const d = await gql(ORGANISATION, { id: incidentId, orgId: organisationId, asOf });
      // Every return, a page of 60 at a time: one page with its versions is what the complexity limit allows.
      const edges = [...(d.incident?.sitreps.edges ?? [])];
      for (let page = d.incident?.sitreps.pageInfo; page?.hasNextPage && current;) {
        const next = (await gql(ORGANISATION_RETURNS, { id: incidentId, orgId: organisationId, after: page.endCursor })).incident.sitreps;
        edges.push(...next.edges);
        page = next.pageInfo;
      }
      return d.incident ? { ...d, incident: { ...d.incident, sitreps: { edges } } } : d;
    })()
      .then((d) => { if (current) { setData(d); setError(null); } })
      .catch((e: Error) => { if (current) setError(e.message); });
    return () => { current = false; };
  }, [incidentId, organisationId, asOf]);

  const back = html`<a class="nhsuk-back-link" href="#">Back to the dashboard</a>`;
  if (!data) return html`${back}<p role="status">${error ?? 'Loading the organisation…'}</p>`;
  if (!data.organisation) return html`${back}<p>This organisation is not one you may see.</p>`;
  const org = data.organisation;
  const board = data.incident.dashboard;
  const status = board.organisations.find((o: any) => o.organisation.id === org.id);
  // The versions known at the dashboard's instant: a replay shows no version sent after it.
  const known = (v: any) => Date.parse(v.submittedAt) <= Date.parse(board.asOf);
  const returns = data.incident.sitreps.edges.map((e: any) => ({ ...e.node, versions: e.node.versions.filter(known) }))
    .filter((s: any) => s.versions.length > 0);
  const byPeriod = new Map<string, any>(returns.map((s: any) => [s.period.startsAt, s]));
  const overdue = new Set<string>((status?.overduePeriods ?? []).map((p: any) => p.startsAt));
  const due = data.incident.periods.filter((p: any) => Date.parse(p.startsAt) <= Date.parse(board.asOf));

  const measures = new Map<string, any>();
  for (const s of returns) for (const m of s.versions.at(-1).measures) measures.set(m.measure.code, m.measure);
  const chosen = codes ?? [...measures.keys()].slice(0, 2);
  const series = chosen.filter((c) => measures.has(c)).map((code) => ({
    measure: measures.get(code),
    points: returns.map((s: any) => ({ startsAt: s.period.startsAt, value: s.versions.at(-1).measures.find((m: any) => m.measure.code === code)?.value ?? null })),
  }));
  const alerts = board.alerts.filter((a: any) => a.organisation?.id === org.id);

  return html`
    ${back}
    <article aria-labelledby="organisation-title" data-testid="organisation-page" data-ods=${org.odsCode}>
      <h2 id="organisation-title">${org.name} <span class="muted">${org.odsCode} · ${org.type.toLowerCase().replaceAll('_', ' ')}</span></h2>
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">OPEL level</dt>
          <dd class="nhsuk-summary-list__value">${status?.opelLevel ? `OPEL ${status.opelLevel}` : 'No return yet'}</dd></div>
        <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Returns</dt>
          <dd class="nhsuk-summary-list__value">${returns.length} sent for ${due.length} report times so far${overdue.size ? html`; <strong class="overdue">${overdue.size} overdue</strong>` : ''}</dd></div>
        <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">As at</dt>
          <dd class="nhsuk-summary-list__value">${formatTime(board.asOf)}</dd></div>
      </dl>

      <h3>Every report time</h3>
      <div class="scroll"><table data-testid="organisation-periods">
        <caption class="nhsuk-table__caption">Each report time of the incident up to ${formatTime(board.asOf)}, with this organisation's return</caption>
        <thead><tr><th scope="col">Report time</th><th scope="col">Return</th><th scope="col">OPEL</th><th scope="col">Versions</th></tr></thead>
        <tbody>${due.map((p: any) => {
          const s = byPeriod.get(p.startsAt);
          const first = s?.versions[0];
          const state = s ? (first.nil ? 'Nil return' : first.late ? 'Late' : 'On time')
            : overdue.has(p.startsAt) ? 'Overdue' : Date.parse(p.dueAt) > Date.parse(board.asOf) ? 'Due' : 'Not sent';
          const tag = { 'On time': 'nhsuk-tag--green', Late: 'nhsuk-tag--orange', Overdue: 'nhsuk-tag--red', Due: 'nhsuk-tag--blue', 'Nil return': 'nhsuk-tag--white', 'Not sent': 'nhsuk-tag--grey' }[state];
          return html`<tr data-starts-at=${p.startsAt}>
            <td>${formatTime(p.startsAt)}</td>
            <td><strong class=${`nhsuk-tag ${tag}`}>${state}</strong></td>
            <td>${s ? `OPEL ${s.versions.at(-1).opelLevel}` : ''}</td>
            <td>${s ? s.versions.length : ''}</td></tr>`;
        })}</tbody>
      </table></div>

      <h3>Amendments</h3>
      ${returns.some((s: any) => s.versions.length > 1) ? html`
        <ol class="versions" data-testid="amendments">${returns.filter((s: any) => s.versions.length > 1).flatMap((s: any) =>
          s.versions.slice(1).map((v: any, i: number) => html`
            <li data-starts-at=${s.period.startsAt} data-version=${v.version}>
              <p><strong>The ${formatTime(s.period.startsAt)} return, version ${v.version}</strong>, sent ${formatTime(v.submittedAt)} by ${v.submittedBy}${v.onBehalfOf ? ` on behalf of ${v.onBehalfOf}` : ''}</p>
              <p>Why: ${v.amendmentReason ?? 'no reason given'}</p>
              <ul>${changesBetween(s.versions[i], v).map((c) => html`<li>${c}</li>`)}</ul>
            </li>`))}</ol>` : html`<p>No return has been amended.</p>`}

      <h3>Trend</h3>
      <fieldset class="nhsuk-fieldset picker"><legend class="nhsuk-fieldset__legend">Measures on the chart</legend>
        ${[...measures.values()].map((m) => html`
          <label class="check"><input type="checkbox" checked=${chosen.includes(m.code)}
            onChange=${(e: any) => setCodes(e.currentTarget.checked ? [...chosen, m.code] : chosen.filter((c) => c !== m.code))} /> ${m.name}</label>`)}
      </fieldset>
      <${TrendChart} series=${series} />

      <h3>Alerts</h3>
      ${alerts.length === 0 ? html`<p>No alerts.</p>` : html`
        <ol class="alerts" data-testid="organisation-alerts">${alerts.map((a: any) => html`
          <li class=${`alert ${a.severity.toLowerCase()}`}><strong>${a.severity}</strong> ${formatTime(a.at)} — ${a.message}</li>`)}</ol>`}
    </article>`;
}
