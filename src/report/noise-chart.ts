/**
 * The gradient-noise section of a run's report.html (log.gradientNoise): against samples seen,
 *   minibatch_cosine = mean_k cos(g_B, ∇C)            (1: every minibatch points where the full gradient does)
 *   minibatch_spread = √(mean_k ‖g_B − ∇C‖²) / ‖∇C‖   (how far a minibatch gradient strays, relative)
 * and the full training-set loss beside the running minibatch loss. Null when nothing was measured.
 */
import type { TrainRun } from "./run-reader.js";
import { seriesOf } from "./run-report-series.js";
import { lineChart } from "./svg-chart.js";

export function noiseSection(run: TrainRun): { heading: string; html: string } | null {
  const cosine = seriesOf(run.rows, "samples", "minibatch_cosine");
  const spread = seriesOf(run.rows, "samples", "minibatch_spread");
  const fullLoss = seriesOf(run.rows, "samples", "full_train_loss");
  if (fullLoss.length === 0) return null;
  const B = run.config.optimizer.batchSize;
  const charts: string[] = [];
  if (cosine.length > 0) {
    charts.push(
      lineChart({
        title: `Minibatch gradients (B = ${B}) against the full gradient`,
        xLabel: "samples seen",
        yLabel: "mean cos(g_B, ∇C) and ‖g_B − ∇C‖ / ‖∇C‖",
        series: [
          { name: "minibatch_cosine", points: cosine, markers: true },
          { name: "minibatch_spread", points: spread, markers: true },
        ],
        yInclude: [0, 1],
        width: 520,
        height: 360,
      }),
    );
  }
  charts.push(
    lineChart({
      title: "Training loss: whole training set and running minibatch mean",
      xLabel: "samples seen",
      yLabel: "loss",
      series: [
        { name: "full_train_loss (at evaluations)", points: fullLoss, markers: true },
        {
          name: "train_loss (mean minibatch loss since the last row)",
          points: seriesOf(run.rows, "samples", "train_loss"),
        },
      ],
      width: 520,
      height: 360,
    }),
  );
  return {
    heading: "SGD's noise: minibatch gradients against the full gradient",
    html:
      "<p>At each evaluation the gradient over the whole training set ∇C and K fresh minibatch gradients g_B of " +
      "the run's batch size were computed at the same parameters. Cosine near 1 and spread near 0: the minibatch " +
      "is a faithful estimate; cosine near 0 and spread above 1: a noisy one (SGD with one sample).</p>\n" +
      `<div class="figures">\n${charts.join("\n")}</div>`,
  };
}
