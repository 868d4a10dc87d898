import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const contracts = fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url));
const server = process.env.TUMOR_BOARD_DEV_SERVER ?? 'http://127.0.0.1:3000';

/**
 * The client is built into apps/web/dist, which the server serves at `/` (same origin).
 * `npm run start:dev` runs this dev server with hot reload, proxying the API, the sockets
 * and the shared notes to the Nest server.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias: { '@app/contracts': contracts } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // Module preload polyfill would inline a script; every supported browser has modulepreload.
    modulePreload: { polyfill: false },
  },
  // The DICOM image loader starts its decoders as module workers (from this origin, as the CSP's
  // worker-src allows) and compiles their WebAssembly ('wasm-unsafe-eval') for compressed frames.
  worker: { format: 'es' },
  optimizeDeps: {
    // The loader resolves its workers and codecs with `new URL(…, import.meta.url)`, which
    // pre-bundling would break; the codecs' CommonJS glue must be pre-bundled for the dev server.
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      'dicom-parser',
      ...[
        '@cornerstonejs/codec-charls/decodewasmjs',
        '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
        '@cornerstonejs/codec-openjpeg/decodewasmjs',
        '@cornerstonejs/codec-openjph/wasmjs',
        '@cornerstonejs/codec-libjxl/decodewasmjs',
        'pako',
      ].map((codec) => `@cornerstonejs/dicom-image-loader > ${codec}`),
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/health': server,
      '/socket.io': { target: server, ws: true },
      '/collab': { target: server, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
  },
});
