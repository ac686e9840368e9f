// The administration area for ADMIN tokens: organisations, groups and their members, and the measure catalogue with
// each measure's history. Every save goes through the API, whose errors are shown beside their fields.
import { useEffect, useState } from 'preact/hooks';
import { gql, type ScreenDocument } from './api';
import { REFERENCE, SAVE_GROUP, SAVE_MEASURE, SAVE_ORGANISATION } from './documents';
import { formatDate, html } from './html';

const TYPES = ['ACUTE_TRUST', 'COMMUNITY_TRUST', 'MENTAL_HEALTH_TRUST', 'AMBULANCE_TRUST', 'NHS_111', 'GP_OUT_OF_HOURS', 'SOCIAL_CARE', 'COMMISSIONER'];
const typeName = (t: string) => t.toLowerCase().replaceAll('_', ' ');



type Errors = Record<string, string>;

/** Brings a form into view when a row's edit button fills it. */
const show = (id: string) => document.getElementById(id)?.scrollIntoView({ block: 'start' });

/** Sends one save and sorts the server's errors by the first step of their field path ('form' when there is none). */
async function save(mutation: ScreenDocument, name: string, input: Record<string, unknown>): Promise<{ saved: any; errors: Errors }> {
  let payload;
  try {
    payload = (await gql(mutation, { input }))[name];
  } catch (e) {
    return { saved: null, errors: { form: (e as Error).message } };
  }
  const errors: Errors = {};
  for (const error of payload.errors) {
    const key = error.field?.[0] ?? 'form';
    errors[key] = errors[key] ? `${errors[key]} ${error.message}` : error.message;
  }
  return { saved: payload.organisation ?? payload.group ?? payload.measure ?? null, errors };
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

function FieldError({ errors, name, id }: { errors: Errors; name: string; id: string }) {
  return errors[name] ? html`<span class="field-error" id=${id} role="alert">${errors[name]}</span>` : null;
}

/** A text input with its label and the server's error for its field. */
function Text({ id, label, name, value, errors, onInput }: {
  id: string; label: string; name: string; value: string; errors: Errors; onInput: (v: string) => void;
}) {
  return html`
    <label for=${id}>${label}</label>
    <input id=${id} type="text" value=${value} aria-invalid=${errors[name] ? 'true' : undefined}
      aria-describedby=${errors[name] ? `${id}-error` : undefined} onInput=${(e: any) => onInput(e.currentTarget.value)} />
    <${FieldError} errors=${errors} name=${name} id=${`${id}-error`} />`;
}

function Organisations({ organisations, onSaved }: { organisations: any[]; onSaved: () => void }) {
  const empty = { odsCode: '', name: '', type: 'ACUTE_TRUST', localIdentifier: false, active: true, reason: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const { odsCode, name, type, localIdentifier, active, reason } = values;
    const { saved, errors: found } = await save(SAVE_ORGANISATION, 'saveOrganisation', { odsCode, name, type, localIdentifier, active, reason: reason || null });
    setErrors(found);
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
              setErrors({});
              show('organisation-form-title');
            }}>Edit ${o.odsCode}</button></td></tr>`)}
        </tbody></table></div>
      <form class="admin-form" data-testid="organisation-form" onSubmit=${submit} noValidate aria-labelledby="organisation-form-title">
        <h4 id="organisation-form-title">Add or change an organisation</h4>
        <${FieldError} errors=${errors} name="form" id="organisation-form-error" />
        <${Text} id="org-ods" label="ODS code (or LOCAL- identifier)" name="odsCode" value=${values.odsCode} errors=${errors} onInput=${(v: string) => set({ odsCode: v })} />
        <${Text} id="org-name" label="Name" name="name" value=${values.name} errors=${errors} onInput=${(v: string) => set({ name: v })} />
        <label for="org-type">Type</label>
        <select id="org-type" value=${values.type} onChange=${(e: any) => set({ type: e.currentTarget.value })}>
          ${TYPES.map((t) => html`<option value=${t}>${typeName(t)}</option>`)}</select>
        <label class="check"><input type="checkbox" checked=${values.localIdentifier} onChange=${(e: any) => set({ localIdentifier: e.currentTarget.checked })} /> A local identifier</label>
        <label class="check"><input type="checkbox" checked=${values.active} onChange=${(e: any) => set({ active: e.currentTarget.checked })} /> Active (untick to retire)</label>
        <${FieldError} errors=${errors} name="active" id="org-active-error" />
        <${Text} id="org-reason" label="Reason (kept in the audit trail)" name="reason" value=${values.reason} errors=${errors} onInput=${(v: string) => set({ reason: v })} />
        <p><button type="submit">Save the organisation</button></p>
        ${message && html`<p role="status">${message}</p>`}
      </form>
    </section>`;
}

