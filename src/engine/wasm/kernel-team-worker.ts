/**
 * One worker of the kernel team (kernel-team.ts): its own instance of the kernel module on the
 * team's shared memory, serving the team's parts (../threads/serve-team.ts).
 */
import { workerData } from "node:worker_threads";
import { serveTeam } from "../threads/serve-team.js";
import type { TeamWorkerData } from "../threads/team-memory.js";
import type { KernelExports } from "./kernel-exports.js";
import type { KernelTeamFunctions, KernelTeamWorkerData } from "./kernel-team.js";
import { webAssembly } from "./webassembly-api.js";

const { team, index, data } = workerData as TeamWorkerData<KernelTeamWorkerData>;
serveTeam<KernelTeamFunctions>(team, index, () => {
  return new webAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as unknown as KernelExports;
});
