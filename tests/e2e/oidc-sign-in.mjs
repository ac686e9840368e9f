// Production sign-in end to end: the screen in Debian's headless Chromium signs in at a real OpenID Connect
// provider (oidc-provider.mjs) with the authorization code flow and PKCE, and what it saw is printed as JSON
// for OidcSignInEndToEndTests.
// Usage: node oidc-sign-in.mjs <screenshot folder>
//   1. prints one line, {"issuer", "audience", "clientId", "scope"}: the settings the API is to be started with;
//   2. reads one line from standard input: the API's base URL;
//   3. drives the browser and prints the result as one line of JSON.
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { launchChromium, stopwatch } from './browser.mjs';
import { AUDIENCE, CLIENT_ID, SCOPE, USERS, startProvider } from './oidc-provider.mjs';

const [shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const provider = await startProvider();
console.log(JSON.stringify({ issuer: provider.issuer, audience: AUDIENCE, clientId: CLIENT_ID, scope: SCOPE }));
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const base = (await lines.next()).value.trim().replace(/\/$/, '');
provider.configure(base);

const { timings, lap } = stopwatch();
const started = Date.now();
const TOKEN_KEY = 'resiliencehub.token';

const browser = await launchChromium();
const result = { timings };
try {
  // A director's whole session, and beside it a viewer whose token lapses because renewal is refused.
  const [director, expiry] = await Promise.all([directorSession(), expirySession()]);
  Object.assign(result, director, { expiry });
} finally {
  await browser.close();
  await provider.close();
}
timings.total = Date.now() - started;
console.log(JSON.stringify(result));
process.exit(0);

// What the pages said, on standard error (the test shows it when the script fails).
function watch(page, name) {
  page.on('console', (m) => console.error(`[${name} console] ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[${name} page error] ${e.message}`));
  page.on('requestfailed', (r) => console.error(`[${name} request failed] ${r.url()} ${r.failure()?.errorText}`));
  page.on('framenavigated', (f) => f !== page.mainFrame() && console.error(`[${name} frame] ${f.url()}`));
}

async function signIn(page, username) {
  watch(page, username);
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/auth?`) && !new URL(r.url()).searchParams.has('prompt'));
  await page.goto(`${base}/`);
  const developmentForm = await page.getByLabel('Development token').count();
  await page.getByRole('button', { name: 'Sign in' }).click();
  const request = new URL((await authorize).url());
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  const atProvider = page.url();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(USERS[username].password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${base}/**`);
  await page.locator('[data-testid=org-tile]').first().waitFor();
  return {
    developmentForm,
    atProvider,
    authorize: Object.fromEntries(['response_type', 'client_id', 'redirect_uri', 'scope', 'code_challenge_method', 'code_challenge']
      .map((name) => [name, request.searchParams.get(name)])),
    secretSent: request.searchParams.has('client_secret'),
    urlAfterSignIn: page.url(),
  };
}

function storage(page) {
  return page.evaluate((key) => ({ token: sessionStorage.getItem(key), local: Object.keys(localStorage) }), TOKEN_KEY);
}

