import { defineConfig } from "tsup";

// The console server (dist/server): Node only, next to the page vite builds (dist/public). Workspace
// packages and npm dependencies stay imports.
export default defineConfig({
  entry: {
    main: "server/main.ts",
    "dev-stack": "server/dev-stack.ts",
    "hash-password": "server/hash-password.ts",
  },
  outDir: "dist/server",
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
});
