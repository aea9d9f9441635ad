#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli (compiled from src/cli). It returns an exit code;
// we set process.exitCode instead of calling process.exit so pending writes flush.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
