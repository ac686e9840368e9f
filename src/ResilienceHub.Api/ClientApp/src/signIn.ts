import { useState } from 'preact/hooks';
import { token } from './api';
import type { SignInMethod } from './auth';
import { html } from './html';

// What the API said: sign in at the OpenID Connect authority, paste a development token, or why neither is possible.
export function SignIn({ method, error, onSignIn }: { method: SignInMethod; error: string | null; onSignIn: () => void }) {
  const config = method.config;
  const problem = error && html`<p class="error" role="alert">${error}</p>`;
  if (config.mode === 'oidc') {
    return html`
      <main class="page sign-in nhsuk-width-container" id="main">
        <h1>ResilienceHub — sign in</h1>
        <p>Sign in with your organisation's account at <span class="authority">${new URL(config.authority).host}</span>.</p>
        ${problem}
        <button type="button" onClick=${() => void method.signIn()}>Sign in</button>
      </main>`;
  }
  if (config.mode === 'unavailable') {
    return html`
      <main class="page sign-in nhsuk-width-container" id="main">
        <h1>ResilienceHub — sign in</h1>
        <p class="error" role="alert">Sign-in is not configured on this server: ${config.reason}</p>
      </main>`;
  }
  return html`<${DevelopmentSignIn} error=${error} onSignIn=${onSignIn} />`;
}

// Local runs: `dotnet run -v q --project src/ResilienceHub.Api -- token --role DIRECTOR` prints a token to paste.
// Pasted with whatever the terminal printed around it, the token is the word that looks like one (three base64url parts).
const pastedToken = (text: string) => text.split(/\s+/).filter((word) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(word)).pop() ?? text.trim();

function DevelopmentSignIn({ error, onSignIn }: { error: string | null; onSignIn: () => void }) {
  const [value, setValue] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    if (!value.trim()) return;
    token.set(pastedToken(value));
    onSignIn();
  };
  return html`
    <main class="page sign-in nhsuk-width-container" id="main">
      <h1>ResilienceHub — sign in</h1>
      <form onSubmit=${submit}>
        <label for="token">Development token</label>
        <textarea id="token" name="token" rows="5" required value=${value}
          aria-describedby="token-help" onInput=${(e: any) => setValue(e.currentTarget.value)}></textarea>
        <p id="token-help" class="hint">Print one with <code>dotnet run -v q --project src/ResilienceHub.Api -- token --role DIRECTOR</code>.
          It is kept for this browser tab only.</p>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit">Sign in</button>
      </form>
    </main>`;
}
