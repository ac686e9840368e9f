import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, token } from './api';
import { VIEWER } from './documents';
import { html, INCIDENT_STATES } from './html';
import { Admin } from './admin';
import { Dashboard } from './dashboard';
import { DeclareIncident, StandDown } from './declare';
import { PrintableLog } from './log';
import { ReportForm } from './report';
import { SignIn } from './signIn';
import { startSignIn, type SignInMethod } from './auth';
import './style.scss';


function App() {
  const [method, setMethod] = useState<SignInMethod | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [incidentId, setIncidentId] = useState<string>('');
  const [view, setView] = useState<'dashboard' | 'report' | 'log' | 'admin' | 'declare'>('dashboard');
  const [reload, setReload] = useState<{ select?: string }>({});

  useEffect(() => {
    const expired = (message: string) => { setData(null); setSignedIn(false); setError(message); };
    startSignIn(expired)
      .then((m) => { setMethod(m); setSignedIn(m.signedIn); setError(m.error); })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    gql(VIEWER)
      .then((d) => {
        if (!d.viewer) throw new ApiError('The token was not accepted.');
        // Live incidents first, exercises apart after them: a real incident is never opened in an exercise's place.
        const live = d.incidents.filter((i: any) => !i.exercise);
        const exercises = d.incidents.filter((i: any) => i.exercise);
        setData({ ...d, live, exercises });
        // After a declaration or a stand-down, the incident acted on; else the one shown, while it is still listed.
        setIncidentId((shown) => reload.select ?? (d.incidents.some((i: any) => i.id === shown) ? shown : (live[0] ?? exercises[0])?.id ?? ''));
        setError(null);
      })
      .catch((e: Error) => {
        token.clear();
        setSignedIn(false);
        setError(e.message);
      });
  }, [signedIn, reload]);

  if (!method) {
    return html`<main class="page nhsuk-width-container">${error ? html`<p class="error" role="alert">${error}</p>` : html`<p role="status">Loading…</p>`}</main>`;
  }
  if (!signedIn) return html`<${SignIn} method=${method} error=${error} onSignIn=${() => setSignedIn(true)} />`;
  if (!data) return html`<main class="page nhsuk-width-container"><p role="status">Loading…</p></main>`;

  const incident = data.incidents.find((i: any) => i.id === incidentId);
  const canReport = data.viewer.roles.some((r: string) => r === 'REPORTER' || r === 'SIGNATORY' || r === 'DIRECTOR');
  const canDirect = data.viewer.roles.includes('DIRECTOR');
  const canAdminister = data.viewer.roles.includes('ADMIN');
  const signOut = () => { setData(null); setSignedIn(false); setError(null); void method.signOut(); };

  const state = incident && INCIDENT_STATES[incident.status];
  return html`
    <a class="nhsuk-skip-link" href="#main">Skip to main content</a>
    ${incident?.exercise && html`<div class="exercise-banner" role="region" aria-label="Exercise notice" data-testid="exercise-banner">
      <strong>${EXERCISE}</strong> <span>This is an exercise, not a live incident: its returns, figures and messages are practice and count in no live figure.</span>
    </div>`}
    <header class="nhsuk-header top" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a class="nhsuk-header__service-logo" href="/" aria-label="ResilienceHub home">
            <svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" aria-hidden="true">
              <path fill="currentcolor" d=${NHS_LOGO} />
            </svg>
          </a>
          <span class="nhsuk-header__service-name">ResilienceHub</span>
        </div>
        <nav class="nhsuk-header__account" aria-label="Account">
          <ul class="nhsuk-header__account-list">
            <li class="nhsuk-header__account-item who">${data.viewer.name} · ${data.viewer.roles.join(', ')}</li>
            <li class="nhsuk-header__account-item"><button type="button" class="nhsuk-header__account-button" onClick=${signOut}>Sign out</button></li>
          </ul>
        </nav>
      </div>
    </header>
    <div class="nhsuk-width-container">
      <nav class="no-print" aria-label="Incident and views">
      ${incident && html`<div class="incident-choice">
        <label class="nhsuk-label" for="incident">Incident</label>
        <select id="incident" class="nhsuk-select" value=${incidentId} onChange=${(e: any) => { location.hash = ''; setIncidentId(e.currentTarget.value); }}>
          ${data.live.map((i: any) => html`<option value=${i.id}>${i.reference} — ${i.title} (${INCIDENT_STATES[i.status]?.text ?? i.status})</option>`)}
          ${data.exercises.length > 0 && html`<optgroup label="Exercises">
            ${data.exercises.map((i: any) => html`<option value=${i.id}>EXERCISE: ${i.reference} — ${i.title} (${INCIDENT_STATES[i.status]?.text ?? i.status})</option>`)}
          </optgroup>`}
        </select>
      </div>`}
      <div class="tabs">
        ${incident && html`<button type="button" aria-pressed=${view === 'dashboard'} onClick=${() => setView('dashboard')}>Dashboard</button>`}
        ${incident && canReport && html`<button type="button" aria-pressed=${view === 'report'} onClick=${() => setView('report')}>Submit a return</button>`}
        ${incident && html`<button type="button" aria-pressed=${view === 'log'} onClick=${() => setView('log')}>Decision log</button>`}
        ${canDirect && html`<button type="button" aria-pressed=${view === 'declare'} onClick=${() => setView('declare')}>Declare an incident</button>`}
        ${canAdminister && html`<button type="button" aria-pressed=${view === 'admin'} onClick=${() => setView('admin')}>Administration</button>`}
      </div>
      </nav>
      <main class="page nhsuk-main-wrapper" id="main" tabindex="-1">
        ${view === 'admin' ? html`<h1 class="nhsuk-heading-l">Administration</h1><${Admin} />`
          : view === 'declare' ? html`<${DeclareIncident} onDeclared=${(id: string) => { location.hash = ''; setView('dashboard'); setReload({ select: id }); }} />`
          : !incident ? html`<h1 class="nhsuk-heading-l" data-testid="no-incidents">No incidents yet.</h1>`
          : html`<h1 class="nhsuk-heading-l" id="incident-title">${incident.title} <span class="muted">${incident.reference}</span>
              <strong class=${`nhsuk-tag ${state.tag}`} data-testid="incident-state">${state.text}</strong></h1>
            ${view === 'dashboard' && canDirect && incident.status !== 'STOOD_DOWN' && html`<${StandDown} key=${incident.id} incident=${incident}
              onStoodDown=${() => setReload({ select: incident.id })} />`}
            ${view === 'dashboard' ? html`<${Dashboard} key=${`${incident.id}:${incident.status}`} incident=${incident} canDirect=${canDirect} canCall=${canDirect || canAdminister} onPrintLog=${() => setView('log')} />`
              : view === 'log' ? html`<${PrintableLog} key=${incident.id} incidentId=${incident.id} onBack=${() => setView('dashboard')} />`
              : html`<${ReportForm} key=${incident.id} incident=${incident} viewer=${data.viewer} />`}`}
      </main>
    </div>`;
}

// The agreed codeword, as every notification and download of an exercise begins.
const EXERCISE = 'EXERCISE EXERCISE EXERCISE';

// The NHS logo, as NHS.UK frontend's header draws it.
const NHS_LOGO = 'M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z';

render(html`<${App} />`, document.getElementById('app')!);
