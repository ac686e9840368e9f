import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, gql } from './api';
import { ACTION_CHANGES, DASHBOARD, RETURN_CHANGES } from './documents';
import { formatNumber, formatTime, html } from './html';
import { watchIncident, type LiveStatus } from './live';
import { LogPanel } from './log';
import { TrendChart } from './trend';


// The few measures that matter most for each type of organisation, shown on its tile.
const KEY_MEASURES: Record<string, string[]> = {
  ACUTE_TRUST: ['ED_PATIENTS_IN_DEPARTMENT', 'ELECTIVE_OPS_POSTPONED', 'JUNIOR_DOCTORS_ABSENT'],
  COMMUNITY_TRUST: ['DELAYED_DISCHARGES', 'COMMUNITY_APPTS_POSTPONED'],
  MENTAL_HEALTH_TRUST: ['MH_BEDS_OCCUPIED', 'MH_OUT_OF_AREA_PLACEMENTS'],
  AMBULANCE_TRUST: ['AMBULANCES_QUEUING', 'INCIDENTS_AWAITING_RESPONSE'],
  NHS_111: ['NHS111_CALLS_WAITING', 'NHS111_CALLS_ABANDONED'],
  GP_OUT_OF_HOURS: ['GP_OOH_SHIFTS_UNFILLED', 'GP_OOH_CASES_WAITING'],
  SOCIAL_CARE: ['CARE_PACKAGES_AWAITING_START', 'CARE_HOME_BEDS_AVAILABLE'],
  COMMISSIONER: [],
};

const formatAge = (minutes: number) =>
  minutes < 120 ? `${minutes} min` : minutes < 48 * 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;

const DEFAULT_TREND = ['ELECTIVE_OPS_POSTPONED', 'ED_PATIENTS_IN_DEPARTMENT'];

export function Dashboard({ incident, canDirect, onPrintLog }: { incident: { id: string }; canDirect: boolean; onPrintLog: () => void }) {
  // The replayed instant (a period's due time from the slider, or a log entry's dashboard moment), or null for "now" (live).
  const [replay, setReplay] = useState<string | null>(null);
  const [periods, setPeriods] = useState<any[]>([]);
  const [codes, setCodes] = useState<string[]>(DEFAULT_TREND);
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [tick, setTick] = useState(0);

  const asOf = replay;

  useEffect(() => {
    let current = true;
    gql(DASHBOARD, { id: incident.id, asOf, codes })
      .then((d) => {
        if (!current) return;
        setData({ ...d.incident, replayed: asOf !== null, fetchedAt: new Date() });
        setPeriods(d.incident.periods);
        setError(null);
      })
      .catch((e: Error) => {
        if (!current) return;
        setError(e.message);
        if (asOf === null) setLive('disconnected');
      });
    return () => { current = false; };
  }, [incident.id, asOf, codes.join(','), tick]);

  // Live updates only make sense for "now"; a replayed moment never changes.
  useEffect(() => (replay === null
    ? watchIncident(incident.id, () => setTick((t) => t + 1), setLive, [RETURN_CHANGES, ACTION_CHANGES])
    : undefined), [incident.id, replay]);

  if (!data) return html`<p role="status">${error ?? 'Loading the dashboard…'}</p>`;
  const board = data.dashboard;
  const level = board.systemOpelLevel;

  return html`
    <section aria-labelledby="incident-title">
      <h2 id="incident-title">${data.title} <span class="muted">${data.reference} · ${data.status}</span></h2>
      <div class=${`banner opel-${level ?? 0}`} role="status" data-testid="system-opel">
        System ${level ? `OPEL ${level}` : 'OPEL not yet reported'}
        <span class="banner-detail">as at ${formatTime(board.asOf)}${data.replayed ? ' (replay)' : ' (now)'}</span>
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <${Replay} periods=${periods} value=${replay} onChange=${setReplay} />
      <p class="hint" aria-live="polite">${replay === null
        ? live === 'disconnected'
          ? `Disconnected: showing the dashboard as last fetched at ${data.fetchedAt.toLocaleTimeString('en-GB')}; reconnecting.`
          : live === 'connected'
            ? `Live: the dashboard updates as returns arrive (last updated at ${data.fetchedAt.toLocaleTimeString('en-GB')}).`
            : `Connecting for live updates… (fetched at ${data.fetchedAt.toLocaleTimeString('en-GB')}).`
        : 'Replaying an earlier moment: only returns sent by then are shown.'}
        <button type="button" class="link" onClick=${() => download(data.id, 'sitreps', `${data.reference}-sitreps.csv`).catch((e) => setError(e.message))}>
          Download the returns as CSV</button></p>
    </section>

    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">Organisations</h2>
      <ul class="tiles">${board.organisations.map((o: any) => html`<${Tile} status=${o} />`)}</ul>
    </section>

    <div class="columns">
      <section aria-labelledby="totals-title">
        <h2 id="totals-title">Totals</h2>
        <${Totals} totals=${board.totals} />
      </section>
      <section aria-labelledby="compliance-title">
        <h2 id="compliance-title">Compliance</h2>
        <${Compliance} compliance=${board.compliance} requiresSignOff=${data.requiresSignOff} />
        <h2 id="alerts-title">Alerts</h2>
        <${Alerts} alerts=${board.alerts} />
        <h2 id="log-title">Decisions and actions</h2>
        <${LogPanel} incidentId=${data.id} asOf=${asOf} canDirect=${canDirect}
          onReplay=${(at: string) => { setReplay(at); document.getElementById('incident-title')?.scrollIntoView(); }} onPrint=${onPrintLog} />
      </section>
    </div>

    <section aria-labelledby="trend-title">
      <h2 id="trend-title">Trend</h2>
      <${TrendPicker} totals=${board.totals} codes=${codes} onChange=${setCodes} />
      <${TrendChart} series=${board.trend} />
    </section>

    <section aria-labelledby="narrative-title">
      <h2 id="narrative-title">Narrative of the latest returns</h2>
      <${Narrative} organisations=${board.organisations} />
    </section>`;
}

