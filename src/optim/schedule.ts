/**
 * Learning-rate schedules γ_n for step n = 0, 1, 2, … (the step being taken):
 *   constant      γ_n = γ₀
 *   step          γ_n = γ₀ · factor^⌊n / every⌋
 *   exponential   γ_n = γ₀ · decay^n
 *   inverse-time  γ_n = γ₀ / (1 + k·n)
 *   cosine        γ_n = γ_min + (γ₀ − γ_min)(1 + cos(π·min(n, T)/T)) / 2,  T = steps or the run's length
 */
import type { ScheduleConfig } from "../config/train-schema.js";
import { ConfigError } from "../core/errors.js";

export type Schedule = (step: number) => number;

export function createSchedule(config: ScheduleConfig, initial: number, totalSteps: number): Schedule {
  if (!(initial > 0 && Number.isFinite(initial))) {
    throw new ConfigError(`optimizer.learningRate: expected a finite number > 0, found ${initial}`);
  }
  switch (config.type) {
    case "constant":
      return () => initial;
    case "step":
      return (n) => initial * config.factor ** Math.floor(n / config.every);
    case "exponential":
      return (n) => initial * config.decay ** n;
    case "inverse-time":
      return (n) => initial / (1 + config.k * n);
    case "cosine": {
      const period = config.steps ?? totalSteps;
      const min = config.minLearningRate;
      if (min > initial) {
        throw new ConfigError(
          `optimizer.schedule.minLearningRate: expected at most optimizer.learningRate (${initial}), found ${min}`,
        );
      }
      return (n) => min + ((initial - min) * (1 + Math.cos((Math.PI * Math.min(n, period)) / period))) / 2;
    }
  }
}
