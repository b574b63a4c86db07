import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * Two builds, run in sequence by `npm run build`:
 * - default mode: `dist/widget.js`, a minified IIFE for the script tag, Preact inlined;
 * - `--mode esm`: `dist/touchpoint.mjs` for apps that bundle, with Preact left to their bundler.
 */
export default defineConfig(({ mode }) => {
  const esm = mode === 'esm';
  return {
    plugins: [preact()],
    build: {
      emptyOutDir: !esm, // the second build must not delete the first one's file
      minify: true,
      ...(esm
        ? {
            lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'touchpoint.mjs' },
            rolldownOptions: { external: [/^preact(\/|$)/] },
          }
        : {
            // Not lib mode: an IIFE lib needs a `name`, which would declare a second global.
            rolldownOptions: {
              input: 'src/script-tag.ts',
              output: { format: 'iife', entryFileNames: 'widget.js' },
            },
          }),
    },
  };
});
