// The administration area for ADMIN tokens: organisations, groups and their members, and the measure catalogue with
// each measure's history. Every save goes through the API, whose errors are shown in each form's error summary and
// beside their fields (NHS.UK's form patterns, forms.ts).
import { useEffect, useState } from 'preact/hooks';
import { gql, type ScreenDocument } from './api';
import { REFERENCE, SAVE_GROUP, SAVE_MEASURE, SAVE_ORGANISATION } from './documents';
import { CheckboxesField, CheckboxField, ErrorSummary, problemsOf, SelectField, TextField, thrown, type Problem } from './forms';
import { formatDate, html, typeName } from './html';

const TYPES = ['ACUTE_TRUST', 'COMMUNITY_TRUST', 'MENTAL_HEALTH_TRUST', 'AMBULANCE_TRUST', 'NHS_111', 'GP_OUT_OF_HOURS', 'SOCIAL_CARE', 'COMMISSIONER'];

/** Brings a form into view when a row's edit button fills it. */
const show = (id: string) => document.getElementById(id)?.scrollIntoView({ block: 'start' });

/** Sends one save; each of the server's errors goes to the control `controls` names for its field's first step. */
async function save(mutation: ScreenDocument, name: string, input: Record<string, unknown>, controls: Record<string, string>): Promise<{ saved: any; problems: Problem[] }> {
  let payload;
  try {
    payload = (await gql(mutation, { input }))[name];
  } catch (e) {
    return { saved: null, problems: thrown(e) };
  }
  return { saved: payload.organisation ?? payload.group ?? payload.measure ?? null, problems: problemsOf(payload.errors, ([head]) => controls[head] ?? null) };
}

export function Admin() {
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    gql(REFERENCE).then((d) => { setData(d); setError(null); }).catch((e: Error) => setError(e.message));
  }, [reload]);
  if (!data) return html`<p role="status">${error ?? 'Loading the reference data…'}</p>`;
  const saved = () => setReload((r) => r + 1);
  return html`
    <h2>Administration</h2>
    <p class="hint">Organisations, groups and measures as this deployment keeps them. Every change is audited; a measure keeps
      each revision, so a return is checked, and a replayed dashboard alerts, by the revision in force then.</p>
    <${Organisations} organisations=${data.organisations} onSaved=${saved} />
    <${Groups} groups=${data.resilienceGroups} organisations=${data.organisations} onSaved=${saved} />
    <${Catalogue} measures=${data.measures} onSaved=${saved} />`;
}

function Organisations({ organisations, onSaved }: { organisations: any[]; onSaved: () => void }) {
  const empty = { odsCode: '', name: '', type: 'ACUTE_TRUST', localIdentifier: false, active: true, reason: '' };
  const [values, setValues] = useState(empty);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const { odsCode, name, type, localIdentifier, active, reason } = values;
    const { saved, problems: found } = await save(SAVE_ORGANISATION, 'saveOrganisation', { odsCode, name, type, localIdentifier, active, reason: reason || null },
      { odsCode: 'org-ods', name: 'org-name', type: 'org-type', localIdentifier: 'org-local', active: 'org-active', reason: 'org-reason' });
    setProblems(found);
    setMessage(saved ? `Saved ${saved.odsCode}.` : null);
    if (saved) { setValues(empty); onSaved(); }
  };
  return html`
    <section aria-labelledby="admin-organisations">
      <h3 id="admin-organisations">Organisations</h3>
      <div class="scroll"><table data-testid="admin-organisations">
        <thead><tr><th scope="col">ODS code</th><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Groups</th><th scope="col">Active</th><th scope="col">Change</th></tr></thead>
        <tbody>${organisations.map((o) => html`
          <tr data-ods=${o.odsCode}><td>${o.odsCode}</td><td>${o.name}</td><td>${typeName(o.type)}</td>
            <td>${o.groups.map((g: any) => g.code).join(', ')}</td><td>${o.active ? 'yes' : 'retired'}</td>
            <td><button type="button" class="link" onClick=${() => {
              setValues({ odsCode: o.odsCode, name: o.name, type: o.type, localIdentifier: o.localIdentifier, active: o.active, reason: '' });
              setProblems([]);
              show('organisation-form-title');
            }}>Edit ${o.odsCode}</button></td></tr>`)}
        </tbody></table></div>
      <form class="admin-form" data-testid="organisation-form" onSubmit=${submit} noValidate aria-labelledby="organisation-form-title">
        <h4 id="organisation-form-title">Add or change an organisation</h4>
        <${ErrorSummary} problems=${problems} testId="organisation-errors" />
        <${TextField} id="org-ods" label="ODS code (or LOCAL- identifier)" hint="3 to 6 capital letters and digits, such as RNL; or LOCAL- and a local identifier."
          width=${10} problems=${problems} value=${values.odsCode} onInput=${(v: string) => set({ odsCode: v })} />
        <${TextField} id="org-name" label="Name" problems=${problems} value=${values.name} onInput=${(v: string) => set({ name: v })} />
        <${SelectField} id="org-type" label="Type" problems=${problems} value=${values.type} onChange=${(v: string) => set({ type: v })}
          options=${TYPES.map((t) => [t, typeName(t)])} />
        <${CheckboxField} id="org-local" label="A local identifier" problems=${problems} checked=${values.localIdentifier} onChange=${(on: boolean) => set({ localIdentifier: on })} />
        <${CheckboxField} id="org-active" label="Active" hint="Untick to retire it: it is then no longer offered for new incidents."
          problems=${problems} checked=${values.active} onChange=${(on: boolean) => set({ active: on })} />
        <${TextField} id="org-reason" label="Reason (kept in the audit trail)" problems=${problems} value=${values.reason} onInput=${(v: string) => set({ reason: v })} />
        <button type="submit" class="nhsuk-button">Save the organisation</button>
        ${message && html`<p role="status">${message}</p>`}
      </form>
    </section>`;
}

