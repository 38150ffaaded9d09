import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the built page works from any folder the console server serves it from.
  base: "./",
  // The page goes to dist/public, which the console server (dist/server, built by tsup) serves.
  build: { outDir: "dist/public", sourcemap: true },
  // The dev server hands /api to a console server running on 4020 (`pnpm start` at the root).
  server: { host: "127.0.0.1", port: 5173, proxy: { "/api": "http://127.0.0.1:4020" } },
  test: {
    environment: "happy-dom",
    setupFiles: ["test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "server/**/*.test.ts", "e2e/**/*.test.ts"],
    // The e2e test starts a browser, the sandbox and the console server.
    testTimeout: 15_000,
  },
});
