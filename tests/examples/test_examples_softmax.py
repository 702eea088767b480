"""examples/softmax_regression_{scratch,gluon}.py learn Fashion-MNIST."""

import gzip
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import d2l

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = ["softmax_regression_scratch.py", "softmax_regression_gluon.py"]
DEBIAN = Path("/usr/share/datasets/fashion-mnist")
LINE = re.compile(r"^epoch (\d+): loss (\S+), train acc (\S+), "
                  r"test acc (\S+)$", re.M)
# Measured with --epochs 2 on the CPU (MXNet 1.9.1, batch 256, lr 0.1),
# seeds 0-4: test accuracy after epoch 2 was 0.802-0.809 (scratch) and
# 0.802-0.809 (gluon); the training loss of epoch 2 was 0.5708-0.5716 and
# of epoch 1 0.788-0.789. A model that does not learn stays near 0.1.
MIN_TEST_ACC = 0.78
MAX_LOSS_EPOCH2 = 0.60


def run(script, *args, env=None):
    return subprocess.run([sys.executable, str(EXAMPLES / script), *args],
                          capture_output=True, text=True, timeout=300,
                          env=env)


def mxnet_sees_gpu():
    return d2l.num_gpus() > 0


@pytest.mark.skipif(not DEBIAN.is_dir(),
                    reason="apt install dataset-fashion-mnist")
@pytest.mark.parametrize("script", SCRIPTS)
def test_two_epochs_reach_the_measured_accuracy(script, tmp_path):
    plot = tmp_path / "curves.svg"
    proc = run(script, "--epochs", "2", "--seed", "0", "--device", "cpu",
               "--plot", str(plot))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    epochs = [(int(e), float(l), float(a), float(t))
              for e, l, a, t in LINE.findall(proc.stdout)]
    assert [e[0] for e in epochs] == [1, 2]
    (_, loss1, _, _), (_, loss2, train_acc, test_acc) = epochs
    assert loss2 < loss1 and loss2 <= MAX_LOSS_EPOCH2
    assert test_acc >= MIN_TEST_ACC, proc.stdout
    assert train_acc >= MIN_TEST_ACC
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_lists_the_common_options(script):
    proc = run(script, "--help")
    assert proc.returncode == 0
    for option in ("--device", "--epochs", "--lr", "--batch-size", "--seed",
                   "--plot", "--data-dir"):
        assert option in proc.stdout


@pytest.mark.skipif(mxnet_sees_gpu(), reason="a GPU is present")
@pytest.mark.parametrize("script", SCRIPTS)
def test_forcing_a_missing_gpu_fails_clearly(script):
    proc = run(script, "--device", "gpu", "--epochs", "1")
    assert proc.returncode == 2
    assert "no GPU" in proc.stderr and "--device cpu" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_corrupted_file_is_named(script, tmp_path):
    for name in ("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz"):  # --data-dir needs all four
        (tmp_path / name).write_bytes(gzip.compress(b""))
    bad = tmp_path / "train-images-idx3-ubyte.gz"
    bad.write_bytes(gzip.compress(b"\0\0\x08\x03" + b"\0" * 100))
    proc = run(script, "--data-dir", str(tmp_path), "--epochs", "1",
               "--device", "cpu")
    assert proc.returncode == 1
    assert str(bad) in proc.stderr and "not a valid IDX" in proc.stderr
    assert "Traceback" not in proc.stderr


def load_module(script):
    spec = importlib.util.spec_from_file_location(script[:-3],
                                                  EXAMPLES / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("script", SCRIPTS)
def test_missing_data_says_how_to_get_it(script, tmp_path, monkeypatch,
                                         capsys):
    module = load_module(script)
    monkeypatch.setattr(module, "DEBIAN_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("D2L_FASHION_MNIST_DIR", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        module.main(["--device", "cpu"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "train-images-idx3-ubyte.gz not found" in err
    assert "apt install dataset-fashion-mnist" in err
    assert "--data-dir" in err and "D2L_FASHION_MNIST_DIR" in err
    assert os.fspath(tmp_path) in err
