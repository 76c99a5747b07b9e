/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API runs on 8080 (`make run` or `cargo run -p chatdesk-server`); in development the
// dashboard is served by Vite and proxies /api there, so cookies stay same-origin.
const api = process.env.CHATDESK_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, ws: true },
    },
  },
  build: {
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    include: ['src/**/*.test.{ts,tsx}'],
    // userEvent types key by key; on a busy 2-core machine a form test can pass 5 s.
    testTimeout: 30_000,
  },
});
