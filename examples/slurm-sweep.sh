#!/bin/bash
# The README's 9-point moons grid as a Slurm job array of 3 tasks on a shared file system, and
# its merge job (examples/slurm-merge.sh), submitted so the merge starts when every task ended:
#
#   jobid=$(sbatch --parsable examples/slurm-sweep.sh)
#   sbatch --dependency=afterany:"$jobid" examples/slurm-merge.sh
#
# Slurm hands each task SLURM_ARRAY_TASK_ID with _MIN, _STEP and _COUNT; `--shard auto` turns
# them into the 1-based shard I/N (so --array=0-2, 1-3 or 0-8:3 all work). A requeued task runs
# its index again: finished points are skipped, an interrupted one is resumed from its checkpoint
# (scancel and preemption send SIGTERM, on which sgd checkpoints and exits 130).
# Documented in docs/sweep.md ("Recipes"); test/docs/recipes.test.ts checks the sgd lines.
#SBATCH --job-name=sgd-moons-grid
#SBATCH --array=1-3
#SBATCH --cpus-per-task=2
#SBATCH --time=00:30:00
#SBATCH --output=logs/sgd-moons-grid-%A_%a.log
set -euo pipefail
cd "$SLURM_SUBMIT_DIR"

npx sgd sweep --config configs/moons-backprop.yaml \
  --grid optimizer.batchSize=1,10,full --grid optimizer.learningRate=0.03,0.3,3 \
  --shard auto --jobs "$SLURM_CPUS_PER_TASK" --out runs/moons-grid
