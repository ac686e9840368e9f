import { useEffect, useState } from 'preact/hooks';
import { gql } from './api';
import { AMEND, CONTEXT, SIGN_OFF, SUBMIT } from './documents';
import { CheckboxField, ErrorSummary, problemsOf, SelectField, TextareaField, TextField, thrown, type Problem } from './forms';
import { formatDate, formatTime, html, typeName } from './html';

type Values = { nil: boolean; opelLevel: string; critical: boolean; keyIssues: string; mitigations: string; supportRequested: string; reason: string; measures: Record<string, string> };
const EMPTY: Values = { nil: false, opelLevel: '', critical: false, keyIssues: '', mitigations: '', supportRequested: '', reason: '', measures: {} };

const fromSitrep = (s: any): Values => ({
  ...EMPTY,
  nil: s.nil,
  opelLevel: String(s.opelLevel),
  critical: s.criticalIncidentDeclared,
  keyIssues: s.keyIssues ?? '',
  mitigations: s.mitigations ?? '',
  supportRequested: s.supportRequested ?? '',
  measures: Object.fromEntries(s.measures.map((m: any) => [m.measure.code, String(m.value)])),
});

// The form's control for each field of the input; a field with none here (sitrepId, incidentId…) is shown in the
// error summary alone.
const CONTROLS: Record<string, string> = { opelLevel: 'opel', criticalIncidentDeclared: 'critical', keyIssues: 'keyIssues', mitigations: 'mitigations',
  supportRequested: 'support', reason: 'reason', periodStartsAt: 'period', organisationId: 'organisation', nil: 'nil' };

/**
 * What the form may offer at the server's now: the periods whose submission has opened (a stood-down incident only
 * those with a return to correct, and none once its amendment window has closed), or why there is nothing to send.
 */
function offered(incident: any, sitreps: any[]): { periods: any[]; why: string | null } {
  const now = Date.parse(incident.dashboard.asOf);
  if (incident.status === 'STOOD_DOWN') {
    if (incident.amendableUntil && now > Date.parse(incident.amendableUntil)) {
      return { periods: [], why: `Incident ${incident.reference} was stood down on ${formatDate(incident.stoodDownAt)}; its returns could be corrected until ${formatDate(incident.amendableUntil)}. Nothing more can be sent.` };
    }
    const returned = new Set(sitreps.map((s) => s.period.startsAt));
    const periods = incident.periods.filter((p: any) => returned.has(p.startsAt));
    return periods.length > 0 ? { periods, why: null }
      : { periods, why: `Incident ${incident.reference} was stood down on ${formatDate(incident.stoodDownAt)}; it takes no new returns, and this organisation has none to correct.` };
  }
  const periods = incident.periods.filter((p: any) => Date.parse(p.opensAt) <= now);
  return periods.length > 0 ? { periods, why: null }
    : { periods, why: `No return is open yet: the first opens at ${formatDate(incident.periods[0].opensAt)}.` };
}

