/**
 * --shard auto (src/sweep/shard-env.ts): each scheduler's variables give the 1-based I/N worked
 * out by hand from its own numbering, and the source line names the variables read.
 */
import { describe, expect, it } from "vitest";
import { resolveAutoShard } from "../../src/sweep/shard-env.js";

describe("resolveAutoShard", () => {
  it("Kubernetes: JOB_COMPLETION_INDEX is 0-based, the count comes from --shard-count before SGD_SHARD_COUNT", () => {
    expect(resolveAutoShard({ JOB_COMPLETION_INDEX: "4", SGD_SHARD_COUNT: "9" }, "5")).toEqual({
      shard: { index: 5, count: 5 },
      source: "Kubernetes Indexed Job: JOB_COMPLETION_INDEX=4, --shard-count 5",
    });
    expect(resolveAutoShard({ JOB_COMPLETION_INDEX: "0", SGD_SHARD_COUNT: "3" }, undefined).shard).toEqual({
      index: 1,
      count: 3,
    });
  });

  it("Slurm: --array=3-11:4 has tasks 3, 7, 11, so task 7 is shard 2/3", () => {
    const env = {
      SLURM_ARRAY_TASK_ID: "7",
      SLURM_ARRAY_TASK_MIN: "3",
      SLURM_ARRAY_TASK_STEP: "4",
      SLURM_ARRAY_TASK_COUNT: "3",
    };
    expect(resolveAutoShard(env, undefined).shard).toEqual({ index: 2, count: 3 });
    expect(resolveAutoShard(env, "3").shard).toEqual({ index: 2, count: 3 });
  });

  it("AWS Batch and Cloud Run are 0-based with their own count; GitLab is 1-based", () => {
    const aws = { AWS_BATCH_JOB_ARRAY_INDEX: "9", AWS_BATCH_JOB_ARRAY_SIZE: "10" };
    expect(resolveAutoShard(aws, undefined)).toEqual({
      shard: { index: 10, count: 10 },
      source: "AWS Batch array job: AWS_BATCH_JOB_ARRAY_INDEX=9, AWS_BATCH_JOB_ARRAY_SIZE=10",
    });
    const cloudRun = { CLOUD_RUN_TASK_INDEX: "0", CLOUD_RUN_TASK_COUNT: "4", CLOUD_RUN_TASK_ATTEMPT: "2" };
    expect(resolveAutoShard(cloudRun, undefined).shard).toEqual({ index: 1, count: 4 });
    expect(resolveAutoShard({ CI_NODE_INDEX: "3", CI_NODE_TOTAL: "3" }, undefined).shard).toEqual({
      index: 3,
      count: 3,
    });
  });

  it("an empty variable counts as unset", () => {
    expect(() =>
      resolveAutoShard({ JOB_COMPLETION_INDEX: "", CI_NODE_INDEX: "2", CI_NODE_TOTAL: "2" }, undefined),
    ).not.toThrow();
  });
});
