import { defineConfig, type Plugin } from 'vite';
import * as documents from './src/documents';

// Built into the API's wwwroot, which it serves at /. `npm run dev` proxies the API on :5080.
export default defineConfig({
  base: '/',
  plugins: [persistedDocuments()],
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    // GraphiQL brings the Monaco editor; it is only loaded at /graphql.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      input: { main: 'index.html', graphiql: 'graphiql.html', silentRenew: 'silent-renew.html' },
      // GraphiQL's React libraries mark modules "use client", which means nothing in a plain bundle.
      onwarn(warning, warn) { if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning); },
    },
  },
  server: { proxy: { '/graphql': 'http://localhost:5080', '/incidents': 'http://localhost:5080', '/screen': 'http://localhost:5080' } },
});

/**
 * Registers the screen's documents (src/documents.ts) by their GraphQL over HTTP document ids, sha256: and the hex
 * SHA-256 of the text: the bundle imports each id from `virtual:persisted-documents`, and the build writes the
 * manifest the API loads at start, persisted-documents.json, `{ "sha256:…": "query …" }`.
 */
function persistedDocuments(): Plugin {
  const name = 'virtual:persisted-documents';
  const registered = async () => Promise.all(Object.entries(documents).map(async ([key, text]) => ({ key, text, id: await documentId(text) })));
  return {
    name: 'persisted-documents',
    resolveId: (source) => (source === name ? `\0${name}` : null),
    async load(id) {
      if (id !== `\0${name}`) return null;
      return `export default ${JSON.stringify(Object.fromEntries((await registered()).map((d) => [d.key, d.id])))};`;
    },
    async generateBundle() {
      const manifest = Object.fromEntries((await registered()).map((d) => [d.id, d.text]));
      this.emitFile({ type: 'asset', fileName: 'persisted-documents.json', source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}

async function documentId(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `sha256:${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
