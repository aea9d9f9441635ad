/**
 * The numbers a parallel gradient hands its workers, in SharedArrayBuffers: w [p], one batch
 * x [B×I], labels [B], targets [B×O] (B ≤ capacity) and the gradient dw [p] the threads fill,
 * all in the network's precision. The main thread copies w and the batch in before each job;
 * each worker copies them out into its own engine's buffers (a wasm engine reads only its memory).
 */
import { allocateFloat } from "../engine/engine.js";
import type { Allocator } from "../engine/kernels.js";
import { createBatch } from "../model/batch.js";
import { paramCount } from "../model/layout.js";
import { layerCount, width, type NetworkSpec } from "../model/network-spec.js";
import type { Batch, Float } from "../core/types.js";

/** The buffers themselves, as they travel in workerData. */
export interface SharedBatchMemory {
  w: SharedArrayBuffer;
  dw: SharedArrayBuffer;
  x: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  targets: SharedArrayBuffer;
}

/** Typed views of SharedBatchMemory. */
export interface SharedBatch {
  /** [p] */
  w: Float;
  /** [p] */
  dw: Float;
  /** [capacity×I]; labels [capacity]; targets [capacity×O] */
  x: Float;
  labels: Int32Array;
  targets: Float;
}

export function createSharedBatchMemory(spec: NetworkSpec, capacity: number): SharedBatchMemory {
  const bytes = spec.precision === "float32" ? 4 : 8;
  const p = paramCount(spec),
    I = width(spec, 0),
    O = width(spec, layerCount(spec));
  return {
    w: new SharedArrayBuffer(bytes * p),
    dw: new SharedArrayBuffer(bytes * p),
    x: new SharedArrayBuffer(bytes * capacity * I),
    labels: new SharedArrayBuffer(4 * capacity),
    targets: new SharedArrayBuffer(bytes * capacity * O),
  };
}

export function viewSharedBatch(memory: SharedBatchMemory, spec: NetworkSpec): SharedBatch {
  const view = (buffer: SharedArrayBuffer): Float =>
    spec.precision === "float32" ? new Float32Array(buffer) : new Float64Array(buffer);
  return {
    w: view(memory.w),
    dw: view(memory.dw),
    x: view(memory.x),
    labels: new Int32Array(memory.labels),
    targets: view(memory.targets),
  };
}

/** Main thread: shared ← w and the batch's first batch.size rows. */
export function shareInputs(shared: SharedBatch, w: Float, batch: Batch, spec: NetworkSpec): void {
  const B = batch.size,
    I = width(spec, 0),
    O = width(spec, layerCount(spec));
  shared.w.set(w);
  shared.x.set(batch.x.subarray(0, B * I));
  shared.labels.set(batch.labels.subarray(0, B));
  shared.targets.set(batch.targets.subarray(0, B * O));
}

/** A worker's own copy of w [p] and of a batch, in buffers from its engine's allocator. */
export interface WorkerInputs {
  w: Float;
  batch: Batch;
}

export function createWorkerInputs(spec: NetworkSpec, capacity: number, allocator: Allocator): WorkerInputs {
  return {
    w: allocateFloat(allocator, spec.precision, paramCount(spec)),
    batch: createBatch(spec, capacity, allocator),
  };
}

/** Worker: its copy ← shared w and the first B rows of the shared batch. */
export function copySharedInputs(shared: SharedBatch, own: WorkerInputs, B: number, spec: NetworkSpec): void {
  const I = width(spec, 0),
    O = width(spec, layerCount(spec));
  own.w.set(shared.w);
  own.batch.size = B;
  own.batch.x.set(shared.x.subarray(0, B * I));
  own.batch.labels.set(shared.labels.subarray(0, B));
  own.batch.targets.set(shared.targets.subarray(0, B * O));
}
