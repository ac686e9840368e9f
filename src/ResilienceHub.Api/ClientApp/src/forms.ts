// NHS.UK's form patterns for every form of the screen: each control in a form group with its label, hint and error
// message, and an error summary at the top that takes the focus and links each problem to its field. Every error the
// server gives reaches the summary: one whose field is not on the form (or that names none) is listed without a link.
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from './api';
import { html } from './html';

/** One problem to show: the id of the control at fault on the page, or null when none on the form is. */
export type Problem = { target: string | null; message: string; code?: string };

/**
 * The server's UserErrors as problems: `targetOf` names the control for a field path (null when no control on the form
 * is that field). A refusal the API raised instead (a GraphQL error, a network failure) is one problem without a field.
 */
export function problemsOf(errors: { code: string; message: string; field?: string[] | null }[], targetOf: (field: string[]) => string | null): Problem[] {
  return errors.map((e) => ({ target: e.field?.length ? targetOf(e.field) : null, message: e.message, code: e.code }));
}

export const thrown = (e: unknown): Problem[] => [{ target: null, message: (e as Error).message, code: e instanceof ApiError ? e.code : undefined }];

/** The messages for one control, as one sentence after another. */
export const messageFor = (problems: Problem[], id: string) => problems.filter((p) => p.target === id).map((p) => p.message).join(' ');

