import { useState } from 'preact/hooks';
import { token } from './api';
import { html } from './html';

// TODO(OIDC): in production, sign in with the configured authority (authorization code with PKCE,
// no client secret) and keep the access token in memory. Until then a development token is pasted
// here; `dotnet run --project src/ResilienceHub.Api -- token --role DIRECTOR` prints one.
export function SignIn({ error, onSignIn }: { error: string | null; onSignIn: () => void }) {
  const [value, setValue] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!value.trim()) return;
    token.set(value);
    onSignIn();
  };
  return html`
    <main class="page sign-in">
      <h1>ResilienceHub — sign in</h1>
      <form onSubmit=${submit}>
        <label for="token">Development token</label>
        <textarea id="token" name="token" rows="5" required value=${value}
          aria-describedby="token-help" onInput=${(e: any) => setValue(e.currentTarget.value)}></textarea>
        <p id="token-help" class="hint">Print one with <code>dotnet run --project src/ResilienceHub.Api -- token --role DIRECTOR</code>.
          It is kept for this browser tab only.</p>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit">Sign in</button>
      </form>
    </main>`;
}
