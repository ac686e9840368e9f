import { defineConfig } from 'vite';

// Built into the API's wwwroot, which it serves at /. `npm run dev` proxies the API on :5080.
export default defineConfig({
  base: '/',
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
