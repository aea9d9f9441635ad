/**
 * The terminal rules, decided here once: colour and live progress only when stderr is a TTY and
 * neither CI nor NO_COLOR is set (an empty NO_COLOR, and CI=false or CI=0, count as unset).
 */
import { Chalk, chalkStderr, type ChalkInstance, type ColorSupportLevel } from "chalk";
import type { Io } from "../core/io.js";

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

/** Running under CI: CI set to anything but "", "0" or "false". */
export function isCI(io: Io): boolean {
  const ci = io.env.CI;
  return isSet(ci) && ci !== "0" && ci?.toLowerCase() !== "false";
}

/** Colour and live progress only on a TTY, and never when CI or NO_COLOR is set. */
export function isInteractive(io: Io): boolean {
  return io.isTTY && !isCI(io) && !isSet(io.env.NO_COLOR);
}

/** A chalk instance for stderr text: colours when interactive (at least 16 colours), plain otherwise. */
export function colours(io: Io): ChalkInstance {
  if (!isInteractive(io)) return new Chalk({ level: 0 });
  return new Chalk({ level: Math.max(1, chalkStderr.level) as ColorSupportLevel });
}
