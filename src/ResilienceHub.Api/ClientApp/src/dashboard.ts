import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, gql } from './api';
import { ACTION_CHANGES, ALERTS, CONTACTS, DASHBOARD, RETURN_CHANGES, TILE_DETAILS } from './documents';
import { formatDuration, formatNumber, formatTime, html, minutesBetween, organisationHref, quantity, RETURN_TAGS, RETURN_WORDS, typeName } from './html';
import { OrganisationPage } from './organisation';
import { SelectField, TextField } from './forms';
import { SystemSitrep } from './sitrep';
import { watchIncident, type LiveStatus } from './live';
import { LogPanel } from './log';
import { TrendChart } from './trend';


// The few measures that matter most for each type of organisation, shown on its tile; TILE_DETAILS asks for each by its code.
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


const DEFAULT_TREND = ['ELECTIVE_OPS_POSTPONED', 'ED_PATIENTS_IN_DEPARTMENT'];

/** The page the address names: an organisation's (`#organisation/…`), the system sitrep (`#sitrep`), or the dashboard. */
type Route = { organisationId: string } | { sitrep: true } | null;
function useRoute(): Route {
  const read = (): Route => (location.hash.startsWith('#organisation/')
    ? { organisationId: decodeURIComponent(location.hash.slice('#organisation/'.length)) }
    : location.hash === '#sitrep' ? { sitrep: true } : null);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = () => { setRoute(read()); window.scrollTo(0, 0); };
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** `canCall`: the caller is a director or an admin, whom the API gives the contacts of its groups' organisations. */
export function Dashboard({ incident, canDirect, canCall = false, onPrintLog }: {
  incident: { id: string; status: string }; canDirect: boolean; canCall?: boolean; onPrintLog: () => void;
}) {
  const stoodDown = incident.status === 'STOOD_DOWN';
  // The replayed instant (a period's due time from the slider, or a log entry's dashboard moment), or null for "now"
  // (live). A stood-down incident opens at its last report time (undefined until its periods are known): "now" is
  // long after anything happened in it.
  const [replay, setReplay] = useState<string | null | undefined>(stoodDown ? undefined : null);
  const [periods, setPeriods] = useState<any[]>([]);
  const [codes, setCodes] = useState<string[]>(DEFAULT_TREND);
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [tick, setTick] = useState(0);
  const route = useRoute();

  const asOf = replay ?? null;

  useEffect(() => {
    let current = true;
    gql(DASHBOARD, { id: incident.id, asOf, codes })
      .then((d) => {
        if (!current) return;
        if (replay === undefined) {
          setReplay(d.incident.periods.at(-1)?.dueAt ?? null);
          return;
        }
        const board = d.incident.dashboard;
        const name = naming(board.organisations);
        setData({ ...d.incident, replayed: asOf !== null, fetchedAt: new Date(), dashboard: { ...board,
          alerts: [...board.critical, ...board.warning, ...board.info].map(name), actionsOverdue: board.actionsOverdue.map(name),
          alertCount: board.criticalCount + board.warningCount + board.infoCount } });
        setPeriods(d.incident.periods);
        setError(null);
      })
      .catch((e: Error) => {
        if (!current) return;
        setError(e.message);
        if (asOf === null) setLive('disconnected');
      });
    return () => { current = false; };
  }, [incident.id, asOf, replay === undefined, codes.join(','), tick]);

  // Live updates only make sense for "now"; a replayed moment never changes.
  useEffect(() => (replay === null
    ? watchIncident(incident.id, () => setTick((t) => t + 1), setLive, [RETURN_CHANGES, ACTION_CHANGES])
    : undefined), [incident.id, replay]);

  if (!data) return html`<p role="status">${error ?? 'Loading the dashboard…'}</p>`;
  const board = data.dashboard;
  const level = board.systemOpelLevel;
  const lastDue = periods.at(-1)?.dueAt;
  const atLastReport = data.replayed && asOf === lastDue;
  const moment = !data.replayed ? ' (now)' : stoodDown && atLastReport ? ' (last report time)' : ' (replay)';

  return html`
    <section aria-label="The dashboard's moment" class="no-print">
      <div class=${`banner opel-${level ?? 0}`} role="status" data-testid="system-opel" data-as-of=${board.asOf}>
        System ${level ? `OPEL ${level}` : 'OPEL not yet reported'}
        <span class="banner-detail">as at ${formatTime(board.asOf)}${moment}${spread(board.opelSpread)}</span>
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <${Replay} periods=${periods} value=${asOf} stoodDown=${stoodDown} onChange=${setReplay} />
      <p class="hint" aria-live="polite" data-testid="moment-note" data-live=${replay === null ? live : 'replay'}>${stoodDown
        ? replay === null
          ? `Stood down ${formatTime(data.stoodDownAt)}. Showing every return and correction received since.`
          : atLastReport
            ? `Stood down ${formatTime(data.stoodDownAt)}. Showing its last report time; the slider's last position shows corrections received since.`
            : 'Replaying an earlier moment: only returns sent by then are shown.'
        : replay === null
          ? live === 'disconnected'
            ? `Disconnected: showing the dashboard as last fetched at ${data.fetchedAt.toLocaleTimeString('en-GB')}; reconnecting.`
            : live === 'connected'
              ? `Live: the dashboard updates as returns arrive (last updated at ${data.fetchedAt.toLocaleTimeString('en-GB')}).`
              : `Connecting for live updates… (fetched at ${data.fetchedAt.toLocaleTimeString('en-GB')}).`
          : 'Replaying an earlier moment: only returns sent by then are shown.'}
        <button type="button" class="link" onClick=${() => download(data.id, 'sitreps', `${data.reference}-sitreps.csv`).catch((e) => setError(e.message))}>
          Download the returns as CSV</button></p>
      <p class="sitrep-moment-link"><a href="#sitrep">System sitrep for the call (print or PDF)</a></p>
    </section>
    ${route && 'organisationId' in route
      ? html`<${OrganisationPage} key=${route.organisationId} incidentId=${data.id} organisationId=${route.organisationId} asOf=${asOf} />`
      : route && 'sitrep' in route
      ? html`<${SystemSitrep} incidentId=${data.id} periods=${periods} asOf=${board.asOf} />`
      : html`<${Board} data=${data} asOf=${asOf} canDirect=${canDirect} canCall=${canCall} codes=${codes} setCodes=${setCodes} onPrintLog=${onPrintLog}
          onReplay=${(at: string) => { setReplay(at); document.getElementById('incident-title')?.scrollIntoView(); }} />`}`;
}

/** Each alert names its organisation by id: its name is the dashboard's (an action's owner elsewhere: a plain word). */
const naming = (organisations: any[]) => {
  const named = new Map<string, any>(organisations.map((o: any) => [o.organisation.id, o.organisation]));
  return (a: any) => (a.organisation ? { ...a, organisation: named.get(a.organisation.id) ?? { ...a.organisation, name: 'its owner' } } : a);
};

const spread = (counts: any[]) => {
  const shown = counts.filter((c) => c.organisations > 0);
  return shown.length ? ` · ${shown.map((c) => `OPEL ${c.level}: ${c.organisations}`).join(', ')}` : '';
};

function Board({ data, asOf, canDirect, canCall, codes, setCodes, onPrintLog, onReplay }: {
  data: any; asOf: string | null; canDirect: boolean; canCall: boolean; codes: string[]; setCodes: (c: string[]) => void; onPrintLog: () => void; onReplay: (at: string) => void;
}) {
  const board = data.dashboard;
  return html`
    <${Attention} board=${board} canCall=${canCall} fetchedAt=${data.fetchedAt.getTime()} />

    <${Organisations} incidentId=${data.id} organisations=${board.organisations} asOf=${board.asOf} fetchedAt=${data.fetchedAt.getTime()}
      names=${new Map<string, string>(board.totals.map((t: any) => [t.measure.code, t.measure.name]))} />

    <div class="columns">
      <section aria-labelledby="totals-title">
        <h2 id="totals-title">Totals</h2>
        <${Totals} totals=${board.totals} />
      </section>
      <section aria-labelledby="compliance-title">
        <h2 id="compliance-title">Compliance</h2>
        <${Compliance} compliance=${board.compliance} requiresSignOff=${data.requiresSignOff} />
        <h2 id="alerts-title">Alerts</h2>
        <${Alerts} alerts=${board.alerts} total=${board.alertCount} incidentId=${data.id} asOf=${board.asOf} organisations=${board.organisations} />
        <h2 id="log-title">Decisions and actions</h2>
        <${LogPanel} incidentId=${data.id} asOf=${asOf} canDirect=${canDirect} onReplay=${onReplay} onPrint=${onPrintLog} />
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

/** What must not be missed, above everything else; each item leads to its organisation's page. */
function Attention({ board, canCall, fetchedAt }: { board: any; canCall: boolean; fetchedAt: number }) {
  const items: { key: string; kind: string; tag: string; org?: any; text: string }[] = [];
  for (const o of board.organisations) {
    const org = o.organisation;
    if (o.overdueCount > 0) {
      const oldest = o.overduePeriods[0];
      items.push({ key: `overdue-${org.id}`, kind: 'Overdue', tag: 'nhsuk-tag--red', org,
        text: `${o.overdueCount === 1 ? '1 return' : `${o.overdueCount} returns`} overdue: the ${formatTime(oldest.startsAt)} return was due ${formatTime(oldest.dueAt)}, ${formatDuration(minutesBetween(oldest.dueAt, board.asOf))} ago` });
    }
    if (o.opelLevel === 4) items.push({ key: `opel-${org.id}`, kind: 'OPEL 4', tag: 'nhsuk-tag--red', org, text: 'at OPEL 4 in its latest return' });
    if (o.latest?.criticalIncidentDeclared) items.push({ key: `critical-${org.id}`, kind: 'Critical incident', tag: 'nhsuk-tag--red', org, text: 'has declared a critical incident' });
    if (o.latest?.supportRequested) items.push({ key: `support-${org.id}`, kind: 'Support requested', tag: 'nhsuk-tag--orange', org, text: o.latest.supportRequested });
    if (o.awaitingSignOff) items.push({ key: `sign-off-${org.id}`, kind: 'Awaiting sign-off', tag: 'nhsuk-tag--yellow', org, text: 'its latest return awaits sign-off' });
  }
  board.actionsOverdue.forEach((a: any, i: number) =>
    items.push({ key: `action-${i}`, kind: 'Action overdue', tag: 'nhsuk-tag--red', org: a.organisation, text: a.message }));
  const contacts = useContacts(canCall ? board.organisations.filter((o: any) => o.overdueCount > 0).map((o: any) => o.organisation.id) : [], fetchedAt);
  return html`
    <section aria-labelledby="attention-title" class="attention" data-testid="attention">
      <h2 id="attention-title">Needs attention now</h2>
      ${items.length === 0 ? html`<p>Nothing needs attention: every return is in, no organisation is at OPEL 4, and no support is asked for.</p>` : html`
        <ul class="nhsuk-list attention-list">${items.map((i) => html`
          <li data-kind=${i.kind} data-ods=${i.org?.odsCode}><strong class=${`nhsuk-tag ${i.tag}`}>${i.kind}</strong>
            ${i.org ? html`<a href=${organisationHref(i.org.id)}>${i.org.name}</a>` : 'The incident'}: ${i.text}
            ${i.kind === 'Overdue' && html`<${CallContact} contacts=${contacts.get(i.org.id)} />`}</li>`)}</ul>`}
      ${contacts.failed && html`<p class="hint" data-testid="contacts-failed">The contacts could not be fetched: ${contacts.failed}</p>`}
    </section>`;
}

/**
 * The contacts of these organisations (CONTACTS, 100 ids a request), for a director or an admin, asked again with each
 * answer of the dashboard (`fetchedAt`: a contact kept since shows); none is asked for when no id is given, so a viewer's
 * dashboard never sends the document. A refusal leaves the panel as it is, saying so.
 */
function useContacts(ids: string[], fetchedAt: number): Map<string, any[]> & { failed?: string } {
  const [found, setFound] = useState<Map<string, any[]> & { failed?: string }>(new Map());
  const key = `${fetchedAt} ${ids.join(' ')}`;
  useEffect(() => {
    if (ids.length === 0) return;
    let current = true;
    const chunks = Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) => ids.slice(i * 100, i * 100 + 100));
    Promise.all(chunks.map((chunk) => gql(CONTACTS, { ids: chunk })))
      .then((answers) => {
        if (current) setFound(new Map(answers.flatMap((a) => a.nodes).filter((n: any) => n?.id).map((n: any) => [n.id, n.contacts])));
      })
      .catch((e: Error) => { if (current) setFound(Object.assign(new Map(), { failed: e.message })); });
    return () => { current = false; };
  }, [key]);
  return found;
}

