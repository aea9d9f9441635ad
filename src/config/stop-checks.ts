/**
 * Early stopping's choices and the one cross-check between `stop` and `data.validation`:
 *   validation_loss, validation_accuracy   need data.validation (a split to watch)
 *   test_loss, test_accuracy               are refused while data.validation is set: with a
 *                                          validation split, the test split is kept for the end
 * mode auto: a loss is better lower (min), an accuracy higher (max).
 */

export const STOP_MONITORS = ["validation_loss", "validation_accuracy", "test_loss", "test_accuracy"] as const;
export type StopMonitor = (typeof STOP_MONITORS)[number];
export const STOP_MODES = ["auto", "min", "max"] as const;

/** min or max, with auto resolved by the monitor's kind. */
export function stopDirection(monitor: StopMonitor, mode: (typeof STOP_MODES)[number]): "min" | "max" {
  if (mode !== "auto") return mode;
  return monitor.endsWith("_accuracy") ? "max" : "min";
}

/** The problem with a config's stop section given its data section, or null. */
export function stopIssue(c: {
  data: { validation: number | null };
  stop: { monitor: StopMonitor } | null;
}): { path: (string | number)[]; message: string } | null {
  if (c.stop === null) return null;
  const watchesValidation = c.stop.monitor.startsWith("validation_");
  if (watchesValidation && c.data.validation === null) {
    return {
      path: ["stop", "monitor"],
      message:
        `${c.stop.monitor} needs a validation split: set data.validation (a fraction such as 0.1, or a count), ` +
        `or watch test_${c.stop.monitor.slice("validation_".length)}`,
    };
  }
  if (!watchesValidation && c.data.validation !== null) {
    return {
      path: ["stop", "monitor"],
      message:
        `${c.stop.monitor} would pick the model by the test split while data.validation holds a validation ` +
        `split for that: watch validation_${c.stop.monitor.slice("test_".length)}`,
    };
  }
  return null;
}
