// The GraphQL client: one POST per request, with the bearer token kept in sessionStorage.
// The page never holds a secret: the token is the OpenID Connect authority's access token, or a
// development token pasted by the user on a local run (see auth.ts).

const TOKEN_KEY = 'resiliencehub.token';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string) => sessionStorage.setItem(TOKEN_KEY, value.trim()),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const bearer = token.get();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  if (response.status === 429) throw new ApiError('Too many requests; wait a moment.', 'RATE_LIMITED');
  const body = await response.json().catch(() => null);
  if (body?.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code);
  }
  if (!response.ok || !body?.data) throw new ApiError(`The API answered ${response.status}.`);
  return body.data as T;
}

/** Downloads one of the incident's CSV exports; the endpoints need the bearer token, so a plain link would not do. */
export async function download(incidentId: string, what: 'sitreps' | 'log', filename: string): Promise<void> {
  const response = await fetch(`/incidents/${encodeURIComponent(incidentId)}/${what}.csv`, {
    headers: { authorization: `Bearer ${token.get() ?? ''}` },
  });
  if (!response.ok) throw new ApiError(`The export answered ${response.status}.`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