/** E.164 as a UK number is written: +447700900123 as 07700 900123. */
const phoneText = (e164: string) => (/^\+44\d{10}$/.test(e164) ? `0${e164.slice(3, 7)} ${e164.slice(7)}` : e164);

/** The organisation's first contact with a phone (else its first), to call about the overdue return. */
function CallContact({ contacts }: { contacts: any[] | undefined }) {
  if (!contacts) return null;
  if (contacts.length === 0) return html`<span class="contact muted" data-testid="contact">No contact kept for it.</span>`;
  const c = contacts.find((x) => x.mobile) ?? contacts[0];
  return html`<span class="contact" data-testid="contact">Call ${c.name}${c.mobile && html`: <a href=${`tel:${c.mobile}`}>${phoneText(c.mobile)}</a>`}${
    c.email && html`${c.mobile ? ' or e-mail ' : ': e-mail '}<a href=${`mailto:${c.email}`}>${c.email}</a>`}</span>`;
}

// Above this many organisations the tiles come in groups, only the first open: 300 tiles at once are no use to anyone.
const MANY_ORGANISATIONS = 30;
const OPEL_GROUPS = [4, 3, 2, 1, 0];

/** The tiles, filtered by name or ODS code, and grouped by OPEL level or type when there are many; a closed group draws none. */
function Organisations({ incidentId, organisations, asOf, fetchedAt, names }: {
  incidentId: string; organisations: any[]; asOf: string; fetchedAt: number; names: Map<string, string>;
}) {
  const many = organisations.length > MANY_ORGANISATIONS;
  const [groupBy, setGroupBy] = useState(many ? 'opel' : 'none');
  const [filter, setFilter] = useState('');
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const wanted = filter.trim().toLowerCase();
  const shown = wanted ? organisations.filter((o) => o.organisation.name.toLowerCase().includes(wanted) || o.organisation.odsCode.toLowerCase().includes(wanted)) : organisations;
  const groups: { key: string; title: string; members: any[] }[] = groupBy === 'opel'
    ? OPEL_GROUPS.map((l) => ({ key: `opel-${l}`, title: l ? `OPEL ${l}` : 'No return yet', members: shown.filter((o) => (o.opelLevel ?? 0) === l) }))
    : groupBy === 'type'
      ? [...new Set(shown.map((o) => o.organisation.type))].sort().map((t) => ({ key: `type-${t}`, title: typeName(t), members: shown.filter((o) => o.organisation.type === t) }))
      : [{ key: 'all', title: '', members: shown }];
  const nonEmpty = groups.filter((g) => g.members.length > 0);
  // A filter opens every group it leaves; otherwise a group is open as chosen, the first one open by default.
  const isOpen = (key: string, index: number) => wanted !== '' || (opened[key] ?? index === 0);
  const drawn = groupBy === 'none' ? shown : nonEmpty.filter((g, i) => isOpen(g.key, i)).flatMap((g) => g.members);
  const details = useTileDetails(incidentId, asOf, fetchedAt, drawn.map((o) => o.organisation.id));
  const tiles = (members: any[]) => html`<ul class="tiles">${members.map((o: any) => html`
    <${Tile} status=${o} asOf=${asOf} names=${names} details=${details.get(o.organisation.id)} />`)}</ul>`;
  return html`
    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">Organisations <span class="muted">(${organisations.length})</span></h2>
      <div class="row tile-controls">
        <${TextField} id="tile-filter" label="Find an organisation" hint="By name or ODS code." width=${20} problems=${[]} value=${filter} onInput=${setFilter} />
        <${SelectField} id="tile-group" label="Group the organisations by" problems=${[]} value=${groupBy} onChange=${setGroupBy}
          options=${[['none', 'Nothing: every tile'], ['opel', 'OPEL level'], ['type', 'Type of organisation']]} />
      </div>
      ${wanted && html`<p role="status">${shown.length === 1 ? '1 organisation matches' : `${shown.length} organisations match`}.</p>`}
      ${groupBy === 'none' ? tiles(shown) : nonEmpty.map((g, i) => html`
        <details class="nhsuk-details tile-group" open=${isOpen(g.key, i)} data-testid="tile-group"
          onToggle=${(e: any) => { const open = e.currentTarget.open; if (open !== isOpen(g.key, i)) setOpened((o) => ({ ...o, [g.key]: open })); }}>
          <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">${g.title} (${g.members.length})</span></summary>
          <div class="nhsuk-details__text">${isOpen(g.key, i) ? tiles(g.members) : null}</div>
        </details>`)}
    </section>`;
}

