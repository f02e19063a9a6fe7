import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console and the channel apps: one page each, served by the API server under their own path. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        console: `${root}console/index.html`,
        shop: `${root}shop/index.html`,
        associate: `${root}associate/index.html`,
        mirror: `${root}mirror/index.html`,
      },
    },
  },
});