function Replay({ periods, value, onChange }: { periods: any[]; value: string | null; onChange: (v: string | null) => void }) {
  const max = periods.length; // the last position is "now"
  // An instant between due times (a decision's moment) sits at the last period due by then.
  const at = value === null ? null : Date.parse(value);
  const index = at === null ? -1 : periods.findLastIndex((p) => Date.parse(p.dueAt) <= at);
  const position = at === null ? max : Math.max(index, 0);
  const label = at === null ? 'Now'
    : index >= 0 && Date.parse(periods[index].dueAt) === at ? `${formatTime(value!)} (period ${index + 1} of ${periods.length})`
    : formatTime(value!);
  return html`
    <div class="replay">
      <label for="replay">Replay the dashboard as at</label>
      <input id="replay" type="range" min="0" max=${max} step="1" value=${position} aria-valuetext=${label}
        onInput=${(e: any) => { const v = Number(e.currentTarget.value); onChange(v >= max ? null : periods[v].dueAt); }} />
      <output for="replay" data-testid="replay-label">${label}</output>
    </div>`;
}

function Tile({ status }: { status: any }) {
  const org = status.organisation;
  const latest = status.latest;
  const values = new Map<string, number>((latest?.measures ?? []).map((m: any) => [m.measure.code, m.value]));
  const names = new Map<string, string>((latest?.measures ?? []).map((m: any) => [m.measure.code, m.measure.name]));
  const keys = (KEY_MEASURES[org.type] ?? []).filter((c) => values.has(c));
  const overdue = status.currentReturn === 'OVERDUE';
  return html`
    <li class=${`tile opel-${status.opelLevel ?? 0}`} data-testid="org-tile" data-ods=${org.odsCode}>
      <h3>${org.name}</h3>
      <p class="tile-opel"><strong>${status.opelLevel ? `OPEL ${status.opelLevel}` : 'No return yet'}</strong>
        ${latest?.criticalIncidentDeclared && html` · <strong>Critical incident declared</strong>`}</p>
      <p>Return: <span class=${overdue ? 'overdue' : ''}>${status.currentReturn.toLowerCase()}${overdue ? ' ⚠' : ''}</span>
        ${status.overduePeriods.length > 0 && html` · ${status.overduePeriods.length} overdue`}
        ${status.awaitingSignOff && html` · <strong class="awaiting" data-testid="awaiting-sign-off">awaiting sign-off</strong>`}</p>
      ${latest?.nil && html`<p class="nil" data-testid="nil-return">Nil return: not affected</p>`}
      <p>${status.minutesSinceLatestReturn == null ? 'Never reported' : `Last return ${formatAge(status.minutesSinceLatestReturn)} ago`}</p>
      ${keys.length > 0 && html`<dl class="key-measures">${keys.map((c) => html`<dt>${names.get(c)}</dt><dd>${formatNumber(values.get(c))}</dd>`)}</dl>`}
      ${status.changes.length > 0 && html`
        <details><summary>${status.changes.length} changed since previous return</summary>
          <ul class="changes">${status.changes.map((c: any) => html`
            <li>${c.measure.name}: ${formatNumber(c.previous)} → ${formatNumber(c.current)}
              (${c.difference > 0 ? '+' : ''}${formatNumber(c.difference)})</li>`)}</ul></details>`}
    </li>`;
}

