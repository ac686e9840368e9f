// How the screen signs in, as the API says at GET /screen/sign-in: at the OpenID Connect authority
// (authorization code with PKCE, a public client: the page never holds a secret), or with a pasted
// development token where the API trusts only its development key. Either way the access token ends up
// where api.ts, live.ts and GraphiQL read it: this tab's sessionStorage.
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { token } from './api';

export type SignInConfig =
  | { mode: 'development' }
  | { mode: 'oidc'; authority: string; clientId: string; scope: string }
  | { mode: 'unavailable'; reason: string };

export interface SignInMethod {
  readonly config: SignInConfig;
  /** Signed in when the page opened (a token kept in this tab, or the authority's answer just received). */
  readonly signedIn: boolean;
  /** An error the authority sent back instead of signing in. */
  readonly error: string | null;
  /** Goes to the authority (OIDC only; a development token is pasted instead). */
  signIn(): Promise<void>;
  signOut(): Promise<void>;
}

export const EXPIRED = 'Your sign-in has expired. Sign in again.';

/** Reads how to sign in, completes a return from the authority, and calls onExpired when the token lapses unrenewed. */
export async function startSignIn(onExpired: (message: string) => void): Promise<SignInMethod> {
  const response = await fetch('/screen/sign-in', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The API did not say how to sign in (${response.status}).`);
  const config = (await response.json()) as SignInConfig;
  if (config.mode !== 'oidc') {
    return {
      config,
      signedIn: config.mode === 'development' && !!token.get(),
      error: null,
      signIn: async () => undefined,
      signOut: async () => token.clear(),
    };
  }
  return startOidc(config, onExpired);
}

async function startOidc(config: Extract<SignInConfig, { mode: 'oidc' }>, onExpired: (message: string) => void): Promise<SignInMethod> {
  const home = `${location.origin}/`;
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    redirect_uri: home,
    post_logout_redirect_uri: home,
    // Renewed in a hidden iframe at the authority (its session cookie), shortly before the token expires.
    silent_redirect_uri: `${location.origin}/silent-renew.html`,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  const keep = (user: User | null) => (user && !user.expired ? token.set(user.access_token) : token.clear());
  manager.events.addUserLoaded(keep);
  manager.events.addAccessTokenExpired(() => {
    token.clear();
    void manager.removeUser();
    onExpired(EXPIRED);
  });

  let error: string | null = null;
  const query = new URLSearchParams(location.search);
  if (query.has('state')) {
    try {
      if (query.has('code') || query.has('error')) await manager.signinCallback();
      else await manager.signoutCallback();
    } catch (e) {
      error = `Sign-in did not complete: ${(e as Error).message}`;
    }
    // The code and state are spent; a reload must not try them again.
    history.replaceState(null, '', location.pathname);
  }
  const user = await manager.getUser();
  keep(user);

  return {
    config,
    signedIn: !!user && !user.expired,
    error,
    signIn: () => manager.signinRedirect(),
    signOut: async () => {
      const idToken = (await manager.getUser())?.id_token;
      token.clear();
      await manager.removeUser();
      await manager.signoutRedirect({ id_token_hint: idToken });
    },
  };
}
