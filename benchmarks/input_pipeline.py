"""Time one training epoch of softmax regression with three input pipelines.

The model, loss and optimiser are the same in every run: gluon
nn.Dense(10), SoftmaxCrossEntropyLoss and SGD with learning rate 0.1 on
minibatches of 256 Fashion-MNIST images. Only the way minibatches reach the
model changes:

  in-memory   d2l.load_data_fashion_mnist: the split is decoded once into
              NDArrays and each minibatch is sliced from them (shuffled);
  DataLoader  ArrayDataset -> transform_first(ToTensor()) -> DataLoader,
              which converts every image on its own (num_workers 0 and 4);
  preloaded   a bare loop over the same arrays with no iterator and no
              shuffling: the floor that the model itself costs.

Run it from the repository root: python benchmarks/input_pipeline.py
"""

import argparse
import json
import os
import sys
import time

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, nd

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import d2l  # noqa: E402

TARGET_VS_DATALOADER = 10.0  # in-memory should be at least this much faster
TARGET_VS_FLOOR = 3.0  # and at most this much slower than the bare loop


def make_model(device):
    """Return a fresh softmax regression model, its loss and trainer."""
    net = gluon.nn.Dense(10)
    net.initialize(mx.init.Normal(0.01), ctx=device)
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.1})
    return net, gluon.loss.SoftmaxCrossEntropyLoss(), trainer


def time_epoch(batches, device, max_batches=None):
    """Train on the minibatches of one pass; return (seconds, batches)."""
    net, loss, trainer = make_model(device)
    # One warm-up step so that shape inference is not timed.
    X, y = next(iter(batches()))
    with autograd.record():
        l = loss(net(X.as_in_context(device)), y.as_in_context(device))
    l.backward()
    nd.waitall()
    count = 0
    start = time.perf_counter()
    for X, y in batches():
        X, y = X.as_in_context(device), y.as_in_context(device)
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(X.shape[0])
        count += 1
        if max_batches and count >= max_batches:
            break
    nd.waitall()
    return time.perf_counter() - start, count


def pipelines(batch_size, workers, device):
    """Return {name: function returning an iterable of (X, y)}."""
    X, y = d2l.load_fashion_mnist("train", device=device)
    in_memory = d2l.ArrayLoader(X, y, batch_size, shuffle=True)
    images, labels = d2l.read_split("train")
    dataset = gluon.data.ArrayDataset(
        nd.array(images[..., None], dtype="uint8"),
        nd.array(labels, dtype="float32"))
    dataset = dataset.transform_first(gluon.data.vision.transforms.ToTensor())

    def preloaded():
        for i in range(0, len(y), batch_size):
            yield X[i:i + batch_size], y[i:i + batch_size]

    result = {"in-memory (d2l)": lambda: in_memory}
    for w in workers:
        loader = gluon.data.DataLoader(dataset, batch_size, shuffle=True,
                                       num_workers=w)
        result[f"DataLoader, {w} workers"] = lambda loader=loader: loader
    result["preloaded loop (floor)"] = preloaded
    return result


def run(batch_size=256, workers=(0, 4), repeats=2, max_batches=None,
        device=None):
    """Time each pipeline; return {name: seconds per epoch} (best run)."""
    device = device or d2l.get_device()
    num_batches = -(-60000 // batch_size)
    candidates = pipelines(batch_size, workers, device)
    results = {}
    # Interleave the repeats, so that a burst of load elsewhere on the
    # machine does not hit all runs of one pipeline.
    for _ in range(repeats):
        for name, batches in candidates.items():
            seconds, count = time_epoch(batches, device, max_batches)
            per_epoch = seconds * num_batches / count
            results[name] = min(results.get(name, per_epoch), per_epoch)
    return results


def report(results):
    """Format the results as a table with the two ratios that matter."""
    names = list(results)
    fast, floor = results[names[0]], results[names[-1]]
    loaders = [results[n] for n in names if n.startswith("DataLoader")]
    lines = [f"{'pipeline':<26} {'s/epoch':>8} {'vs in-memory':>13}"]
    for name, sec in results.items():
        lines.append(f"{name:<26} {sec:8.3f} {sec / fast:12.1f}x")
    if loaders:
        ratio = min(loaders) / fast
        ok = "ok" if ratio >= TARGET_VS_DATALOADER else "BELOW TARGET"
        lines.append(f"best DataLoader / in-memory: {ratio:.1f}x "
                     f"(target >= {TARGET_VS_DATALOADER:g}x: {ok})")
    ratio = fast / floor
    ok = "ok" if ratio <= TARGET_VS_FLOOR else "ABOVE TARGET"
    lines.append(f"in-memory / preloaded loop: {ratio:.1f}x "
                 f"(target <= {TARGET_VS_FLOOR:g}x: {ok})")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Timing a fixed number of batches (--batches) and "
               "extrapolating to an epoch gives a quicker estimate.")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--workers", type=int, nargs="*", default=[0, 4],
                        help="DataLoader num_workers values (default: 0 4)")
    parser.add_argument("--repeats", type=int, default=2,
                        help="runs timed per pipeline; the fastest counts "
                             "(default: 2)")
    parser.add_argument("--batches", type=int, default=None,
                        help="time only this many batches per epoch and "
                             "extrapolate (default: the whole epoch)")
    parser.add_argument("--device", choices=d2l.device.CHOICES,
                        default="auto")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the results to FILE as JSON")
    args = parser.parse_args(argv)
    try:
        device = d2l.get_device(args.device)
    except d2l.DeviceError as err:
        parser.exit(2, f"error: {err}\n")
    np.random.seed(0)
    mx.random.seed(0)
    print(f"device: {d2l.describe(device)}; batch size {args.batch_size}"
          + (f"; {args.batches} batches timed, extrapolated to an epoch"
             if args.batches else "; whole epochs timed"))
    results = run(args.batch_size, args.workers, args.repeats, args.batches,
                  device)
    print(report(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