function Groups({ groups, organisations, onSaved }: { groups: any[]; organisations: any[]; onSaved: () => void }) {
  const empty = { code: '', name: '', memberIds: [] as string[], reason: '' };
  const [values, setValues] = useState(empty);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const names = new Map(organisations.map((o) => [o.id, `${o.name} (${o.odsCode})`]));
  const toggle = (id: string, on: boolean) => setValues((v) => ({ ...v, memberIds: on ? [...v.memberIds, id] : v.memberIds.filter((m) => m !== id) }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const { saved, problems: found } = await save(SAVE_GROUP, 'saveResilienceGroup', { ...values, reason: values.reason || null },
      { code: 'group-code', name: 'group-name', memberIds: 'group-members', reason: 'group-reason' });
    setProblems(found);
    setMessage(saved ? `Saved ${saved.code}.` : null);
    if (saved) { setValues(empty); onSaved(); }
  };
  return html`
    <section aria-labelledby="admin-groups">
      <h3 id="admin-groups">Groups and their members</h3>
      <ul class="admin-list">${groups.map((g) => html`
        <li><strong>${g.code}</strong> ${g.name}: ${g.members.map((m: any) => names.get(m.id) ?? m.id).join('; ')}
          <button type="button" class="link" onClick=${() => { setValues({ code: g.code, name: g.name, memberIds: g.members.map((m: any) => m.id), reason: '' }); setProblems([]); show('group-form-title'); }}>
            Edit ${g.code}</button></li>`)}</ul>
      <form class="admin-form" onSubmit=${submit} noValidate aria-labelledby="group-form-title">
        <h4 id="group-form-title">Add or change a group</h4>
        <${ErrorSummary} problems=${problems} testId="group-errors" />
        <${TextField} id="group-code" label="Code" hint="2 to 32 capital letters, digits and hyphens, such as NCSRG." width=${10}
          problems=${problems} value=${values.code} onInput=${(v: string) => set({ code: v })} />
        <${TextField} id="group-name" label="Name" problems=${problems} value=${values.name} onInput=${(v: string) => set({ name: v })} />
        <${CheckboxesField} id="group-members" legend="Members" small=${true} problems=${problems}
          items=${organisations.filter((o) => o.active || values.memberIds.includes(o.id)).map((o) => ({
            id: `group-member-${o.odsCode}`, label: `${o.name} (${o.odsCode})`, checked: values.memberIds.includes(o.id), onChange: (on: boolean) => toggle(o.id, on) }))} />
        <${TextField} id="group-reason" label="Reason (kept in the audit trail)" problems=${problems} value=${values.reason} onInput=${(v: string) => set({ reason: v })} />
        <button type="submit" class="nhsuk-button">Save the group</button>
        ${message && html`<p role="status">${message}</p>`}
      </form>
    </section>`;
}

function Catalogue({ measures, onSaved }: { measures: any[]; onSaved: () => void }) {
  const empty = { code: '', name: '', unit: '', kind: 'SNAPSHOT', appliesTo: [] as string[], requiredFor: [] as string[], mustNotExceed: '',
    warningAbove: '', criticalAbove: '', maxValue: '', retired: false, reason: '' };
  const [values, setValues] = useState(empty);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const number = (text: string) => (text.trim() === '' ? null : Number(text));
  const edit = (m: any) => {
    setValues({ code: m.code, name: m.name, unit: m.unit, kind: m.kind, appliesTo: m.appliesTo, requiredFor: m.requiredFor,
      mustNotExceed: m.mustNotExceed ?? '', warningAbove: m.warningAbove?.toString() ?? '', criticalAbove: m.criticalAbove?.toString() ?? '',
      maxValue: m.maxValue.toString(), retired: m.retired, reason: '' });
    setProblems([]);
    show('measure-form-title');
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const { saved, problems: found } = await save(SAVE_MEASURE, 'saveMeasure', {
      code: values.code, name: values.name, unit: values.unit, kind: values.kind, appliesTo: values.appliesTo, requiredFor: values.requiredFor,
      mustNotExceed: values.mustNotExceed || null, warningAbove: number(values.warningAbove), criticalAbove: number(values.criticalAbove),
      maxValue: number(values.maxValue), retired: values.retired, reason: values.reason,
    }, { code: 'measure-code', name: 'measure-name', unit: 'measure-unit', kind: 'measure-kind', appliesTo: 'measure-appliesTo', requiredFor: 'measure-requiredFor',
      mustNotExceed: 'measure-cap', warningAbove: 'measure-warning', criticalAbove: 'measure-critical', maxValue: 'measure-max', retired: 'measure-retired', reason: 'measure-reason' });
    setProblems(found);
    setMessage(saved ? `Saved ${saved.code} as revision ${saved.history[saved.history.length - 1].revision}.` : null);
    if (saved) { setValues(empty); onSaved(); }
  };
  const types = (name: 'appliesTo' | 'requiredFor', legend: string) => html`
    <${CheckboxesField} id=${`measure-${name}`} legend=${legend} small=${true} problems=${problems}
      items=${TYPES.map((t) => ({ id: `measure-${name}-${t}`, label: typeName(t), checked: values[name].includes(t),
        onChange: (on: boolean) => setValues((v) => ({ ...v, [name]: on ? [...v[name], t] : v[name].filter((x: string) => x !== t) })) }))} />`;
  return html`
    <section aria-labelledby="admin-catalogue">
      <h3 id="admin-catalogue">The measure catalogue</h3>
      <ul class="admin-list" data-testid="admin-measures">${measures.map((m) => html`
        <li data-code=${m.code}><strong>${m.name}</strong> <span class="muted">${m.code} · ${m.kind.toLowerCase().replace('_', ' ')}
          ${m.warningAbove != null ? ` · warning above ${m.warningAbove}` : ''}${m.criticalAbove != null ? ` · critical above ${m.criticalAbove}` : ''}
          ${m.retired ? ' · retired' : ''}</span>
          <button type="button" class="link" onClick=${() => edit(m)}>Revise ${m.code}</button>
          <details><summary>${m.history.length} revision${m.history.length === 1 ? '' : 's'}</summary>
            <ol>${m.history.map((r: any) => html`<li>Revision ${r.revision}, ${formatDate(r.changedAt)} by ${r.changedBy}: ${r.reason}</li>`)}</ol>
          </details></li>`)}</ul>
      <form class="admin-form" data-testid="measure-form" onSubmit=${submit} noValidate aria-labelledby="measure-form-title">
        <h4 id="measure-form-title">Add or revise a measure</h4>
        <${ErrorSummary} problems=${problems} testId="measure-errors" />
        <${TextField} id="measure-code" label="Code" hint="Capital letters, digits and underscores, such as ELECTIVE_OPS_POSTPONED."
          problems=${problems} value=${values.code} onInput=${(v: string) => set({ code: v })} />
        <${TextField} id="measure-name" label="Name" problems=${problems} value=${values.name} onInput=${(v: string) => set({ name: v })} />
        <${TextField} id="measure-unit" label="Unit" hint="What it counts, such as operations." width=${20} problems=${problems} value=${values.unit} onInput=${(v: string) => set({ unit: v })} />
        <${SelectField} id="measure-kind" label="Kind" problems=${problems} value=${values.kind} onChange=${(v: string) => set({ kind: v })}
          options=${[['SNAPSHOT', 'snapshot'], ['CUMULATIVE_DAILY', 'cumulative daily']]} />
        ${types('appliesTo', 'Reported by')}
        ${types('requiredFor', 'Required of')}
        <${TextField} id="measure-cap" label="May not exceed (a measure's code)" problems=${problems} value=${values.mustNotExceed} onInput=${(v: string) => set({ mustNotExceed: v })} />
        <${TextField} id="measure-warning" label="Warning above" width=${5} inputMode="numeric" problems=${problems} value=${values.warningAbove} onInput=${(v: string) => set({ warningAbove: v })} />
        <${TextField} id="measure-critical" label="Critical above" width=${5} inputMode="numeric" problems=${problems} value=${values.criticalAbove} onInput=${(v: string) => set({ criticalAbove: v })} />
        <${TextField} id="measure-max" label="Largest value a return may carry" width=${10} inputMode="numeric" problems=${problems} value=${values.maxValue} onInput=${(v: string) => set({ maxValue: v })} />
        <${CheckboxField} id="measure-retired" label="Retired" problems=${problems} checked=${values.retired} onChange=${(on: boolean) => set({ retired: on })} />
        <${TextField} id="measure-reason" label="Why (kept with the revision)" problems=${problems} value=${values.reason} onInput=${(v: string) => set({ reason: v })} />
        <button type="submit" class="nhsuk-button">Save the measure</button>
        ${message && html`<p role="status">${message}</p>`}
      </form>
    </section>`;
}
