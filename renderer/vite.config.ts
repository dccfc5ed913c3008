import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer is loaded from `app://` in Electron and from http://127.0.0.1 in the test
 * host, so every URL is relative (`base: './'`) and everything is bundled: no remote origin,
 * no CDN, no inline script (the CSP forbids it).
 */
export default defineConfig({
  // Relative to the working directory: npm scripts run from the repository root. (A Node
  // path helper would pull Node types into the renderer's tsconfig, which has none.)
  root: 'renderer',
  base: './',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Fonts and the MapLibre worker stay separate files: the CSP allows them from 'self'.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2500,
    // Two pages: the app, and the printable exhibit a browser engine opens to print
    // (renderer/exhibit). Paths are relative to the working directory, as `root` is.
    rollupOptions: {
      input: {
        main: 'renderer/index.html',
        exhibit: 'renderer/exhibit/exhibit.html',
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: true },
  preview: { host: '127.0.0.1' },
});
