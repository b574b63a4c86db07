import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * One page, one script, one stylesheet, under fixed names: the collector serves
 * `dist/` at `/dashboard` with `/dashboard/dashboard.js` and `/dashboard/dashboard.css`
 * and needs no manifest to find them.
 */
export default defineConfig({
  base: '/dashboard/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    cssCodeSplit: false,
    // No dynamic imports, so the preload polyfill would be dead bytes (and an inline script a CSP must allow).
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        entryFileNames: 'dashboard.js',
        chunkFileNames: 'dashboard-[name].js',
        assetFileNames: 'dashboard[extname]',
      },
    },
  },
});
