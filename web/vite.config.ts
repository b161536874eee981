import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build web` writes web/dist, which the server serves in production; `vite web` proxies the API
// to a server started with `npm start` so the app can be developed with hot reload.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
