// Runs the graphql-http server audits (GraphQL over HTTP spec) against a URL and prints
// one JSON array of { id, name, status: ok|notice|warn|error, reason, httpStatus }.
// Usage: node audit.mjs http://127.0.0.1:5000/graphql
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <url>');
  process.exit(2);
}

const results = [];
// One at a time: the server under test is small and the output order stays stable.
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.status === 'ok' ? null : result.reason,
    httpStatus: result.response?.status ?? null,
  });
}
console.log(JSON.stringify(results, null, 2));