function Groups({ groups, organisations, onSaved }: { groups: any[]; organisations: any[]; onSaved: () => void }) {
  const empty = { code: '', name: '', memberIds: [] as string[], reason: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const names = new Map(organisations.map((o) => [o.id, `${o.name} (${o.odsCode})`]));
  const toggle = (id: string, on: boolean) => set({ memberIds: on ? [...values.memberIds, id] : values.memberIds.filter((m) => m !== id) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const { saved, errors: found } = await save(SAVE_GROUP, 'saveResilienceGroup', { ...values, reason: values.reason || null });
    setErrors(found);
    setMessage(saved ? `Saved ${saved.code}.` : null);
    if (saved) { setValues(empty); onSaved(); }
  };
  return html`
    <section aria-labelledby="admin-groups">
      <h3 id="admin-groups">Groups and their members</h3>
      <ul class="admin-list">${groups.map((g) => html`
        <li><strong>${g.code}</strong> ${g.name}: ${g.members.map((m: any) => names.get(m.id) ?? m.id).join('; ')}
          <button type="button" class="link" onClick=${() => { setValues({ code: g.code, name: g.name, memberIds: g.members.map((m: any) => m.id), reason: '' }); setErrors({}); show('group-form-title'); }}>
            Edit ${g.code}</button></li>`)}</ul>
      <form class="admin-form" onSubmit=${submit} noValidate aria-labelledby="group-form-title">
        <h4 id="group-form-title">Add or change a group</h4>
        <${FieldError} errors=${errors} name="form" id="group-form-error" />
        <${Text} id="group-code" label="Code" name="code" value=${values.code} errors=${errors} onInput=${(v: string) => set({ code: v })} />
        <${Text} id="group-name" label="Name" name="name" value=${values.name} errors=${errors} onInput=${(v: string) => set({ name: v })} />
        <fieldset><legend>Members</legend>
          ${organisations.filter((o) => o.active || values.memberIds.includes(o.id)).map((o) => html`
            <label class="check"><input type="checkbox" checked=${values.memberIds.includes(o.id)} onChange=${(e: any) => toggle(o.id, e.currentTarget.checked)} />
              ${o.name} (${o.odsCode})</label>`)}
          <${FieldError} errors=${errors} name="memberIds" id="group-members-error" />
        </fieldset>
        <${Text} id="group-reason" label="Reason (kept in the audit trail)" name="reason" value=${values.reason} errors=${errors} onInput=${(v: string) => set({ reason: v })} />
        <p><button type="submit">Save the group</button></p>
        ${message && html`<p role="status">${message}</p>`}
      </form>
    </section>`;
}

function Catalogue({ measures, onSaved }: { measures: any[]; onSaved: () => void }) {
  const empty = { code: '', name: '', unit: '', kind: 'SNAPSHOT', appliesTo: [] as string[], requiredFor: [] as string[], mustNotExceed: '',
    warningAbove: '', criticalAbove: '', maxValue: '', retired: false, reason: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof empty>) => setValues((v) => ({ ...v, ...patch }));
  const number = (text: string) => (text.trim() === '' ? null : Number(text));
  const edit = (m: any) => {
    setValues({ code: m.code, name: m.name, unit: m.unit, kind: m.kind, appliesTo: m.appliesTo, requiredFor: m.requiredFor,
      mustNotExceed: m.mustNotExceed ?? '', warningAbove: m.warningAbove?.toString() ?? '', criticalAbove: m.criticalAbove?.toString() ?? '',
      maxValue: m.maxValue.toString(), retired: m.retired, reason: '' });
    setErrors({});
    show('measure-form-title');
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const { saved, errors: found } = await save(SAVE_MEASURE, 'saveMeasure', {
      code: values.code, name: values.name, unit: values.unit, kind: values.kind, appliesTo: values.appliesTo, requiredFor: values.requiredFor,
      mustNotExceed: values.mustNotExceed || null, warningAbove: number(values.warningAbove), criticalAbove: number(values.criticalAbove),
      maxValue: number(values.maxValue), retired: values.retired, reason: values.reason,
    });
    setErrors(found);
    setMessage(saved ? `Saved ${saved.code} as revision ${saved.history[saved.history.length - 1].revision}.` : null);
    if (saved) { setValues(empty); onSaved(); }
  };
  const types = (name: 'appliesTo' | 'requiredFor', legend: string) => html`
    <fieldset><legend>${legend}</legend>
      ${TYPES.map((t) => html`<label class="check"><input type="checkbox" checked=${values[name].includes(t)}
        onChange=${(e: any) => set({ [name]: e.currentTarget.checked ? [...values[name], t] : values[name].filter((x: string) => x !== t) })} /> ${typeName(t)}</label>`)}
      <${FieldError} errors=${errors} name=${name} id=${`measure-${name}-error`} />
    </fieldset>`;
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
        <${FieldError} errors=${errors} name="form" id="measure-form-error" />
        <${Text} id="measure-code" label="Code" name="code" value=${values.code} errors=${errors} onInput=${(v: string) => set({ code: v })} />
        <${Text} id="measure-name" label="Name" name="name" value=${values.name} errors=${errors} onInput=${(v: string) => set({ name: v })} />
        <${Text} id="measure-unit" label="Unit" name="unit" value=${values.unit} errors=${errors} onInput=${(v: string) => set({ unit: v })} />
        <label for="measure-kind">Kind</label>
        <select id="measure-kind" value=${values.kind} onChange=${(e: any) => set({ kind: e.currentTarget.value })}>
          <option value="SNAPSHOT">snapshot</option><option value="CUMULATIVE_DAILY">cumulative daily</option></select>
        <${FieldError} errors=${errors} name="kind" id="measure-kind-error" />
        ${types('appliesTo', 'Reported by')}
        ${types('requiredFor', 'Required of')}
        <${Text} id="measure-cap" label="May not exceed (a measure's code)" name="mustNotExceed" value=${values.mustNotExceed} errors=${errors} onInput=${(v: string) => set({ mustNotExceed: v })} />
        <${Text} id="measure-warning" label="Warning above" name="warningAbove" value=${values.warningAbove} errors=${errors} onInput=${(v: string) => set({ warningAbove: v })} />
        <${Text} id="measure-critical" label="Critical above" name="criticalAbove" value=${values.criticalAbove} errors=${errors} onInput=${(v: string) => set({ criticalAbove: v })} />
        <${Text} id="measure-max" label="Largest value a return may carry" name="maxValue" value=${values.maxValue} errors=${errors} onInput=${(v: string) => set({ maxValue: v })} />
        <label class="check"><input type="checkbox" checked=${values.retired} onChange=${(e: any) => set({ retired: e.currentTarget.checked })} /> Retired</label>
        <${Text} id="measure-reason" label="Why (kept with the revision)" name="reason" value=${values.reason} errors=${errors} onInput=${(v: string) => set({ reason: v })} />
        <p><button type="submit">Save the measure</button></p>
        ${message && html`<p role="status">${message}</p>`}
      </form>
    </section>`;
}
