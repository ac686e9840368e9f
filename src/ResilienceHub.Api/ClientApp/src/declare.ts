// A director declares an incident (its reporting schedule and who reports) and stands one down, through the API,
// whose every refusal is shown in NHS.UK's error summary and beside its field.
import { useEffect, useState } from 'preact/hooks';
import { gql } from './api';
import { DECLARE, DECLARE_CONTEXT, STAND_DOWN } from './documents';
import { CheckboxesField, CheckboxField, ErrorSummary, problemsOf, SelectField, TextField, thrown, type Problem } from './forms';
import { html } from './html';

type Window = { date: string; firstReportAt: string; lastReportAt: string };

// The form's control for each field of DeclareIncidentInput; a window's fields are per row.
const CONTROLS: Record<string, string> = { reference: 'declare-reference', title: 'declare-title', kind: 'declare-kind', groupId: 'declare-group',
  timeZone: 'declare-time-zone', cadenceMinutes: 'declare-cadence', graceMinutes: 'declare-grace', participantIds: 'declare-participants',
  requiresSignOff: 'declare-sign-off', windows: 'window-0-date' };
const targetOf = ([head, index, leaf]: string[]) =>
  head === 'windows' && index !== undefined ? `window-${index}-${leaf ?? 'date'}` : CONTROLS[head] ?? null;

export function DeclareIncident({ onDeclared }: { onDeclared: (id: string) => void }) {
  const [groups, setGroups] = useState<any[] | null>(null);
  const [values, setValues] = useState({ reference: '', title: '', kind: '', groupId: '', timeZone: 'Europe/London', cadence: '60', grace: '15', requiresSignOff: false });
  const [windows, setWindows] = useState<Window[]>([{ date: '', firstReportAt: '08:00', lastReportAt: '17:00' }]);
  const [participants, setParticipants] = useState<string[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const set = (patch: Partial<typeof values>) => setValues((v) => ({ ...v, ...patch }));
  const chooseGroup = (list: any[], id: string) => {
    set({ groupId: id });
    setParticipants(list.find((g) => g.id === id)?.members.filter((m: any) => m.active).map((m: any) => m.id) ?? []);
  };
  useEffect(() => {
    gql(DECLARE_CONTEXT).then((d) => { setGroups(d.resilienceGroups); if (d.resilienceGroups[0]) chooseGroup(d.resilienceGroups, d.resilienceGroups[0].id); })
      .catch((e) => setProblems(thrown(e)));
  }, []);
  if (!groups) return html`<${ErrorSummary} problems=${problems} /><p role="status">${problems.length ? '' : 'Loading the groups…'}</p>`;
  if (groups.length === 0) return html`<p>You act in no resilience group, so there is no group to declare an incident for.</p>`;
  const group = groups.find((g) => g.id === values.groupId);
  const setWindow = (i: number, patch: Partial<Window>) => setWindows((ws) => ws.map((w, j) => (i === j ? { ...w, ...patch } : w)));

  const submit = async (e: Event) => {
    e.preventDefault();
    const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);
    const local: Problem[] = [
      ...(Number.isNaN(whole(values.cadence)) ? [{ target: 'declare-cadence', message: 'Enter the cadence as a whole number of minutes, such as 60.' }] : []),
      ...(Number.isNaN(whole(values.grace)) ? [{ target: 'declare-grace', message: 'Enter the grace as a whole number of minutes, such as 15.' }] : []),
      ...windows.flatMap((w, i) => (/^\d{4}-\d{2}-\d{2}$/.test(w.date) ? [] : [{ target: `window-${i}-date`, message: `Enter date ${i + 1} as a date, such as 2016-04-26.` }])),
    ];
    if (local.length > 0) { setProblems(local); return; }
    let result;
    try {
      result = (await gql(DECLARE, { input: {
        reference: values.reference, title: values.title, kind: values.kind || null, groupId: values.groupId, timeZone: values.timeZone,
        cadenceMinutes: whole(values.cadence), graceMinutes: whole(values.grace), windows, participantIds: participants,
        requiresSignOff: values.requiresSignOff,
      } })).declareIncident;
    } catch (error) {
      setProblems(thrown(error));
      return;
    }
    setProblems(problemsOf(result.errors, targetOf));
    if (result.incident) onDeclared(result.incident.id);
  };

  return html`
    <form class="declare" onSubmit=${submit} noValidate aria-labelledby="declare-title-heading" data-testid="declare-form">
      <h1 class="nhsuk-heading-l" id="declare-title-heading">Declare an incident</h1>
      <${ErrorSummary} problems=${problems} testId="declare-errors" />
      <${TextField} id="declare-reference" label="Reference" hint="Unique, such as NCSRG-2016-04-JDIA." width=${20} problems=${problems} value=${values.reference} onInput=${(v: string) => set({ reference: v })} />
      <${TextField} id="declare-title" label="Title" hint="What is happening, in a line." problems=${problems} value=${values.title} onInput=${(v: string) => set({ title: v })} />
      <${TextField} id="declare-kind" label="Kind (optional)" hint="A short capital-letter code, such as INDUSTRIAL_ACTION; OTHER when left blank." width=${20}
        problems=${problems} value=${values.kind} onInput=${(v: string) => set({ kind: v })} />
      <${SelectField} id="declare-group" label="Resilience group" problems=${problems} value=${values.groupId} onChange=${(v: string) => chooseGroup(groups, v)}
        options=${groups.map((g) => [g.id, `${g.name} (${g.code})`])} />
      <fieldset class="nhsuk-fieldset">
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Reporting schedule</legend>
        <${TextField} id="declare-time-zone" label="Time zone" hint="Report times are local to it." width=${20} problems=${problems} value=${values.timeZone} onInput=${(v: string) => set({ timeZone: v })} />
        <div class="row">
          <${TextField} id="declare-cadence" label="Cadence (minutes)" hint="Time between report times." width=${4} inputMode="numeric" problems=${problems} value=${values.cadence} onInput=${(v: string) => set({ cadence: v })} />
          <${TextField} id="declare-grace" label="Grace (minutes)" hint="How long after a report time a return is on time." width=${4} inputMode="numeric" problems=${problems} value=${values.grace} onInput=${(v: string) => set({ grace: v })} />
        </div>
        ${windows.map((w, i) => html`
          <fieldset class="nhsuk-fieldset window" data-testid="declare-window">
            <legend class="nhsuk-fieldset__legend">Date ${i + 1} of reporting</legend>
            <div class="row">
              <${TextField} id=${`window-${i}-date`} label="Date" hint="Such as 2016-04-26." type="date" width=${10} problems=${problems} value=${w.date} onInput=${(v: string) => setWindow(i, { date: v })} />
              <${TextField} id=${`window-${i}-firstReportAt`} label="First report at" hint="24-hour, such as 08:00." width=${5} problems=${problems} value=${w.firstReportAt} onInput=${(v: string) => setWindow(i, { firstReportAt: v })} />
              <${TextField} id=${`window-${i}-lastReportAt`} label="Last report at" hint="Such as 17:00." width=${5} problems=${problems} value=${w.lastReportAt} onInput=${(v: string) => setWindow(i, { lastReportAt: v })} />
            </div>
            ${windows.length > 1 && html`<button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick=${() => setWindows((ws) => ws.filter((_, j) => j !== i))}>Remove date ${i + 1}</button>`}
          </fieldset>`)}
        <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick=${() => setWindows((ws) => [...ws, { ...ws[ws.length - 1], date: '' }])}>Add a date</button>
      </fieldset>
      <${CheckboxesField} id="declare-participants" legend="Who reports" hint=${`The members of ${group?.name ?? 'the group'}; untick any that do not take part.`} small=${true} problems=${problems}
        items=${(group?.members ?? []).filter((m: any) => m.active).map((m: any) => ({ id: `declare-participant-${m.odsCode}`, label: `${m.name} (${m.odsCode})`,
          checked: participants.includes(m.id), onChange: (on: boolean) => setParticipants((p) => (on ? [...p, m.id] : p.filter((x) => x !== m.id))) }))} />
      <${CheckboxField} id="declare-sign-off" label="Returns need signing off" hint="Each return then awaits sign-off by a signatory of its organisation. Fixed once declared."
        problems=${problems} checked=${values.requiresSignOff} onChange=${(on: boolean) => set({ requiresSignOff: on })} />
      <button type="submit" class="nhsuk-button">Declare the incident</button>
    </form>`;
}

