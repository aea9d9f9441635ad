/**
 * Memory a network needs, estimated from its sizes before anything is allocated, and the refusal
 * when it cannot fit:  error: … needs ~37 GiB (parameters 30 GiB, …), this machine has 24 GiB.
 *   parameters   p = Σ_l (n_{l−1} + 1)·n_l numbers, times the copies kept (w, ∇C, optimizer state, …)
 *   activations  rows × Σ_l n_l × 2 numbers (the activations and the deltas of each row)
 * plus what the caller adds (engine memory, the dataset, the text of the files it writes). Also
 * refused: one array longer than Node.js allows, or a file text longer than a Node.js string.
 */
import { ConfigError } from "../core/errors.js";

/** The most elements one typed array may have in Node.js 20 (2^32). */
export const MAX_ARRAY_LENGTH = 2 ** 32;
/** The most characters one string may have in Node.js 20 (2^29 − 24): a JSON file is written as one. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** The estimate's parts, in bytes. */
export interface MemoryParts {
  parameters: number;
  activations: number;
  /** memory an engine reserves beyond the parameters and activations (the WebAssembly engine) */
  engine: number;
  dataset: number;
  /** the text of the files written from the parameters (model.json, a checkpoint) */
  files: number;
}

export function totalBytes(parts: MemoryParts): number {
  return parts.parameters + parts.activations + parts.engine + parts.dataset + parts.files;
}

/** p for layer sizes [n_0, …, n_L], as a float (it may exceed 2^53 for absurd sizes, which are refused anyway). */
export function parameterCountOf(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += (sizes[l - 1]! + 1) * sizes[l]!;
  return p;
}

/** Parameters (kept `copies` times) and the activations of `rows` samples, at `bytesPerNumber`. */
export function networkParts(
  sizes: readonly number[],
  bytesPerNumber: number,
  rows: number,
  copies: number,
): Pick<MemoryParts, "parameters" | "activations"> {
  const units = sizes.reduce((a, n) => a + n, 0);
  return {
    parameters: parameterCountOf(sizes) * bytesPerNumber * copies,
    activations: rows * units * 2 * bytesPerNumber,
  };
}

/** "37 GiB", "512 MiB", "3.2 KiB", "12 B". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  const digits = value < 10 && u > 0 ? 1 : 0;
  return `${value.toFixed(digits)} ${units[u]}`;
}

function formatCount(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString("en-US") : n.toExponential(2);
}

/**
 * Throws a ConfigError (exit 2) when the parts need more than `memory` bytes, when one array
 * would hold more than MAX_ARRAY_LENGTH numbers, or one file text more than MAX_STRING_LENGTH
 * characters. `what` names the thing ("the run", "case L3-H64"); `hint` says what to make smaller.
 */
export function refuseIfTooBig(
  parts: MemoryParts,
  limits: { memory: number; largestArray: number; largestText: number },
  what: string,
  hint: string,
): void {
  const total = totalBytes(parts);
  const named = (Object.entries(parts) as [keyof MemoryParts, number][])
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => `${name} ${formatBytes(bytes)}`)
    .join(", ");
  if (total > limits.memory) {
    throw new ConfigError(
      `${what} needs ~${formatBytes(total)} (${named}), this machine has ${formatBytes(limits.memory)}: ${hint}`,
    );
  }
  if (limits.largestArray > MAX_ARRAY_LENGTH) {
    throw new ConfigError(
      `${what} needs an array of ${formatCount(limits.largestArray)} numbers; ` +
        `Node.js holds at most ${formatCount(MAX_ARRAY_LENGTH)} in one: ${hint}`,
    );
  }
  if (limits.largestText > MAX_STRING_LENGTH) {
    throw new ConfigError(
      `${what} would write a JSON file of ~${formatBytes(limits.largestText)} ` +
        `(one text; Node.js strings hold at most ${formatBytes(MAX_STRING_LENGTH)}): ${hint}`,
    );
  }
}
