"""Time one training epoch of LeNet (or LeNet-BN) in MXNet, and in PyTorch.

One epoch is 60,000 Fashion-MNIST images in minibatches of 256, trained
with softmax cross-entropy and plain SGD. Each run is a fresh process (the
thread count must be set before MXNet is imported), warms up on a few
minibatches, then times a whole epoch: wall time and CPU time (all
threads), whose ratio is how many cores the run kept busy. Runs are
repeated, interleaved, and the medians reported, because the machine may
be shared.

MXNet runs:

  imperative   the loop of d2l.train: no hybridize, asscalar() per batch
  hybridised   the same with net.hybridize()
  book         d2l.train_classifier's loop (d2l.training): static
               hybridisation, aggregated SGD update, one read per epoch

--levers adds one row per speed lever, each alone on top of "imperative"
but without the per-batch read, --breakdown times forward, backward
and update separately, and --operators lists the operators that take
the time (MXNet's profiler, each operator run on its own). When a
Python with torch is given (--torch-python, by default this one if it
can import torch), the same model is timed as a plain PyTorch CPU loop
with the same batch size, learning rate and thread count. The book
never needs torch.

    python benchmarks/cnn.py                     # LeNet, 1 and 2 threads
    python benchmarks/cnn.py --bn --threads 2
    python benchmarks/cnn.py --levers --torch-python /tmp/torchvenv/bin/python
    python benchmarks/cnn.py --bn --operators --threads 1
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUM_TRAIN = 60000
WARMUP_BATCHES = 5

#: name -> (settings of the MXNet child, extra environment variables).
BASE = {"hybridize": None, "sync": "batch"}
MXNET_RUNS = {
    "imperative": (BASE, {}),
    "hybridised": ({**BASE, "hybridize": "default"}, {}),
    "book": ({"book": True}, {}),
}
NO_SYNC = {**BASE, "sync": "epoch"}
LEVERS = {
    "no per-batch read": (NO_SYNC, {}),
    "+ hybridize()": ({**NO_SYNC, "hybridize": "default"}, {}),
    "+ hybridize(static_alloc)": ({**NO_SYNC, "hybridize": "alloc"}, {}),
    "+ hybridize(static_alloc, static_shape)":
        ({**NO_SYNC, "hybridize": "static"}, {}),
    "+ hybridised loss": ({**NO_SYNC, "hybrid_loss": True}, {}),
    "+ aggregated update (10)": ({**NO_SYNC, "aggregate": 10}, {}),
    "+ contiguous slices": ({**NO_SYNC, "slices": "contiguous"}, {}),
    "+ NaiveEngine": (NO_SYNC, {"MXNET_ENGINE_TYPE": "NaiveEngine"}),
}


def lenet(nn, bn):
    """LeNet (sigmoid, average pooling) or examples/lenet.py's LeNet-BN
    (ReLU, max pooling), in Gluon."""
    net = nn.HybridSequential()
    if bn:
        net.add(nn.Conv2D(6, kernel_size=5), nn.BatchNorm(),
                nn.Activation("relu"), nn.MaxPool2D(pool_size=2, strides=2),
                nn.Conv2D(16, kernel_size=5), nn.BatchNorm(),
                nn.Activation("relu"), nn.MaxPool2D(pool_size=2, strides=2),
                nn.Dense(120), nn.BatchNorm(), nn.Activation("relu"),
                nn.Dense(84), nn.BatchNorm(), nn.Activation("relu"),
                nn.Dense(10))
    else:
        net.add(nn.Conv2D(6, kernel_size=5, padding=2, activation="sigmoid"),
                nn.AvgPool2D(pool_size=2, strides=2),
                nn.Conv2D(16, kernel_size=5, activation="sigmoid"),
                nn.AvgPool2D(pool_size=2, strides=2),
                nn.Dense(120, activation="sigmoid"),
                nn.Dense(84, activation="sigmoid"),
                nn.Dense(10))
    return net


def mxnet_epoch(cfg):
    """Child: time one MXNet epoch as cfg says; return wall and CPU seconds."""
    sys.path.insert(0, ROOT)
    import mxnet as mx
    import numpy as np
    from mxnet import autograd, gluon, init, nd
    from mxnet.gluon import nn

    import d2l
    import d2l.numpy_compat  # noqa: F401  (before mxnet)

    mx.random.seed(0)
    np.random.seed(0)
    device = mx.cpu()
    bs = cfg["batch_size"]
    train_iter, _ = d2l.load_data_fashion_mnist(bs, device=device)
    X_all, y_all = train_iter.X, train_iter.y
    net = lenet(nn, cfg["bn"])
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    book = cfg.get("book")
    if book:
        net.initialize(init.Xavier(), ctx=device)
        net.hybridize(static_alloc=True, static_shape=True)
        loss.hybridize(static_alloc=True, static_shape=True)
        trainer = d2l.sgd_trainer(net.collect_params(), cfg["lr"])
    else:
        net.initialize(init.Xavier(), ctx=device)
        options = {"default": {}, "alloc": {"static_alloc": True},
                   "static": {"static_alloc": True, "static_shape": True}}
        if cfg.get("hybridize"):
            net.hybridize(**options[cfg["hybridize"]])
        if cfg.get("hybrid_loss"):
            loss.hybridize(static_alloc=True, static_shape=True)
        optimizer = mx.optimizer.SGD(learning_rate=cfg["lr"])
        if cfg.get("aggregate"):
            optimizer.aggregate_num = cfg["aggregate"]
        trainer = gluon.Trainer(net.collect_params(), optimizer)

    def batches(limit=None):
        limit = limit or cfg.get("batches")
        if cfg.get("slices") == "contiguous":
            order = nd.array(np.random.permutation(NUM_TRAIN), ctx=device)
            X, y = X_all.take(order), y_all.take(order)
            for i in range(0, NUM_TRAIN, bs)[:limit]:
                yield X[i:i + bs], y[i:i + bs]
        else:
            for k, batch in enumerate(train_iter):
                if limit is not None and k >= limit:
                    break
                yield batch

    def legacy_epoch(limit=None):
        per_batch = cfg.get("sync") == "batch"
        loss_sum, correct = nd.zeros(1), nd.zeros(1)
        total = 0.0
        for X, y in batches(limit):
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y)
            l.backward()
            trainer.step(X.shape[0])
            if per_batch:  # as d2l.train_epoch does
                total += float(l.sum().asscalar())
                total += float((y_hat.argmax(axis=1) == y).sum().asscalar())
            else:
                loss_sum += l.sum()
                correct += (y_hat.argmax(axis=1) == y).sum()
        return total + float(loss_sum.asscalar()) + float(correct.asscalar())

    def book_epoch(limit=None):
        return d2l.train_epoch_on_device(net, batches(limit), loss, trainer,
                                         device)

    def breakdown():
        """Seconds in forward, backward and update, with a wait after each."""
        parts = {"data": 0.0, "forward": 0.0, "backward": 0.0, "update": 0.0}
        tick = time.perf_counter()
        for X, y in batches():
            nd.waitall()
            now = time.perf_counter()
            parts["data"] += now - tick
            with autograd.record():
                l = loss(net(X), y)
            l.wait_to_read()
            tick, now = now, time.perf_counter()
            parts["forward"] += now - tick
            l.backward()
            nd.waitall()
            tick, now = now, time.perf_counter()
            parts["backward"] += now - tick
            trainer.step(X.shape[0])
            nd.waitall()
            tick, now = now, time.perf_counter()
            parts["update"] += now - tick
            tick = now
        num_batches = -(-NUM_TRAIN // bs)
        scale = num_batches / min(cfg.get("batches") or num_batches,
                                  num_batches)
        return {k: v * scale for k, v in parts.items()}

    def operators():
        """{operator: ms per minibatch} over the timed minibatches."""
        # A file of its own: MXNet's profiler replaces whatever file it
        # is given (given os.devnull, it turned /dev/null into a file).
        with tempfile.TemporaryDirectory() as folder:
            mx.profiler.set_config(
                profile_all=True, aggregate_stats=True,
                filename=os.path.join(folder, "profile.json"))
            mx.profiler.set_state("run")
            book_epoch(cfg["batches"])
            nd.waitall()
            mx.profiler.set_state("stop")
            table = json.loads(mx.profiler.dumps(format="json", reset=True))
        return {name: row["Total"] / cfg["batches"]
                for name, row in table["Time"]["operator"].items()}

    epoch = book_epoch if book else legacy_epoch
    epoch(WARMUP_BATCHES)
    nd.waitall()
    if cfg.get("breakdown"):
        return breakdown()
    if cfg.get("operators"):
        return operators()
    return timed(epoch, cfg)


def timed(epoch, cfg):
    """Time epoch(); scale a --batches run up to a whole epoch."""
    wall, cpu = time.perf_counter(), time.process_time()
    epoch()  # ends by reading a result back, so the work is done
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    num_batches = -(-NUM_TRAIN // cfg["batch_size"])
    scale = num_batches / min(cfg.get("batches") or num_batches, num_batches)
    return {"wall": wall * scale, "cpu": cpu * scale}


def torch_epoch(cfg):
    """Child: time one epoch of the same model as a plain PyTorch loop."""
    import torch
    from torch import nn

    torch.set_num_threads(cfg["threads"])
    torch.manual_seed(0)
    X_all, y_all = torch_data()
    if cfg["bn"]:
        net = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.BatchNorm2d(6), nn.ReLU(),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(6, 16, 5), nn.BatchNorm2d(16), nn.ReLU(),
            nn.MaxPool2d(2, 2), nn.Flatten(),
            nn.Linear(256, 120), nn.BatchNorm1d(120), nn.ReLU(),
            nn.Linear(120, 84), nn.BatchNorm1d(84), nn.ReLU(),
            nn.Linear(84, 10))
    else:
        net = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, 2),
            nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.AvgPool2d(2, 2),
            nn.Flatten(),
            nn.Linear(400, 120), nn.Sigmoid(), nn.Linear(120, 84),
            nn.Sigmoid(), nn.Linear(84, 10))
    optimizer = torch.optim.SGD(net.parameters(), lr=cfg["lr"])
    loss = nn.CrossEntropyLoss(reduction="none")
    bs = cfg["batch_size"]

    def epoch(limit=None):
        limit = limit or cfg.get("batches")
        order = torch.randperm(NUM_TRAIN)
        loss_sum, correct = torch.zeros(()), torch.zeros(())
        for k, i in enumerate(range(0, NUM_TRAIN, bs)):
            if limit is not None and k >= limit:
                break
            idx = order[i:i + bs]
            X, y = X_all[idx], y_all[idx]
            y_hat = net(X)
            l = loss(y_hat, y)
            optimizer.zero_grad()
            l.mean().backward()
            optimizer.step()
            with torch.no_grad():
                loss_sum += l.sum()
                correct += (y_hat.argmax(dim=1) == y).sum()
        return float(loss_sum), float(correct)

    epoch(WARMUP_BATCHES)
    return timed(epoch, cfg)


def torch_data():
    """Fashion-MNIST's training split as tensors (random if not found)."""
    import gzip

    import torch
    folder = (os.environ.get("D2L_FASHION_MNIST_DIR")
              or "/usr/share/datasets/fashion-mnist")
    try:
        with gzip.open(os.path.join(folder, "train-images-idx3-ubyte.gz")) \
                as f:
            images = f.read()[16:]
        with gzip.open(os.path.join(folder, "train-labels-idx1-ubyte.gz")) \
                as f:
            labels = f.read()[8:]
    except OSError:  # the timing does not depend on the pixel values
        return (torch.rand(NUM_TRAIN, 1, 28, 28),
                torch.randint(0, 10, (NUM_TRAIN,)))
    X = torch.frombuffer(bytearray(images), dtype=torch.uint8)
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8)
    return (X.reshape(NUM_TRAIN, 1, 28, 28).float() / 255, y.long())


