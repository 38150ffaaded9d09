import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the built console works from any folder it is served from.
  base: "./",
  build: { sourcemap: true },
  // Loopback only: the sandbox's CORS answers local origins, and nothing here should face the network.
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
  test: {
    environment: "happy-dom",
    setupFiles: ["test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    // The component tests retry through real back-off delays, and the e2e test starts a browser.
    testTimeout: 15_000,
  },
});
