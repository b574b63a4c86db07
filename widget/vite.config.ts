import preact from '@preact/preset-vite';
import { defineConfig, type UserConfig } from 'vite';

/**
 * Three builds, run in sequence by `npm run build`:
 * - default mode: `dist/widget.js`, the loader for the script tag, a minified IIFE (≤ 6 KB gzip);
 * - `--mode ui`: `dist/widget-ui.js`, the survey UI with Preact inlined, an ES module the
 *   loader imports from beside itself on the first question;
 * - `--mode esm`: `dist/touchpoint.mjs` for apps that bundle, with the UI as a chunk of its own
 *   and Preact left to their bundler.
 */
export default defineConfig(({ mode }): UserConfig => {
  const build: UserConfig['build'] = {
    // Never cleared: the three builds share dist/, and files are named without hashes, so each
    // build overwrites its own; a reader (a running test server) never finds a file missing.
    emptyOutDir: false,
    minify: true,
  };
  if (mode === 'esm') {
    build.lib = { entry: 'src/index.ts', formats: ['es'], fileName: () => 'touchpoint.mjs' };
    build.rolldownOptions = {
      external: [/^preact(\/|$)/],
      output: { chunkFileNames: 'touchpoint-ui.mjs' },
    };
  } else if (mode === 'ui') {
    build.rolldownOptions = {
      input: 'src/ui/mount.tsx',
      preserveEntrySignatures: 'strict', // keep the exports: the loader calls showSurvey
      output: { format: 'es', entryFileNames: 'widget-ui.js' },
    };
  } else {
    // Not lib mode: an IIFE lib needs a `name`, which would declare a second global.
    build.rolldownOptions = {
      input: 'src/script-tag.ts',
      output: { format: 'iife', entryFileNames: 'widget.js' },
    };
  }
  return { plugins: [preact()], build };
});
