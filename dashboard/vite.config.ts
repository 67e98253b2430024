import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Vendor groups: one chunk each, so no chunk is huge; recharts is only reached through React.lazy. */
const vendorGroups = [
  { name: 'vendor-charts', test: /node_modules[\\/](recharts|d3-[^\\/]+|victory-vendor|@reduxjs|react-redux|redux|immer|reselect|decimal\.js-light|internmap)[\\/]/, priority: 30 },
  // the grid layout package, reached only when a dashboard's owner arranges its cards
  { name: 'vendor-grid', test: /node_modules[\\/](react-grid-layout|react-draggable|react-resizable|fast-equals|resize-observer-polyfill)[\\/]/, priority: 25 },
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 20 },
  { name: 'vendor-admin', test: /node_modules[\\/](ra-[^\\/]+|react-admin|react-hook-form|@tanstack)[\\/]/, priority: 5 },
  // MUI, emotion and every small helper together: split further, they import each other in a cycle
  { name: 'vendor-ui', test: /node_modules[\\/]/, priority: 0 },
];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  server: {
    // the API in development: the portal server on port 3000 unless API_URL says otherwise
    proxy: { '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: { includeDependenciesRecursively: false, groups: vendorGroups },
      },
    },
  },
});
