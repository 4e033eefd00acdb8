/**
 * Builds the dashboard page into services/gateway/dist/page, which the gateway serves: every
 * script, style and map file bundled (no CDN: the page works offline), file names hashed, and no
 * inline script, so the gateway's Content-Security-Policy can say `script-src 'self'`.
 */
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  logLevel: "warn",
  build: {
    outDir: "../dist/page",
    emptyOutDir: true,
    // No data: URLs for scripts or styles: everything is a file the gateway serves.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "es2022",
    chunkSizeWarningLimit: 1024,
  },
});
