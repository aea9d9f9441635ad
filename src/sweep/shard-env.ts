/**
 * `--shard auto`: this task's 1-based shard I/N from the job-array variables its scheduler sets:
 *   Kubernetes Indexed Job  I = JOB_COMPLETION_INDEX + 1            N from --shard-count / SGD_SHARD_COUNT
 *   Slurm job array         I = (SLURM_ARRAY_TASK_ID − _MIN) / _STEP + 1,  N = SLURM_ARRAY_TASK_COUNT
 *   AWS Batch array job     I = AWS_BATCH_JOB_ARRAY_INDEX + 1,      N = AWS_BATCH_JOB_ARRAY_SIZE
 *   Cloud Run job           I = CLOUD_RUN_TASK_INDEX + 1,           N = CLOUD_RUN_TASK_COUNT
 *   GitLab parallel         I = CI_NODE_INDEX (1-based),            N = CI_NODE_TOTAL
 * A count the scheduler gives and one the user gives must agree; no scheduler, two schedulers, a
 * missing count, a value that is not a whole number, or an I outside 1…N is a UsageError.
 * Pure: the environment comes in as a record (Io.env).
 */
import { UsageError } from "../core/errors.js";
import type { Shard } from "./shard.js";

type Env = Record<string, string | undefined>;

export interface ResolvedShard {
  shard: Shard;
  /** where it came from, e.g. "Slurm array: SLURM_ARRAY_TASK_ID=5, …" */
  source: string;
}

interface Scheduler {
  name: string;
  /** the variable whose presence says this scheduler started the task */
  marker: string;
  /** the 1-based index and, when the scheduler gives it, the count */
  read(env: Env): { index: number; count: number | null };
}

const SCHEDULERS: Scheduler[] = [
  {
    name: "Kubernetes Indexed Job",
    marker: "JOB_COMPLETION_INDEX",
    read: (env) => ({ index: whole(env, "JOB_COMPLETION_INDEX") + 1, count: null }),
  },
  {
    name: "Slurm job array",
    marker: "SLURM_ARRAY_TASK_ID",
    read: (env) => {
      const id = whole(env, "SLURM_ARRAY_TASK_ID");
      const min = optionalWhole(env, "SLURM_ARRAY_TASK_MIN") ?? 0;
      const step = optionalWhole(env, "SLURM_ARRAY_TASK_STEP") ?? 1;
      if (step < 1 || id < min || (id - min) % step !== 0) {
        throw new UsageError(
          `--shard auto: SLURM_ARRAY_TASK_ID=${id} is not on the array's grid ` +
            `(SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_STEP=${step})`,
        );
      }
      return { index: (id - min) / step + 1, count: optionalWhole(env, "SLURM_ARRAY_TASK_COUNT") };
    },
  },
  {
    name: "AWS Batch array job",
    marker: "AWS_BATCH_JOB_ARRAY_INDEX",
    read: (env) => ({
      index: whole(env, "AWS_BATCH_JOB_ARRAY_INDEX") + 1,
      count: optionalWhole(env, "AWS_BATCH_JOB_ARRAY_SIZE"),
    }),
  },
  {
    name: "Cloud Run job",
    marker: "CLOUD_RUN_TASK_INDEX",
    read: (env) => ({
      index: whole(env, "CLOUD_RUN_TASK_INDEX") + 1,
      count: optionalWhole(env, "CLOUD_RUN_TASK_COUNT"),
    }),
  },
  {
    name: "GitLab parallel job",
    marker: "CI_NODE_INDEX",
    read: (env) => ({ index: whole(env, "CI_NODE_INDEX"), count: optionalWhole(env, "CI_NODE_TOTAL") }),
  },
];

/** The variables each scheduler is read from (for messages and docs). */
export const SHARD_VARIABLES = SCHEDULERS.map((s) => s.marker);

/** `--shard auto` resolved from `env`; `shardCount` is --shard-count (it beats SGD_SHARD_COUNT). */
export function resolveAutoShard(env: Env, shardCount: string | undefined): ResolvedShard {
  const found = SCHEDULERS.filter((s) => present(env[s.marker]));
  if (found.length === 0) {
    throw new UsageError(
      `--shard auto: none of ${SHARD_VARIABLES.join(", ")} is set: ` +
        "run it as a job-array task, or give --shard I/N",
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `--shard auto: ambiguous: ${found.map((s) => `${s.marker} (${s.name})`).join(" and ")} are both set: ` +
        "unset one, or give --shard I/N",
    );
  }
  const scheduler = found[0]!;
  const { index, count: given } = scheduler.read(env);
  const user = userCount(env, shardCount);
  if (given !== null && user !== null && given !== user.count) {
    throw new UsageError(
      `--shard auto: inconsistent counts: the ${scheduler.name} has ${given} tasks but ${user.from} says ${user.count}`,
    );
  }
  const count = given ?? user?.count;
  if (count === undefined) {
    throw new UsageError(
      `--shard auto: the ${scheduler.name} does not say how many tasks there are: ` +
        "give --shard-count N or set SGD_SHARD_COUNT",
    );
  }
  if (count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard auto: the ${scheduler.name}'s task ${index} of ${count} is not a shard 1…${count}`);
  }
  const vars = variablesOf(env, scheduler);
  const countFrom = given === null && user !== null ? `, ${user.from}` : "";
  return { shard: { index, count }, source: `${scheduler.name}: ${vars}${countFrom}` };
}

function userCount(env: Env, flag: string | undefined): { count: number; from: string } | null {
  if (flag !== undefined) return { count: wholeText(flag, "--shard-count"), from: `--shard-count ${flag}` };
  if (!present(env.SGD_SHARD_COUNT)) return null;
  const count = whole(env, "SGD_SHARD_COUNT");
  return { count, from: `SGD_SHARD_COUNT=${count}` };
}

function variablesOf(env: Env, scheduler: Scheduler): string {
  const prefix = scheduler.marker.replace(/(INDEX|ID)$/, "");
  const names = Object.keys(env)
    .filter((k) => k === scheduler.marker || (k.startsWith(prefix) && SUFFIXES.some((s) => k === prefix + s)))
    .sort();
  return names.map((k) => `${k}=${env[k]}`).join(", ");
}

const SUFFIXES = ["MIN", "STEP", "COUNT", "SIZE", "TOTAL"];

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function whole(env: Env, name: string): number {
  return wholeText(env[name] ?? "", name);
}

function optionalWhole(env: Env, name: string): number | null {
  return present(env[name]) ? whole(env, name) : null;
}

function wholeText(text: string, name: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`--shard auto: ${name}="${text}" is not a whole number`);
  return Number(text);
}
