// A real OpenID Connect provider (npm oidc-provider) on the loopback, for the sign-in end-to-end test:
// one public client (the screen: authorization code with PKCE, no secret), JWT access tokens for the
// API's audience carrying the claims the API reads (roles, ods, groups, name), and a tiny login page that
// knows a few fixed TEST-ONLY users. Every page it serves is plain, with nothing fetched from elsewhere.
//
// Alone, for trying production sign-in by hand (the API then needs the settings printed on start-up):
//   node oidc-provider.mjs http://localhost:5080
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'resiliencehub-screen';
export const AUDIENCE = 'api://resiliencehub-e2e';
export const API_SCOPE = 'resiliencehub';
export const SCOPE = `openid profile ${API_SCOPE}`;

// TEST-ONLY accounts. Access token lifetimes are chosen around oidc-client-ts's renewal, which starts
// 60 s before expiry: 65 s renews after about 5 s; 8 s tries to renew at once.
export const USERS = {
  director: { password: 'director-e2e', name: 'OIDC test director', roles: ['DIRECTOR'], ods: [], groups: ['NCSRG'], accessTokenSeconds: 65 },
  reporter: { password: 'reporter-e2e', name: 'OIDC test reporter, RNL', roles: ['REPORTER'], ods: ['RNL'], groups: [], accessTokenSeconds: 65 },
  brief: { password: 'brief-e2e', name: 'OIDC test viewer, short token', roles: ['VIEWER'], ods: [], groups: ['NCSRG'], accessTokenSeconds: 8 },
};

/** Listens on a free loopback port at once; the issuer is known before the API (and so the redirect URI) is. */
export async function startProvider() {
  let handle = (_req, res) => { res.statusCode = 503; res.end('The provider is not configured yet.'); };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return {
    issuer,
    /** Registers the screen at apiBase as the one client and starts answering. */
    configure(apiBase) {
      const provider = createProvider(issuer, apiBase.replace(/\/$/, ''));
      const callback = provider.callback();
      handle = (req, res) => (req.url.startsWith('/interaction/') ? login(provider, req, res) : callback(req, res));
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function createProvider(issuer, apiBase) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-signing', use: 'sig', alg: 'RS256' };
  const screenOrigin = new URL(apiBase).origin;

  return new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // The screen itself, and the page its hidden iframe lands on when it renews the token silently.
      redirect_uris: [`${apiBase}/`, `${apiBase}/silent-renew.html`],
      post_logout_redirect_uris: [`${apiBase}/`],
    }],
    // oidc-provider already requires PKCE (S256) of public clients; said here so the test does not rest on a default.
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name'] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== AUDIENCE) throw new Provider.errors.InvalidTarget();
          return { scope: API_SCOPE, audience: AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    ttl: {
      Interaction: 600, Session: 3600, Grant: 3600, IdToken: 3600,
      AccessToken: (_ctx, token) => USERS[token.accountId]?.accessTokenSeconds ?? 600,
    },
    // The claims the API reads from an access token (Authentication:RoleClaim, OrganisationClaim, GroupClaim, NameClaim).
    extraTokenClaims: (_ctx, token) => {
      const user = USERS[token.accountId];
      return user && { roles: user.roles, ods: user.ods, groups: user.groups, name: user.name };
    },
    findAccount: (_ctx, sub) => USERS[sub] && { accountId: sub, claims: () => ({ sub, name: USERS[sub].name }) },
    // The screen is this provider's own application: consent is taken as given.
    loadExistingGrant: async (ctx) => {
      const { provider, client, session, result } = ctx.oidc;
      const grantId = result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(AUDIENCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin) => origin === screenOrigin,
    renderError: (ctx, out) => { ctx.type = 'html'; ctx.body = page('Sign-in error', `<pre>${escape(JSON.stringify(out, null, 2))}</pre>`); },
  });
}

// GET shows the login form; POST checks the fixed users and hands the account back to the provider.
async function login(provider, req, res) {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
    let error = '';
    if (req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const user = USERS[form.get('username')];
      if (user && user.password === form.get('password')) {
        await provider.interactionFinished(req, res, { login: { accountId: form.get('username') } }, { mergeWithLastSubmission: false });
        return;
      }
      error = '<p role="alert">Unknown user or wrong password.</p>';
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page('Test provider — sign in', `${error}
      <form method="post" action="/interaction/${escape(details.uid)}">
        <p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" required></p>
        <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <button type="submit">Continue</button>
      </form>`));
  } catch (e) {
    res.statusCode = 400;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`Interaction failed: ${e.message}`);
  }
}

async function logoutSource(ctx, form) {
  ctx.body = page('Test provider — sign out', `${form}<p>Sign out of the test provider?</p>
    <button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign out</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Test provider — signed out', '<p>Signed out.</p>');
}

const page = (title, content) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${content}</body></html>`;
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const body = (req) => new Promise((resolve, reject) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { text += chunk; });
  req.on('end', () => resolve(text));
  req.on('error', reject);
});

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const apiBase = process.argv[2] ?? 'http://localhost:5080';
  const provider = await startProvider();
  provider.configure(apiBase);
  console.log(`Test OpenID Connect provider for the screen at ${apiBase}/. Start the API with:
  --Authentication:DevelopmentSigningKey= --Authentication:Authority=${provider.issuer} --Authentication:Audience=${AUDIENCE} --Authentication:ClientId=${CLIENT_ID} "--Authentication:Scope=${SCOPE}"
Users (TEST ONLY): ${Object.entries(USERS).map(([name, u]) => `${name} / ${u.password} (${u.roles.join(', ')})`).join('; ')}`);
}
