/**
 * The reference dashboard's build. `vite build` (root web/) writes web/dist, which the local server
 * serves at http://localhost:4000/ and the CDK stack uploads to its private bucket; `vite` (dev server
 * on 5173) proxies the API, the local sign-in route and `/config.json` to a running `npm start`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.JAMREP_API ?? 'http://localhost:4000';

/**
 * The documents' types and strings (web/src/generated/, git-ignored) are generated from schema/ and the
 * documents before every build: `graphql()` looks a document up by its text, so a document edited
 * without regenerating would be sent as nothing. Every build goes through here (npm start's
 * scripts/build-web.mjs, npm run build:web, the browser tests, vite's dev server at its start).
 */
function graphqlCodegen(): Plugin {
  return {
    name: 'jamrep-graphql-codegen',
    buildStart() {
      execFileSync('npm', ['run', '--silent', 'codegen', '--', '--silent'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [graphqlCodegen()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The explorer chunk carries Monaco and GraphiQL (~3 MB); it loads only on /explorer.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's UI libraries mark modules "use client" for React Server Components; irrelevant in a static app.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/graphql': api, '/local': api, '/config.json': api },
    // The explorer bundles the schema SDL from ../schema.
    fs: { allow: ['..'] },
  },
});
