"""examples/lenet.py: LeNet-BN learns Fashion-MNIST; its options are
checked before MXNet is imported."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "lenet.py"
DEBIAN = Path("/usr/share/datasets/fashion-mnist")
LINE = re.compile(r"^epoch (\d+): loss (\S+), train acc (\S+), "
                  r"test acc (\S+), (\S+) s$", re.M)
# Measured on the CPU (MXNet 1.9.1, defaults: --bn, lr 1.0, batch 256),
# best test accuracy within 5 epochs, seeds 0-4: 0.846, 0.847, 0.865,
# 0.806, 0.874 (the issue hoped for 0.87; one seed in five gets there). The
# test accuracy of single epochs swings by up to 0.2 (seed 0: 0.836, then
# 0.642, then 0.846; seed 3 dips to 0.629), while the training accuracy
# after epoch 5 is steady: 0.891, 0.894, 0.891, 0.890, 0.892. So the test
# takes the best epoch, 0.016 below the lowest of the five runs, and the
# last epoch's training accuracy, 0.01 below its lowest. lr 0.3 and 0.5
# (seed 0) were no steadier: best 0.847 and 0.850, the same dip in epoch 4.
MIN_TEST_ACC = 0.79
MIN_TRAIN_ACC = 0.88
EPOCHS = 5


def run(*args, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), *args],
                          capture_output=True, text=True, timeout=900,
                          env=env)


def epochs_of(stdout):
    return [(int(e), float(l), float(a), float(t))
            for e, l, a, t, _ in LINE.findall(stdout)]


@pytest.mark.slow
@pytest.mark.skipif(not DEBIAN.is_dir(),
                    reason="apt install dataset-fashion-mnist")
def test_lenet_bn_reaches_the_accuracy_bound_in_five_epochs(tmp_path):
    plot = tmp_path / "curves.png"
    proc = run("--bn", "--epochs", str(EPOCHS), "--seed", "0",
               "--device", "cpu", "--plot", str(plot))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "LeNet-BN" in proc.stdout and "lr 1.0" in proc.stdout
    epochs = epochs_of(proc.stdout)
    assert [e[0] for e in epochs] == list(range(1, EPOCHS + 1))
    losses = [e[1] for e in epochs]
    assert losses[-1] < losses[0] / 1.5, proc.stdout  # it learns
    assert max(e[3] for e in epochs) >= MIN_TEST_ACC, proc.stdout
    assert epochs[-1][2] >= MIN_TRAIN_ACC, proc.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def without_mxnet(tmp_path):
    """An environment in which `import mxnet` fails."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "mxnet.py").write_text("raise ImportError('no mxnet here')\n")
    return {**os.environ, "PYTHONPATH": str(fake)}


def test_help_needs_no_mxnet(tmp_path):
    proc = run("--help", env=without_mxnet(tmp_path))
    assert proc.returncode == 0, proc.stderr
    for option in ("--device", "--bn", "--epochs", "--lr", "--batch-size",
                   "--seed", "--plot", "--data-dir"):
        assert option in proc.stdout


@pytest.mark.parametrize("option,value", [("--epochs", "0"),
                                          ("--lr", "-1"),
                                          ("--batch-size", "nan")])
def test_bad_arguments_are_rejected_before_mxnet(option, value, tmp_path):
    proc = run(f"{option}={value}", env=without_mxnet(tmp_path))
    assert proc.returncode == 2, proc.stderr
    assert f"argument {option}: " in proc.stderr
    assert "Traceback" not in proc.stderr



def test_the_benchmark_times_the_same_model():
    """benchmarks/cnn.py times the example's LeNet and LeNet-BN."""
    import ast

    def lenet_code(path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        node = next(n for n in tree.body
                    if isinstance(n, ast.FunctionDef) and n.name == "lenet")
        node.body = node.body[1:]  # the docstring
        node.args.args = [a for a in node.args.args if a.arg != "nn"]
        return ast.dump(node)

    bench = SCRIPT.parents[1] / "benchmarks" / "cnn.py"
    assert lenet_code(SCRIPT) == lenet_code(bench)