def child(cfg):
    result = torch_epoch(cfg) if cfg.get("torch") else mxnet_epoch(cfg)
    print(json.dumps(result))


def run_child(python, cfg, env):
    proc = subprocess.run(
        [python, os.path.abspath(__file__), "--child", json.dumps(cfg)],
        capture_output=True, text=True, env={**os.environ, **env},
        timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"{cfg}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def default_torch_python():
    """This interpreter when it can import torch, else None."""
    found = subprocess.run([sys.executable, "-c", "import torch"],
                           capture_output=True).returncode == 0
    return sys.executable if found else None


def plan(args):
    """Return the runs to make: (label, threads, python, cfg, env)."""
    runs = []
    common = {"bn": args.bn, "batch_size": args.batch_size, "lr": args.lr,
              "batches": args.batches}
    for threads in args.threads:
        env = {"OMP_NUM_THREADS": str(threads)}
        chosen = dict(MXNET_RUNS)
        if args.levers:
            chosen.update(LEVERS)
        for label, (cfg, extra) in chosen.items():
            runs.append((label, threads, sys.executable,
                         {**common, **cfg}, {**env, **extra}))
        if args.torch_python:
            runs.append(("PyTorch", threads, args.torch_python,
                         {**common, "torch": True, "threads": threads}, env))
    return runs


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--bn", action="store_true",
                        help="LeNet-BN as examples/lenet.py --bn builds it "
                             "(ReLU, max pooling)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.9)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2],
                        help="OMP_NUM_THREADS values to run with "
                             "(default: 1 2)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per row; the median is reported")
    parser.add_argument("--batches", type=int, default=None,
                        help="time only this many minibatches and scale "
                             "up to an epoch (default: the whole epoch)")
    parser.add_argument("--levers", action="store_true",
                        help="also time each speed lever on its own")
    parser.add_argument("--breakdown", action="store_true",
                        help="time forward, backward and update separately "
                             "(book loop, a wait after each step)")
    parser.add_argument("--operators", action="store_true",
                        help="the operators that take the time in the book "
                             "loop (MXNet's profiler, over --batches or 50 "
                             "minibatches, bulk execution off)")
    parser.add_argument("--torch-python", metavar="PATH",
                        default=default_torch_python(),
                        help="a Python that can import torch (default: this "
                             "one if it can)")
    parser.add_argument("--json", metavar="FILE",
                        help="also write every run's times to FILE")
    args = parser.parse_args(argv)
    if args.child:
        return child(json.loads(args.child))
    model = "LeNet-BN" if args.bn else "LeNet"
    print(f"{model}, one epoch of {NUM_TRAIN} images, batch {args.batch_size}"
          f", SGD lr {args.lr}; median of {args.repeats} runs"
          + (f" of {args.batches} batches, scaled to an epoch"
             if args.batches else "") + "; "
          f"{os.cpu_count()} cores; load average at start "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    if args.breakdown:
        for threads in args.threads:
            cfg = {"bn": args.bn, "batch_size": args.batch_size,
                   "lr": args.lr, "book": True, "breakdown": True}
            parts = run_child(sys.executable, cfg,
                              {"OMP_NUM_THREADS": str(threads)})
            total = sum(parts.values())
            print(f"{threads} thread(s), wall time: " + ", ".join(
                f"{k} {v:.2f} s ({v / total:.0%})" for k, v in parts.items()))
        return None
    if args.operators:
        for threads in args.threads:
            cfg = {"bn": args.bn, "batch_size": args.batch_size,
                   "lr": args.lr, "book": True, "operators": True,
                   "batches": args.batches or 50}
            # One operator at a time, so that each is timed on its own.
            per_batch = run_child(sys.executable, cfg, {
                "OMP_NUM_THREADS": str(threads),
                "MXNET_EXEC_BULK_EXEC_TRAIN": "0",
                "MXNET_EXEC_BULK_EXEC_INFERENCE": "0"})
            total = sum(per_batch.values())
            print(f"{threads} thread(s): {total:.1f} ms of operators per "
                  "minibatch; the largest:")
            for name, ms in sorted(per_batch.items(),
                                   key=lambda item: -item[1])[:8]:
                print(f"  {name:<28} {ms:6.2f} ms  {ms / total:4.0%}")
        return None
    runs = plan(args)
    times = {(label, threads): [] for label, threads, *_ in runs}
    for _ in range(args.repeats):  # interleaved, so load hits all rows
        for label, threads, python, cfg, env in runs:
            result = run_child(python, cfg, env)
            times[label, threads].append(result)
            print(f"  {label} ({threads} thread(s)): {result['wall']:.2f} s "
                  f"wall, {result['cpu']:.2f} s CPU, load "
                  f"{os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    print(f"{'run':<42} {'threads':>7} {'wall s':>7} {'CPU s':>7} "
          f"{'CPU/wall':>8} {'vs PyTorch':>10}")
    for (label, threads), results in times.items():
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        ref = times.get(("PyTorch", threads))
        ratio = (f"{wall / statistics.median(r['wall'] for r in ref):9.2f}x"
                 if ref else "")
        print(f"{label:<42} {threads:>7} {wall:7.2f} {cpu:7.2f} "
              f"{cpu / wall:8.2f} {ratio:>10}")
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump([{"run": label, "threads": threads, "times": results}
                       for (label, threads), results in times.items()],
                      f, indent=1)
    return None


if __name__ == "__main__":
    main()