/** NHS.UK's error summary: "There is a problem", every problem listed, focused whenever a new list of them arrives. */
export function ErrorSummary({ problems, testId = 'error-summary' }: { problems: Problem[]; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { if (problems.length > 0) ref.current?.focus(); }, [problems]);
  if (problems.length === 0) return null;
  const go = (e: Event, target: string) => {
    e.preventDefault();
    const control = document.getElementById(target);
    control?.scrollIntoView({ block: 'center' });
    control?.focus();
  };
  return html`
    <div class="nhsuk-error-summary" data-testid=${testId} tabindex="-1" ref=${ref}>
      <div role="alert">
        <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
        <div class="nhsuk-error-summary__body">
          <ul class="nhsuk-list nhsuk-error-summary__list">${problems.map((p) => html`
            <li data-code=${p.code}>${p.target ? html`<a href=${`#${p.target}`} onClick=${(e: Event) => go(e, p.target!)}>${p.message}</a>` : p.message}</li>`)}</ul>
        </div>
      </div>
    </div>`;
}

type Common = { id: string; label: string; hint?: string; problems: Problem[]; class?: string };

/** What every control shares: its form group (in error when it has a message), label, hint and error message. */
function Group({ id, label, hint, message, children }: { id: string; label: string; hint?: string; message: string; children: any }) {
  return html`
    <div class=${`nhsuk-form-group${message ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for=${id}>${label}</label>
      ${hint && html`<div class="nhsuk-hint" id=${`${id}-hint`}>${hint}</div>`}
      ${message && html`<span class="nhsuk-error-message" id=${`${id}-error`}><span class="nhsuk-u-visually-hidden">Error: </span>${message}</span>`}
      ${children}
    </div>`;
}

const describedBy = (id: string, hint: string | undefined, message: string) =>
  [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' ') || undefined;

export function TextField({ id, label, hint, problems, value, onInput, type = 'text', inputMode, width, class: extra }: Common & {
  value: string; onInput: (v: string) => void; type?: string; inputMode?: string; width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
}) {
  const message = messageFor(problems, id);
  const classes = ['nhsuk-input', width && `nhsuk-input--width-${width}`, message && 'nhsuk-input--error', extra].filter(Boolean).join(' ');
  return html`<${Group} id=${id} label=${label} hint=${hint} message=${message}>
    <input class=${classes} id=${id} name=${id} type=${type} inputmode=${inputMode} value=${value}
      aria-describedby=${describedBy(id, hint, message)} aria-invalid=${message ? 'true' : undefined}
      onInput=${(e: any) => onInput(e.currentTarget.value)} />
  </${Group}>`;
}

export function TextareaField({ id, label, hint, problems, value, onInput, rows = 3 }: Common & { value: string; onInput: (v: string) => void; rows?: number }) {
  const message = messageFor(problems, id);
  return html`<${Group} id=${id} label=${label} hint=${hint} message=${message}>
    <textarea class=${`nhsuk-textarea${message ? ' nhsuk-textarea--error' : ''}`} id=${id} name=${id} rows=${rows} value=${value}
      aria-describedby=${describedBy(id, hint, message)} aria-invalid=${message ? 'true' : undefined}
      onInput=${(e: any) => onInput(e.currentTarget.value)}></textarea>
  </${Group}>`;
}

export function SelectField({ id, label, hint, problems, value, onChange, options }: Common & {
  value: string; onChange: (v: string) => void; options: [string, string][];
}) {
  const message = messageFor(problems, id);
  return html`<${Group} id=${id} label=${label} hint=${hint} message=${message}>
    <select class=${`nhsuk-select${message ? ' nhsuk-select--error' : ''}`} id=${id} name=${id} value=${value}
      aria-describedby=${describedBy(id, hint, message)} aria-invalid=${message ? 'true' : undefined}
      onChange=${(e: any) => onChange(e.currentTarget.value)}>
      ${options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
    </select>
  </${Group}>`;
}

export type CheckboxItem = { id: string; label: string; checked: boolean; onChange: (on: boolean) => void; hint?: string };

/** NHS.UK's checkboxes in a fieldset with its legend; `id` is the group's (the target of its errors: its first box). */
export function CheckboxesField({ id, legend, hint, problems, items, small }: { id: string; legend: string; hint?: string; problems: Problem[]; items: CheckboxItem[]; small?: boolean }) {
  const message = messageFor(problems, id);
  return html`
    <div class=${`nhsuk-form-group${message ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby=${describedBy(id, hint, message)}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${legend}</legend>
        ${hint && html`<div class="nhsuk-hint" id=${`${id}-hint`}>${hint}</div>`}
        ${message && html`<span class="nhsuk-error-message" id=${`${id}-error`}><span class="nhsuk-u-visually-hidden">Error: </span>${message}</span>`}
        <div class=${`nhsuk-checkboxes${small ? ' nhsuk-checkboxes--small' : ''}`}>
          ${items.map((item, i) => html`
            <div class="nhsuk-checkboxes__item">
              <input class="nhsuk-checkboxes__input" id=${i === 0 ? id : item.id} type="checkbox" checked=${item.checked}
                aria-describedby=${item.hint ? `${item.id}-item-hint` : undefined} onChange=${(e: any) => item.onChange(e.currentTarget.checked)} />
              <label class="nhsuk-label nhsuk-checkboxes__label" for=${i === 0 ? id : item.id}>${item.label}</label>
              ${item.hint && html`<div class="nhsuk-hint nhsuk-checkboxes__hint" id=${`${item.id}-item-hint`}>${item.hint}</div>`}
            </div>`)}
        </div>
      </fieldset>
    </div>`;
}

/** One checkbox on its own, as NHS.UK draws it. */
export function CheckboxField({ id, label, hint, problems, checked, onChange }: Common & { checked: boolean; onChange: (on: boolean) => void }) {
  const message = messageFor(problems, id);
  return html`
    <div class=${`nhsuk-form-group${message ? ' nhsuk-form-group--error' : ''}`}>
      ${message && html`<span class="nhsuk-error-message" id=${`${id}-error`}><span class="nhsuk-u-visually-hidden">Error: </span>${message}</span>`}
      <div class="nhsuk-checkboxes">
        <div class="nhsuk-checkboxes__item">
          <input class="nhsuk-checkboxes__input" id=${id} type="checkbox" checked=${checked}
            aria-describedby=${describedBy(id, hint, message)} onChange=${(e: any) => onChange(e.currentTarget.checked)} />
          <label class="nhsuk-label nhsuk-checkboxes__label" for=${id}>${label}</label>
          ${hint && html`<div class="nhsuk-hint nhsuk-checkboxes__hint" id=${`${id}-hint`}>${hint}</div>`}
        </div>
      </div>
    </div>`;
}
