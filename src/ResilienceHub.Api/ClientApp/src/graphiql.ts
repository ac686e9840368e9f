// GraphiQL for developers of trusts' automated feeds, served at GET /graphql to browsers.
// When the screen is signed in (same tab), its token is pre-set as the Authorization header.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
// The committed contract, instead of an introspection query: GraphiQL's standard one costs more
// than the API's complexity limit allows.
import sdl from '../../GraphQL/schema.graphql?raw';
import { token } from './api';

type Params = { query: string; variables?: unknown; operationName?: string | null };

async function fetcher(params: Params, options?: { headers?: Record<string, string> }) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return response.json();
}

const defaultQuery = `# ResilienceHub. Every data field needs a bearer token: set it under Headers below
# (it is pre-set when you signed in to the screen in this tab). Print one with:
#   dotnet run -v q --project src/ResilienceHub.Api -- token --role DIRECTOR
{
  viewer { name roles }
  incidents { id reference title status }
}
`;

const bearer = token.get();
const initialHeaders = bearer ? JSON.stringify({ authorization: `Bearer ${bearer}` }, null, 2) : undefined;

createRoot(document.getElementById('graphiql')!).render(createElement(GraphiQL, { fetcher, initialHeaders, defaultQuery, schema: buildSchema(sdl) } as any));