/**
 * Each drawn tile's key measures and what changed since its previous return (TILE_DETAILS at the dashboard's instant,
 * 300 ids a request), asked again with each answer of the dashboard (a correction changes them at the same instant) and
 * kept until then: a tile drawn again asks nothing more. Until they come, a tile shows those it had at the same instant.
 */
function useTileDetails(incidentId: string, asOf: string, fetchedAt: number, ids: string[]): Map<string, any> {
  const stamp = `${asOf} ${fetchedAt}`;
  const [known, setKnown] = useState<{ stamp: string; at: string; details: Map<string, any> }>({ stamp, at: asOf, details: new Map() });
  const fresh = known.stamp === stamp ? known.details : new Map<string, any>();
  const missing = ids.filter((id) => !fresh.has(id));
  const key = `${incidentId} ${stamp} ${missing.join(' ')}`;
  useEffect(() => {
    if (missing.length === 0) return;
    let current = true;
    const chunks = Array.from({ length: Math.ceil(missing.length / 300) }, (_, i) => missing.slice(i * 300, i * 300 + 300));
    Promise.all(chunks.map((chunk) => gql(TILE_DETAILS, { id: incidentId, asOf, ids: chunk })))
      .then((answers) => {
        if (!current) return;
        setKnown((k) => {
          const details = new Map(k.stamp === stamp ? k.details : []);
          for (const a of answers) for (const o of a.incident.dashboard.organisations) details.set(o.organisation.id, o);
          return { stamp, at: asOf, details };
        });
      })
      .catch(() => undefined); // the tiles stand without their measures and what changed
    return () => { current = false; };
  }, [key]);
  if (known.stamp === stamp) return known.details;
  return known.at === asOf ? new Map([...known.details, ...fresh]) : fresh;
}

