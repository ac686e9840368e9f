import { useEffect, useRef, useState } from 'preact/hooks';
import { gql } from './api';
import { AMEND, CONTEXT, SIGN_OFF, SUBMIT } from './documents';
import { formatTime, html } from './html';

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  // A refusal moves the focus to the summary of its errors, as NHS.UK's error summary does.
  useEffect(() => { if (Object.keys(errors).length > 0) summaryRef.current?.focus(); }, [errors]);

  useEffect(() => {
    if (!org) return;
    gql(CONTEXT, { id: incident.id, orgId: org.id, type: org.type }).then((d) => {
      setContext(d);
      const periods = d.incident.periods;
      setPeriod((p) => p || (d.incident.dashboard.currentPeriod?.startsAt ?? periods[periods.length - 1].startsAt));
    }).catch((e: Error) => setMessage(e.message));
  }, [incident.id, orgId, reload]);

  const sitreps: any[] = context?.incident.sitreps.edges.map((e: any) => e.node) ?? [];
  const existing = sitreps.find((s) => s.period.startsAt === periodStartsAt);
  const previous = [...sitreps].reverse().find((s) => s.period.startsAt < periodStartsAt);

  useEffect(() => { setValues(existing ? fromSitrep(existing) : EMPTY); setErrors({}); }, [existing?.id, existing?.currentVersion, periodStartsAt]);

  if (organisations.length === 0) return html`<p>Your token names no organisation taking part in this incident.</p>`;
  if (!context) return html`<p role="status">${message ?? 'Loading the form…'}</p>`;

  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  const setMeasure = (code: string, value: string) => setValues((v) => ({ ...v, measures: { ...v.measures, [code]: value } }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    // Sent in catalogue order, blanks left out; the server's field paths index into this list.
    // A nil return carries no measures: the organisation is not affected this period.
    const sent = values.nil ? []
      : context.measures.filter((m: any) => values.measures[m.code]?.trim()).map((m: any) => ({ code: m.code, value: Number(values.measures[m.code]) }));
    const common = {
      nil: values.nil, opelLevel: Number(values.opelLevel), criticalIncidentDeclared: values.critical, measures: sent,
      keyIssues: values.keyIssues || null, mitigations: values.mitigations || null, supportRequested: values.supportRequested || null,
      idempotencyKey: crypto.randomUUID(),
    };
    if (sent.some((m: any) => !Number.isInteger(m.value)) || !values.opelLevel) {
      setErrors({ form: 'Every value must be a whole number, and the OPEL level must be chosen.' });
      return;
    }
    const result = existing
      ? (await gql(AMEND, { input: { ...common, sitrepId: existing.id, expectedVersion: existing.currentVersion, reason: values.reason } })).amendSitrep
      : (await gql(SUBMIT, { input: { ...common, incidentId: incident.id, organisationId: org.id, periodStartsAt } })).submitSitrep;
    const found: Record<string, string> = {};
    for (const error of result.errors) {
      const [head, index, leaf] = error.field ?? [];
      const key = head === 'measures' && index !== undefined ? `measure:${sent[Number(index)]?.code}` : head ?? 'form';
      found[key] = found[key] ? `${found[key]} ${error.message}` : error.message;
      void leaf;
    }
    setErrors(found);
    if (result.sitrep) {
      setMessage(`Saved: version ${result.sitrep.version}${result.sitrep.late ? ' (late)' : ''}.`);
      setReload((r) => r + 1);
    }
  };

  const signOff = async () => {
    setMessage(null);
    const result = (await gql(SIGN_OFF, { id: existing.id, version: existing.currentVersion })).signOffSitrep;
    setErrors(result.errors.length ? { form: result.errors.map((e: any) => e.message).join(' ') } : {});
    if (result.sitrep) {
      setMessage(`Signed off: version ${result.sitrep.version}.`);
      setReload((r) => r + 1);
    }
  };

  // Every error the server gave, at the top with a link to its field (the NHS.UK error summary), as well as beside it.
  const fieldIds: Record<string, string> = { opelLevel: 'opel', keyIssues: 'keyIssues', mitigations: 'mitigations', supportRequested: 'support',
    reason: 'reason', periodStartsAt: 'period', organisationId: 'organisation', nil: 'nil' };
  const targetOf = (key: string) => (key.startsWith('measure:') ? `m-${key.slice('measure:'.length)}` : fieldIds[key] ?? 'report-title');
  const summary = Object.keys(errors).length > 0 && html`
    <div class="nhsuk-error-summary" data-testid="error-summary" tabindex="-1" ref=${summaryRef}>
      <div role="alert">
        <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
        <div class="nhsuk-error-summary__body">
          <ul class="nhsuk-list nhsuk-error-summary__list">${Object.entries(errors).map(([key, text]) => html`
            <li><a href=${`#${targetOf(key)}`} onClick=${(e: Event) => { e.preventDefault(); document.getElementById(targetOf(key))?.focus(); }}>${text}</a></li>`)}</ul>
        </div>
      </div>
    </div>`;
  const fieldError = (key: string, id: string) => errors[key] && html`<span class="field-error" id=${id} role="alert">${errors[key]}</span>`;
  const period = context.incident.periods.find((p: any) => p.startsAt === periodStartsAt);

  return html`
    <form class="report" onSubmit=${submit} noValidate aria-labelledby="report-title">
      <h2 id="report-title" tabindex="-1">${existing ? `Amend the return (version ${existing.currentVersion})` : 'Submit a return'}</h2>
      ${summary}
      <div class="row">
        <label>Organisation
          <select id="organisation" value=${orgId} onChange=${(e: any) => { setOrgId(e.currentTarget.value); setContext(null); }}>
            ${organisations.map((o) => html`<option value=${o.id}>${o.name} (${o.odsCode})</option>`)}
          </select></label>
        <label>Period (as at)
          <select id="period" value=${periodStartsAt} onChange=${(e: any) => setPeriod(e.currentTarget.value)}>
            ${context.incident.periods.map((p: any) => html`<option value=${p.startsAt}>${formatTime(p.startsAt)}</option>`)}
          </select></label>
      </div>
      ${period && html`<p class="hint">Due by ${formatTime(period.dueAt)}; accepted from ${formatTime(period.opensAt)}.</p>`}
      ${previous && html`<p><button type="button" class="secondary" onClick=${() => setValues({ ...fromSitrep(previous), reason: values.reason })}>
        Start from the previous return (${formatTime(previous.period.startsAt)})</button></p>`}
      ${fieldError('form', 'form-error')}
      ${existing && context.incident.requiresSignOff && html`<p data-testid="sign-off-state">${existing.signedOffAt
        ? `Version ${existing.currentVersion} signed off by ${existing.signedOffBy} at ${formatTime(existing.signedOffAt)}.`
        : html`Version ${existing.currentVersion} <strong class="awaiting">awaiting sign-off</strong>.
          ${isSignatory && html` <button type="button" onClick=${() => { signOff().catch((e: Error) => setMessage(e.message)); }}>Sign off version ${existing.currentVersion}</button>`}`}</p>`}

      <label class="check"><input id="nil" type="checkbox" checked=${values.nil} onChange=${(e: any) => set({ nil: e.currentTarget.checked })} />
        Nil return: not affected this period (no measures)</label>

      <div class="row">
        <label for="opel">OPEL level</label>
        <select id="opel" value=${values.opelLevel} aria-describedby=${errors.opelLevel ? 'opel-error' : undefined}
          onChange=${(e: any) => set({ opelLevel: e.currentTarget.value })}>
          <option value="">Choose…</option>
          ${[1, 2, 3, 4].map((l) => html`<option value=${l}>OPEL ${l}</option>`)}
        </select>
        ${fieldError('opelLevel', 'opel-error')}
        <label class="check"><input type="checkbox" checked=${values.critical} onChange=${(e: any) => set({ critical: e.currentTarget.checked })} />
          Critical incident declared</label>
      </div>

      <fieldset disabled=${values.nil}><legend>Measures for ${org.type.toLowerCase().replaceAll('_', ' ')} organisations</legend>
        ${context.measures.map((m: any) => {
          const id = `m-${m.code}`;
          const key = `measure:${m.code}`;
          const required = m.requiredFor.includes(org.type);
          return html`
            <div class="measure" data-code=${m.code}>
              <label for=${id}>${m.name} <span class="muted">(${m.unit}${required ? ', required' : ''})</span></label>
              <input id=${id} name=${m.code} type="number" inputmode="numeric" step="1" value=${values.measures[m.code] ?? ''}
                aria-invalid=${errors[key] ? 'true' : undefined} aria-describedby=${errors[key] ? `${id}-error` : undefined}
                onInput=${(e: any) => setMeasure(m.code, e.currentTarget.value)} />
              ${fieldError(key, `${id}-error`)}
            </div>`;
        })}
      </fieldset>

      <label for="keyIssues">Key issues</label>
      <textarea id="keyIssues" rows="2" value=${values.keyIssues} onInput=${(e: any) => set({ keyIssues: e.currentTarget.value })}></textarea>
      ${fieldError('keyIssues', 'keyIssues-error')}
      <label for="mitigations">Mitigations</label>
      <textarea id="mitigations" rows="2" value=${values.mitigations} onInput=${(e: any) => set({ mitigations: e.currentTarget.value })}></textarea>
      <label for="support">Support requested (mutual aid)</label>
      <textarea id="support" rows="2" value=${values.supportRequested} onInput=${(e: any) => set({ supportRequested: e.currentTarget.value })}></textarea>
      ${existing && html`
        <label for="reason">Reason for the correction</label>
        <input id="reason" type="text" value=${values.reason} aria-describedby=${errors.reason ? 'reason-error' : undefined}
          onInput=${(e: any) => set({ reason: e.currentTarget.value })} />
        ${fieldError('reason', 'reason-error')}`}
      <p><button type="submit">${existing ? 'Amend the return' : 'Submit the return'}</button></p>
      ${message && html`<p role="status">${message}</p>`}
    </form>`;
}
