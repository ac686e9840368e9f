import { defineConfig } from 'vite';

// Built into the API's wwwroot, which it serves at /. `npm run dev` proxies the API on :5080.
export default defineConfig({
  base: '/',
  build: { outDir: '../wwwroot', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/graphql': 'http://localhost:5080', '/incidents': 'http://localhost:5080' } },
});
