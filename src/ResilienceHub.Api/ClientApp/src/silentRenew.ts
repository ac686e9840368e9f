// The hidden iframe's landing page for silent renewal: it only hands the authority's answer to the
// screen in the parent window, whose UserManager checks it. So the settings here are never used to sign in.
import { UserManager } from 'oidc-client-ts';

void new UserManager({ authority: location.origin, client_id: 'silent-renew', redirect_uri: location.href, automaticSilentRenew: false })
  .signinSilentCallback();