/** The reporter's view: its own organisation's return for a period, submitted or amended. */
export function ReportForm({ incident, viewer }: { incident: any; viewer: any }) {
  const isDirector = viewer.roles.includes('DIRECTOR');
  const isSignatory = viewer.roles.includes('SIGNATORY');
  const organisations: any[] = isDirector
    ? incident.participants
    : incident.participants.filter((p: any) => viewer.organisations.some((o: any) => o.id === p.id));
  const [orgId, setOrgId] = useState<string>(organisations[0]?.id ?? '');
  const org = organisations.find((o) => o.id === orgId);
  const [context, setContext] = useState<any>(null);
  const [periodStartsAt, setPeriod] = useState('');
  const [values, setValues] = useState<Values>(EMPTY);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!org) return;
    gql(CONTEXT, { id: incident.id, orgId: org.id, type: org.type }).then((d) => {
      setContext(d);
      const { periods } = offered(d.incident, d.incident.sitreps.edges.map((e: any) => e.node));
      const current = d.incident.dashboard.currentPeriod?.startsAt;
      setPeriod((p) => (periods.some((x: any) => x.startsAt === p) ? p
        : periods.some((x: any) => x.startsAt === current) ? current : periods.at(-1)?.startsAt ?? ''));
    }).catch((e: Error) => setProblems(thrown(e)));
  }, [incident.id, orgId, reload]);

  const sitreps: any[] = context?.incident.sitreps.edges.map((e: any) => e.node) ?? [];
  const existing = sitreps.find((s) => s.period.startsAt === periodStartsAt);
  const previous = [...sitreps].reverse().find((s) => s.period.startsAt < periodStartsAt);

  useEffect(() => { setValues(existing ? fromSitrep(existing) : EMPTY); setProblems([]); }, [existing?.id, existing?.currentVersion, periodStartsAt]);

  if (organisations.length === 0) return html`<p>Your token names no organisation taking part in this incident.</p>`;
  if (!context) return html`<${ErrorSummary} problems=${problems} /><p role="status">${problems.length ? '' : 'Loading the form…'}</p>`;

  const { periods, why } = offered(context.incident, sitreps);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  const setMeasure = (code: string, value: string) => setValues((v) => ({ ...v, measures: { ...v.measures, [code]: value } }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    // Sent in catalogue order, blanks left out; the server's field paths index into this list.
    // A nil return carries no measures: the organisation is not affected this period.
    const sent = values.nil ? []
      : context.measures.filter((m: any) => values.measures[m.code]?.trim()).map((m: any) => ({ code: m.code, value: Number(values.measures[m.code]) }));
    const local: Problem[] = [
      ...(values.opelLevel ? [] : [{ target: 'opel', message: 'Choose the OPEL level.' }]),
      ...sent.filter((m: any) => !Number.isInteger(m.value)).map((m: any) => ({ target: `m-${m.code}`, message: 'Enter a whole number.' })),
    ];
    if (local.length > 0) {
      setProblems(local);
      return;
    }
    const common = {
      nil: values.nil, opelLevel: Number(values.opelLevel), criticalIncidentDeclared: values.critical, measures: sent,
      keyIssues: values.keyIssues || null, mitigations: values.mitigations || null, supportRequested: values.supportRequested || null,
      idempotencyKey: crypto.randomUUID(),
    };
    let result;
    try {
      result = existing
        ? (await gql(AMEND, { input: { ...common, sitrepId: existing.id, expectedVersion: existing.currentVersion, reason: values.reason } })).amendSitrep
        : (await gql(SUBMIT, { input: { ...common, incidentId: incident.id, organisationId: org.id, periodStartsAt } })).submitSitrep;
    } catch (error) {
      setProblems(thrown(error));
      return;
    }
    setProblems(problemsOf(result.errors, ([head, index]) =>
      head === 'measures' && index !== undefined ? (sent[Number(index)] ? `m-${sent[Number(index)].code}` : null) : CONTROLS[head] ?? null));
    if (result.sitrep) {
      setMessage(`Saved: version ${result.sitrep.version}${result.sitrep.late ? ' (late)' : ''}.`);
      setReload((r) => r + 1);
    }
  };

  const signOff = async () => {
    setMessage(null);
    let result;
    try {
      result = (await gql(SIGN_OFF, { id: existing.id, version: existing.currentVersion })).signOffSitrep;
    } catch (error) {
      setProblems(thrown(error));
      return;
    }
    setProblems(problemsOf(result.errors, () => null));
    if (result.sitrep) {
      setMessage(`Signed off: version ${result.sitrep.version}.`);
      setReload((r) => r + 1);
    }
  };

  const period = periods.find((p: any) => p.startsAt === periodStartsAt);
  const organisationChoice = html`<${SelectField} id="organisation" label="Organisation" problems=${problems} value=${orgId}
    onChange=${(v: string) => { setOrgId(v); setContext(null); setPeriod(''); }}
    options=${organisations.map((o) => [o.id, `${o.name} (${o.odsCode})`])} />`;
  if (why || !period) {
    return html`
      <section class="report" aria-labelledby="report-title" data-testid="report-closed">
        <h2 id="report-title">Submit a return</h2>
        <${ErrorSummary} problems=${problems} />
        ${organisations.length > 1 && organisationChoice}
        <p data-testid="report-why">${why}</p>
      </section>`;
  }

  return html`
    <form class="report" onSubmit=${submit} noValidate aria-labelledby="report-title">
      <h2 id="report-title" tabindex="-1">${existing ? `Amend the return (version ${existing.currentVersion})` : 'Submit a return'}</h2>
      <${ErrorSummary} problems=${problems} />
      <div class="row">
        ${organisationChoice}
        <${SelectField} id="period" label="Period (as at)" problems=${problems} value=${periodStartsAt} onChange=${setPeriod}
          hint=${`Due by ${formatTime(period.dueAt)}; accepted from ${formatTime(period.opensAt)}.`}
          options=${periods.map((p: any) => [p.startsAt, `${formatTime(p.startsAt)}${sitreps.some((s) => s.period.startsAt === p.startsAt) ? ' (sent)' : ''}`])} />
      </div>
      ${previous && !existing && html`<p><button type="button" class="nhsuk-button nhsuk-button--secondary" onClick=${() => setValues({ ...fromSitrep(previous), reason: values.reason })}>
        Start from the previous return (${formatTime(previous.period.startsAt)})</button></p>`}
      ${existing && context.incident.requiresSignOff && html`<p data-testid="sign-off-state">${existing.signedOffAt
        ? `Version ${existing.currentVersion} signed off by ${existing.signedOffBy} at ${formatTime(existing.signedOffAt)}.`
        : html`Version ${existing.currentVersion} <strong class="awaiting">awaiting sign-off</strong>.
          ${isSignatory && html` <button type="button" class="nhsuk-button" onClick=${signOff}>Sign off version ${existing.currentVersion}</button>`}`}</p>`}

      <${CheckboxField} id="nil" label="Nil return: not affected this period" hint="No measures are sent with a nil return; the OPEL level still is."
        problems=${problems} checked=${values.nil} onChange=${(on: boolean) => set({ nil: on })} />

      <${SelectField} id="opel" label="OPEL level" problems=${problems} value=${values.opelLevel} onChange=${(v: string) => set({ opelLevel: v })}
        options=${[['', 'Choose…'], ...[1, 2, 3, 4].map((l) => [String(l), `OPEL ${l}`])]} />
      <${CheckboxField} id="critical" label="Critical incident declared" problems=${problems} checked=${values.critical} onChange=${(on: boolean) => set({ critical: on })} />

      <fieldset class="nhsuk-fieldset measures" disabled=${values.nil}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Measures for ${typeName(org.type)} organisations</legend>
        ${context.measures.map((m: any) => html`
          <div class="measure" data-code=${m.code}>
            <${TextField} id=${`m-${m.code}`} label=${m.name} hint=${`${m.unit}${m.requiredFor.includes(org.type) ? ', required' : ''}`} width=${5}
              problems=${problems} value=${values.measures[m.code] ?? ''} type="number" inputMode="numeric" onInput=${(v: string) => setMeasure(m.code, v)} />
          </div>`)}
      </fieldset>

      <${TextareaField} id="keyIssues" label="Key issues" rows=${2} problems=${problems} value=${values.keyIssues} onInput=${(v: string) => set({ keyIssues: v })} />
      <${TextareaField} id="mitigations" label="Mitigations" rows=${2} problems=${problems} value=${values.mitigations} onInput=${(v: string) => set({ mitigations: v })} />
      <${TextareaField} id="support" label="Support requested (mutual aid)" rows=${2} problems=${problems} value=${values.supportRequested} onInput=${(v: string) => set({ supportRequested: v })} />
      ${existing && html`<${TextField} id="reason" label="Reason for the correction" hint="Kept with the new version, for everyone who reads the return."
        problems=${problems} value=${values.reason} onInput=${(v: string) => set({ reason: v })} />`}
      <button type="submit" class="nhsuk-button">${existing ? 'Amend the return' : 'Submit the return'}</button>
      ${message && html`<p role="status">${message}</p>`}
    </form>`;
}
