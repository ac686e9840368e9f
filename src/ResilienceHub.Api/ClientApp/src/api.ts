// The GraphQL client: each of the screen's documents named by the id the build registered it under, a query by GET (so
// the browser keeps its answer and asks again with its ETag, answered 304 while nothing changed), a write by POST; the
// bearer token kept in sessionStorage. The page never holds a secret: the token is the OpenID Connect authority's
// access token, or a development token pasted by the user on a local run (see auth.ts).
import * as documents from './documents';
import documentIds from 'virtual:persisted-documents';

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

/** One of the screen's documents (documents.ts), the only text the screen sends. */
export type ScreenDocument = (typeof documents)[keyof typeof documents];

const idOf = new Map(Object.entries(documents).map(([name, text]) => [text as string, documentIds[name]]));

export async function gql<T = any>(document: ScreenDocument, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/graphql-response+json, application/json' };
  const bearer = token.get();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const documentId = idOf.get(document)!;
  // GraphQL over HTTP's persisted document request, its parameters in the order the convention gives.
  const response = document.startsWith('mutation')
    ? await fetch('/graphql', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ documentId, variables }) })
    : await fetch(`/graphql?${new URLSearchParams({ documentId, variables: JSON.stringify(variables) })}`, { headers });
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