function Totals({ totals }: { totals: any[] }) {
  const resting = totals.some((t) => t.awaitingSignOff > 0);
  return html`
    <div class="scroll"><table data-testid="totals">
      <thead><tr><th scope="col">Measure</th><th scope="col">Now / today</th><th scope="col">Incident to date</th><th scope="col">Reporting</th></tr></thead>
      <tbody>${totals.map((t) => html`
        <tr data-code=${t.measure.code}>
          <th scope="row">${t.measure.name}</th>
          <td class="num">${formatNumber(t.value)}${t.awaitingSignOff > 0 && html`<abbr class="awaiting" data-testid="awaiting-mark"
            title=${`${t.awaitingSignOff} of ${t.reportingOrganisations} returns awaiting sign-off`}>*</abbr>`}</td>
          <td class="num">${t.incidentToDate == null ? '' : formatNumber(t.incidentToDate)}</td>
          <td class="num">${t.reportingOrganisations}</td>
        </tr>`)}</tbody>
    </table></div>
    ${resting && html`<p class="hint" data-testid="awaiting-note">* includes returns awaiting sign-off.</p>`}`;
}

function Compliance({ compliance: c, requiresSignOff }: { compliance: any; requiresSignOff: boolean }) {
  return html`
    <p data-testid="compliance"><strong>${c.percentOnTime}%</strong> on time:
      ${c.onTime} on time, ${c.late} late, <span class=${c.overdue ? 'overdue' : ''}>${c.overdue} overdue</span> of ${c.expected} expected.</p>
    ${(requiresSignOff || c.nil > 0) && html`<p data-testid="sign-off">
      ${requiresSignOff && html`${c.signedOff} signed off, <span class=${c.awaitingSignOff ? 'awaiting' : ''}>${c.awaitingSignOff} awaiting sign-off</span>`}
      ${requiresSignOff && c.nil > 0 && '; '}${c.nil > 0 && `${c.nil} nil ${c.nil === 1 ? 'return' : 'returns'} (not affected)`}.</p>`}`;
}

function Alerts({ alerts }: { alerts: any[] }) {
  if (alerts.length === 0) return html`<p>No alerts.</p>`;
  return html`
    <ol class="alerts" data-testid="alerts" tabindex="0" aria-label="Alerts, newest first">${alerts.slice(0, 30).map((a) => html`
      <li class=${`alert ${a.severity.toLowerCase()}`}>
        <strong>${a.severity}</strong> ${formatTime(a.at)} — ${a.message}
      </li>`)}</ol>
    ${alerts.length > 30 && html`<p class="hint">${alerts.length - 30} older alerts not shown.</p>`}`;
}

function TrendPicker({ totals, codes, onChange }: { totals: any[]; codes: string[]; onChange: (c: string[]) => void }) {
  const toggle = (code: string, on: boolean) => onChange(on ? [...codes, code] : codes.filter((c) => c !== code));
  return html`
    <details class="picker"><summary>Choose measures (${codes.length} shown)</summary>
      <fieldset><legend>Measures on the chart</legend>
        ${totals.map((t) => html`
          <label class="check"><input type="checkbox" checked=${codes.includes(t.measure.code)}
            onChange=${(e: any) => toggle(t.measure.code, e.currentTarget.checked)} /> ${t.measure.name}</label>`)}
      </fieldset></details>`;
}

function Narrative({ organisations }: { organisations: any[] }) {
  const withText = useMemo(() => organisations.filter((o) => o.latest?.keyIssues || o.latest?.supportRequested), [organisations]);
  if (withText.length === 0) return html`<p>No key issues or support requests in the latest returns.</p>`;
  return html`
    <ul class="narrative">${withText.map((o) => html`
      <li><h3>${o.organisation.name} <span class="muted">as at ${formatTime(o.latest.period.startsAt)}</span></h3>
        ${o.latest.keyIssues && html`<p><strong>Key issues:</strong> ${o.latest.keyIssues}</p>`}
        ${o.latest.supportRequested && html`<p class="support"><strong>Support requested:</strong> ${o.latest.supportRequested}</p>`}
      </li>`)}</ul>`;
}
