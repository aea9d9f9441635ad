#!/bin/bash
# The merge job of examples/slurm-sweep.sh (submit it with --dependency=afterany:<array job id>):
# the same sweep without --shard. Every point a task finished is skipped (a point a failed task
# left out is trained here), and sweep.json and report.html are rebuilt from the points' records.
#SBATCH --job-name=sgd-moons-grid-merge
#SBATCH --cpus-per-task=2
#SBATCH --time=00:30:00
#SBATCH --output=logs/sgd-moons-grid-merge-%j.log
set -euo pipefail
cd "$SLURM_SUBMIT_DIR"

npx sgd sweep --config configs/moons-backprop.yaml \
  --grid optimizer.batchSize=1,10,full --grid optimizer.learningRate=0.03,0.3,3 \
  --out runs/moons-grid
