#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli-bundle (src/cli/main.ts and its worker scripts bundled by
// scripts/cli-bundle.ts at `npm run build`). It returns an exit code; we set process.exitCode
// instead of calling process.exit so pending writes flush.
import { main } from "../dist/cli-bundle/main.js";

process.exitCode = await main(process.argv.slice(2));