/** Stands the incident down after a second, deliberate press; the server's refusal (already stood down…) is shown. */
export function StandDown({ incident, onStoodDown }: { incident: any; onStoodDown: () => void }) {
  const [asking, setAsking] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const confirm = async () => {
    let result;
    try {
      result = (await gql(STAND_DOWN, { id: incident.id })).standDownIncident;
    } catch (error) {
      setProblems(thrown(error));
      return;
    }
    setProblems(problemsOf(result.errors, () => null));
    if (result.incident) { setAsking(false); onStoodDown(); }
  };
  return html`
    <div class="stand-down no-print" data-testid="stand-down">
      <${ErrorSummary} problems=${problems} testId="stand-down-errors" />
      ${asking ? html`
        <div class="nhsuk-warning-callout" role="group" aria-labelledby="stand-down-heading">
          <h3 class="nhsuk-warning-callout__label" id="stand-down-heading">Stand down ${incident.reference}?</h3>
          <p>It takes no new returns from now on. Returns already sent may still be corrected for a while, then no more.</p>
          <button type="button" class="nhsuk-button nhsuk-button--warning" onClick=${confirm}>Yes, stand it down</button>
          <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick=${() => setAsking(false)}>Cancel</button>
        </div>`
        : html`<button type="button" class="nhsuk-button nhsuk-button--secondary" onClick=${() => setAsking(true)}>Stand down this incident</button>`}
    </div>`;
}