function Replay({ periods, value, stoodDown, onChange }: { periods: any[]; value: string | null; stoodDown: boolean; onChange: (v: string | null) => void }) {
  const max = periods.length; // the last position is "now"
  // An instant between due times (a decision's moment) sits at the last period due by then.
  const at = value === null ? null : Date.parse(value);
  const index = at === null ? -1 : periods.findLastIndex((p) => Date.parse(p.dueAt) <= at);
  const position = at === null ? max : Math.max(index, 0);
  const label = at === null ? (stoodDown ? 'Now (after the stand-down)' : 'Now')
    : index >= 0 && Date.parse(periods[index].dueAt) === at ? `${formatTime(value!)} (period ${index + 1} of ${periods.length})`
    : formatTime(value!);
  return html`
    <div class="replay">
      <label for="replay" class="nhsuk-label">Replay the dashboard as at</label>
      <input id="replay" type="range" min="0" max=${max} step="1" value=${position} aria-valuetext=${label}
        onInput=${(e: any) => { const v = Number(e.currentTarget.value); onChange(v >= max ? null : periods[v].dueAt); }} />
      <output for="replay" data-testid="replay-label">${label}</output>
    </div>`;
}

function Tile({ status, asOf, names, details }: { status: any; asOf: string; names: Map<string, string>; details: any }) {
  const org = status.organisation;
  const latest = status.latest;
  const measured = details?.latest;
  const changes: any[] | undefined = details?.changes;
  const keys = (KEY_MEASURES[org.type] ?? []).filter((c) => measured?.[c] != null);
  // Overdue is one state wherever it shows: a period past its due time without a return, in red, with how late.
  const overdue = status.overdueCount;
  const oldest = status.overduePeriods[0];
  return html`
    <li class=${`tile opel-${status.opelLevel ?? 0}${overdue ? ' tile-overdue' : ''}`} data-testid="org-tile" data-ods=${org.odsCode}>
      <h3><a href=${organisationHref(org.id)}>${org.name}</a></h3>
      <p class="tile-opel"><strong>${status.opelLevel ? `OPEL ${status.opelLevel}` : 'No return yet'}</strong>
        ${latest?.criticalIncidentDeclared && html` · <strong>Critical incident declared</strong>`}</p>
      <p data-testid="return-state">Return: ${overdue
        ? html`<strong class="nhsuk-tag nhsuk-tag--red overdue-tag">Overdue</strong>
          <span class="overdue">${overdue === 1 ? '1 return' : `${overdue} returns`} overdue, ${formatDuration(minutesBetween(oldest.dueAt, asOf))} late</span>`
        : html`<strong class=${`nhsuk-tag ${RETURN_TAGS[status.currentReturn] ?? ''}`}>${RETURN_WORDS[status.currentReturn] ?? status.currentReturn}</strong>`}
        ${status.awaitingSignOff && html` <strong class="awaiting" data-testid="awaiting-sign-off">awaiting sign-off</strong>`}</p>
      ${latest?.nil && html`<p class="nil" data-testid="nil-return">Nil return: not affected</p>`}
      <p>${status.minutesSinceLatestReturn == null ? 'Never reported' : `Last return ${formatDuration(status.minutesSinceLatestReturn)} before ${formatTime(asOf)}`}</p>
      ${keys.length > 0 && html`<dl class="key-measures">${keys.map((c) => html`<dt>${names.get(c) ?? c}</dt><dd>${formatNumber(measured[c])}</dd>`)}</dl>`}
      ${changes && changes.length > 0 && html`
        <h4 class="changes-title">What changed since the previous return</h4>
        <ul class="changes" data-testid="changes">${changes.map((c: any) => html`
          <li>${c.measure.name}: ${formatNumber(c.previous)} → ${formatNumber(c.current)}
            (${c.difference > 0 ? '+' : ''}${c.difference == null ? '—' : quantity(c.difference, c.measure.unit)})</li>`)}</ul>`}
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
  const overdue = c.overdue === 1 ? '1 overdue' : `${c.overdue} overdue`;
  return html`
    <p data-testid="compliance">${`${c.percentOnTime}% of returns on time: ${c.onTime} on time, ${c.late} late, `}<span
      class=${c.overdue ? 'overdue' : ''}>${overdue}</span>${`, of ${c.expected} expected.`}</p>
    ${(requiresSignOff || c.nil > 0) && html`<p data-testid="sign-off">
      ${requiresSignOff && html`${c.signedOff} signed off, <span class=${c.awaitingSignOff ? 'awaiting' : ''}>${c.awaitingSignOff} awaiting sign-off</span>`}
      ${requiresSignOff && c.nil > 0 && '; '}${c.nil > 0 && `${c.nil} nil ${c.nil === 1 ? 'return' : 'returns'} (not affected)`}.</p>`}`;
}

const SEVERITY = { CRITICAL: 0, WARNING: 1, INFO: 2 } as Record<string, number>;

/**
 * Alerts by severity, then newest first: the newest 50 critical, 50 warning and 10 information alerts (DASHBOARD's), and
 * on asking every one (ALERTS), older information folded away.
 */
function Alerts({ alerts: listed, total, incidentId, asOf, organisations }: { alerts: any[]; total: number; incidentId: string; asOf: string; organisations: any[] }) {
  const [every, setEvery] = useState<{ at: string; alerts: any[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const all = every?.at === asOf ? every.alerts : null;
  const alerts = all ?? listed;
  const more = total - listed.length;
  const showAll = () => gql(ALERTS, { id: incidentId, asOf })
    .then((d) => { setEvery({ at: asOf, alerts: d.incident.dashboard.alerts.map(naming(organisations)) }); setError(null); })
    .catch((e: Error) => setError(e.message));
  if (alerts.length === 0) return html`<p>No alerts.</p>`;
  const sorted = [...alerts].sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity] || Date.parse(b.at) - Date.parse(a.at));
  const important = sorted.filter((a) => a.severity !== 'INFO');
  const info = sorted.filter((a) => a.severity === 'INFO');
  const item = (a: any) => html`
    <li class=${`alert ${a.severity.toLowerCase()}`} data-severity=${a.severity}>
      <strong>${a.severity}</strong> ${formatTime(a.at)} — ${a.organisation ? html`<a href=${organisationHref(a.organisation.id)}>${a.organisation.name}</a>: ` : ''}${a.message}
    </li>`;
  return html`
    <ol class="alerts" data-testid="alerts">${important.map(item)}${info.slice(0, 10).map(item)}</ol>
    ${info.length > 10 && html`<details><summary>${info.length - 10} older information alerts</summary>
      <ol class="alerts">${info.slice(10).map(item)}</ol></details>`}
    ${!all && more > 0 && html`<p><button type="button" class="link" data-testid="all-alerts" onClick=${showAll}>
      Show every alert (${more} older ${more === 1 ? 'one' : 'ones'} not listed)</button></p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}`;
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
      <li><h3><a href=${organisationHref(o.organisation.id)}>${o.organisation.name}</a> <span class="muted">as at ${formatTime(o.latest.period.startsAt)}</span></h3>
        ${o.latest.keyIssues && html`<p><strong>Key issues:</strong> ${o.latest.keyIssues}</p>`}
        ${o.latest.supportRequested && html`<p class="support"><strong>Support requested:</strong> ${o.latest.supportRequested}</p>`}
      </li>`)}</ul>`;
}