async function directorSession() {
  const out = {};
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let t = Date.now();
  out.signIn = await signIn(page, 'director');
  await page.locator('[data-testid=totals] tbody tr').first().waitFor();
  t = lap('directorSignInAndLoad', t);

  out.who = await page.locator('.who').innerText();
  out.tiles = await page.locator('[data-testid=org-tile]').evaluateAll((els) => els.map((e) => e.dataset.ods));
  const { token, local } = await storage(page);
  out.localStorageKeys = local;
  await page.screenshot({ path: `${shots}/oidc-dashboard-desktop.png`, fullPage: true });

  // The API's own answer to the same token, for the test to compare the tiles with.
  const api = async (query, variables) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  const answer = await api('{ viewer { name roles } incidents { participants { odsCode } } }');
  out.apiViewer = answer.data?.viewer ?? null;
  out.apiParticipants = answer.data?.incidents?.[0]?.participants.map((p) => p.odsCode) ?? [];
  out.apiErrors = answer.errors ?? [];

  // Live: the subscription signed in with the provider's token sees a correction made with it. The demo is stood down,
  // so it opens at its last report time; the slider's last position is now, where corrections arrive live.
  await page.getByLabel('Replay the dashboard as at').focus();
  await page.keyboard.press('End');
  await page.locator('[data-testid=moment-note][data-live=connected]').waitFor();
  const board = (await api(`{ incidents { dashboard { organisations { organisation { odsCode } latest {
    id currentVersion opelLevel criticalIncidentDeclared keyIssues mitigations supportRequested measures { measure { code } value } } } } } }`)).data;
  const rnl = board.incidents[0].dashboard.organisations.find((o) => o.organisation.odsCode === 'RNL').latest;
  const inEd = rnl.measures.find((m) => m.measure.code === 'ED_PATIENTS_IN_DEPARTMENT').value + 23;
  const sent = Date.now();
  const amended = await api(`mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { sitrep { submittedBy } errors { code message } } }`, { i: {
    sitrepId: rnl.id, expectedVersion: rnl.currentVersion, reason: 'Recounted the department (OIDC end-to-end check)',
    opelLevel: rnl.opelLevel, criticalIncidentDeclared: rnl.criticalIncidentDeclared, keyIssues: rnl.keyIssues,
    mitigations: rnl.mitigations, supportRequested: rnl.supportRequested,
    measures: rnl.measures.map((m) => ({ code: m.measure.code, value: m.measure.code === 'ED_PATIENTS_IN_DEPARTMENT' ? inEd : m.value })),
  } });
  await page.locator('[data-testid=org-tile][data-ods=RNL]').filter({ hasText: String(inEd) }).waitFor({ timeout: 2000 });
  out.live = { errors: amended.errors ?? amended.data.amendSitrep.errors, submittedBy: amended.data?.amendSitrep.sitrep?.submittedBy, appearedMs: Date.now() - sent };
  t = lap('directorLive', t);

  // Silent renewal: a new access token from the provider, before the first one expires (65 s).
  await page.waitForFunction(([key, first]) => { const now = sessionStorage.getItem(key); return now && now !== first; }, [TOKEN_KEY, token], { timeout: 30000 });
  const renewed = (await storage(page)).token;
  out.renewal = { renewed: renewed !== token, accepted: (await (await fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${renewed}` }, body: JSON.stringify({ query: '{ viewer { name } }' }),
  })).json()).data?.viewer?.name ?? null };
  t = lap('directorSilentRenewal', t);

  // GraphiQL in the same tab: the header is pre-set with the provider's token.
  await page.goto(`${base}/graphql`);
  await page.locator('.graphiql-container .monaco-editor').first().waitFor();
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-response').getByText(USERS.director.name).first().waitFor();
  out.graphiql = true;
  t = lap('directorGraphiQL', t);

  // Back on the screen, still signed in; then sign out at the provider, which ends its session too.
  await page.goto(`${base}/`);
  await page.locator('[data-testid=org-tile]').first().waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${provider.issuer}/session/end**`);
  await page.getByRole('button', { name: 'Yes, sign out' }).click();
  await page.waitForURL(`${base}/**`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const after = { ...(await storage(page)), url: page.url() };
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/interaction\/|\/auth\?/);
  out.signOut = { token: after.token, urlAfter: after.url, loginAskedAgain: await page.getByLabel('Password').isVisible() };
  lap('directorSignOut', t);
  await page.close();
  return out;
}

async function expirySession() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // The provider answers every silent renewal as it would once its session has gone: login_required.
  await context.route((url) => url.href.startsWith(`${provider.issuer}/auth?`) && url.searchParams.get('prompt') === 'none', (route) => {
    const request = new URL(route.request().url());
    const back = new URL(request.searchParams.get('redirect_uri'));
    back.searchParams.set('error', 'login_required');
    back.searchParams.set('state', request.searchParams.get('state'));
    return route.fulfill({ status: 302, headers: { location: back.href } });
  });
  const page = await context.newPage();
  const t = Date.now();
  await signIn(page, 'brief');
  const signedInAt = Date.now();
  const message = page.getByText('Your sign-in has expired');
  await message.waitFor({ timeout: 30000 });
  const out = {
    message: await message.innerText(),
    afterSignInMs: Date.now() - signedInAt,
    token: (await storage(page)).token,
    signInOffered: await page.getByRole('button', { name: 'Sign in' }).isVisible(),
  };
  await page.screenshot({ path: `${shots}/oidc-expired-desktop.png` });
  lap('expiry', t);
  await context.close();
  return out;
}
