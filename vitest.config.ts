import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // `import … from "sgd"` in tests resolves through package.json's exports to src/index.ts (the
  // "sgd-source" condition), so the public entry point is tested without a stale dist/
  ssr: { resolve: { conditions: ["sgd-source", ...defaultServerConditions] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
