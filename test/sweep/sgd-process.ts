/** Test support: `sgd ARGS` as a process of its own, from source (`node --import tsx test/sweep/sgd-process.ts ARGS`). */
import { main } from "../../src/cli/main.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
