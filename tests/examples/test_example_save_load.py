"""examples/save_load.py: train, save, reload in a fresh process, compare."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import d2l

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "save_load.py"
DEBIAN = Path("/usr/share/datasets/fashion-mnist")
# Measured with --epochs 1 --device cpu (MXNet 1.9.1, lr 0.5, batch 256),
# seed 0: loss 0.836, test accuracy 0.756. A model that learns nothing stays
# near 0.1 accuracy and loss ln(10) = 2.30.
MIN_TEST_ACC = 0.70
MAX_LOSS = 1.0


def run(*args, cwd=None, env=None, timeout=600):
    return subprocess.run([sys.executable, str(SCRIPT), *args],
                          capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout)


def load_module():
    spec = importlib.util.spec_from_file_location("save_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.import_mxnet()  # as main() does after parsing the arguments
    return module


def test_first_docstring_line_says_what_to_install():
    first = load_module().__doc__.splitlines()[0]
    assert first.startswith("pip install ") and "mxnet==1.9.1" in first


def test_help_works_without_mxnet(tmp_path):
    """--help is parsed before MXNet is imported: a broken mxnet is fine."""
    fake = tmp_path / "mxnet"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('no MXNet here')\n")
    proc = run("--help", env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin"})
    assert proc.returncode == 0, proc.stderr
    for option in ("--device", "--epochs", "--lr", "--batch-size", "--seed",
                   "--data-dir", "--out", "--plot"):
        assert option in proc.stdout
    assert "--reload-from" not in proc.stdout  # internal option stays hidden


@pytest.mark.parametrize("args,message", [
    (["--epochs", "0"], "--epochs: must be above 0"),
    (["--batch-size", "many"], "--batch-size: 'many' is not a number"),
    (["--lr", "-0.1"], "--lr: must be above 0"),
    (["--lr", "nan"], "--lr: must be above 0"),
    (["--seed", "-1"], "--seed: must be in"),
    (["--data-dir", "/no/such/dir"],
     "--data-dir: /no/such/dir lacks train-images-idx3-ubyte.gz"),
])
def test_bad_arguments_are_rejected_before_any_work(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_out_must_not_be_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    proc = run("--out", str(target))
    assert proc.returncode == 2 and "is not a directory" in proc.stderr


def test_comparison_is_bit_exact():
    same_predictions = load_module().same_predictions
    a = np.random.RandomState(0).normal(size=(5, 10)).astype(np.float32)
    assert same_predictions(a, a.copy())
    b = a.copy()
    b[2, 3] = np.nextafter(b[2, 3], np.float32(np.inf))  # one ulp away
    assert not same_predictions(a, b)
    assert not same_predictions(a, a[:4])
    assert not same_predictions(a, a.astype(np.float64))


@pytest.mark.skipif(not DEBIAN.is_dir(),
                    reason="apt install dataset-fashion-mnist")
def test_round_trip_in_a_fresh_process(tmp_path):
    out = tmp_path / "kept"
    plot = tmp_path / "loss.svg"
    proc = run("--epochs", "1", "--device", "cpu", "--seed", "0",
               "--out", str(out), "--plot", str(plot), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    loss, acc = map(float, re.search(
        r"^epoch 1: loss (\S+), test acc (\S+)$", proc.stdout, re.M).groups())
    assert loss <= MAX_LOSS and acc >= MIN_TEST_ACC, proc.stdout
    assert ("scores identical on 10000 test images, "
            "10000 of 10000 predicted classes agree") in proc.stdout
    params = out / "mlp.params"
    assert params.is_file() and str(params) in proc.stdout
    # The child process wrote the reloaded scores; a third reload, in this
    # process, gives the same bits.
    import mxnet as mx
    module = load_module()
    net = module.mlp()
    net.load_parameters(str(params), ctx=mx.cpu())
    X_test, _ = module.load_split("test", None, mx.cpu())
    child = np.load(out / "reloaded_scores.npy")
    assert child.shape == (10000, 10)
    assert module.same_predictions(module.scores(net, X_test), child)
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "loss.svg"]


@pytest.mark.skipif(not DEBIAN.is_dir(),
                    reason="apt install dataset-fashion-mnist")
def test_without_out_nothing_is_left_behind(tmp_path):
    proc = run("--epochs", "1", "--device", "cpu", "--batch-size", "1024",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    saved = re.search(r"^saved \d+ bytes of parameters to (\S+)$",
                      proc.stdout, re.M).group(1)
    assert not Path(saved).exists()  # the temporary folder is gone
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(d2l.num_gpus() > 0, reason="a GPU is present")
def test_forcing_a_missing_gpu_fails_clearly():
    proc = run("--device", "gpu")
    assert proc.returncode == 2
    assert "no GPU" in proc.stderr and "--device cpu" in proc.stderr
    assert "Traceback" not in proc.stderr
