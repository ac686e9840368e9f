import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, token } from './api';
import { VIEWER } from './documents';
import { html } from './html';
import { Admin } from './admin';
import { Dashboard } from './dashboard';
import { PrintableLog } from './log';
import { ReportForm } from './report';
import { SignIn } from './signIn';
import { startSignIn, type SignInMethod } from './auth';
import './style.css';


function App() {
  const [method, setMethod] = useState<SignInMethod | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const [data, setData] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const [incidentId, setIncidentId] = useState<string>('');
  const [view, setView] = useState<'dashboard' | 'report' | 'log' | 'admin'>('dashboard');

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
        setData(d);
        setIncidentId(d.incidents[0]?.id ?? '');
        setError(null);
      })
      .catch((e: Error) => {
        token.clear();
        setSignedIn(false);
        setError(e.message);
      });
  }, [signedIn]);

  if (!method) {
    return html`<main class="page">${error ? html`<p class="error" role="alert">${error}</p>` : html`<p role="status">Loading…</p>`}</main>`;
  }
  if (!signedIn) return html`<${SignIn} method=${method} error=${error} onSignIn=${() => setSignedIn(true)} />`;
  if (!data) return html`<main class="page"><p role="status">Loading…</p></main>`;

  const incident = data.incidents.find((i: any) => i.id === incidentId);
  const canReport = data.viewer.roles.some((r: string) => r === 'REPORTER' || r === 'SIGNATORY' || r === 'DIRECTOR');
  const canDirect = data.viewer.roles.includes('DIRECTOR');
  const canAdminister = data.viewer.roles.includes('ADMIN');
  const signOut = () => { setData(null); setSignedIn(false); setError(null); void method.signOut(); };

  return html`
    <header class="top">
      <h1>ResilienceHub</h1>
      <label class="incident-choice">Incident
        <select value=${incidentId} onChange=${(e: any) => setIncidentId(e.currentTarget.value)}>
          ${data.incidents.map((i: any) => html`<option value=${i.id}>${i.reference} — ${i.title} (${i.status})</option>`)}
        </select>
      </label>
      <span class="who">${data.viewer.name} · ${data.viewer.roles.join(', ')}
        <button type="button" class="link" onClick=${signOut}>Sign out</button></span>
    </header>
    <nav class="tabs" aria-label="Views">
      <button type="button" aria-pressed=${view === 'dashboard'} onClick=${() => setView('dashboard')}>Dashboard</button>
      ${canReport && html`<button type="button" aria-pressed=${view === 'report'} onClick=${() => setView('report')}>Submit a return</button>`}
      <button type="button" aria-pressed=${view === 'log'} onClick=${() => setView('log')}>Decision log</button>
      ${canAdminister && html`<button type="button" aria-pressed=${view === 'admin'} onClick=${() => setView('admin')}>Administration</button>`}
    </nav>
    <main class="page" id="main">
      ${view === 'admin' ? html`<${Admin} />`
        : !incident ? html`<p>No incidents yet.</p>`
        : view === 'dashboard' ? html`<${Dashboard} key=${incident.id} incident=${incident} canDirect=${canDirect} onPrintLog=${() => setView('log')} />`
        : view === 'log' ? html`<${PrintableLog} key=${incident.id} incidentId=${incident.id} onBack=${() => setView('dashboard')} />`
        : html`<${ReportForm} key=${incident.id} incident=${incident} viewer=${data.viewer} />`}
    </main>`;
}

render(html`<${App} />`, document.getElementById('app')!);
