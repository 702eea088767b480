"""examples/autograd_check.py: autograd agrees with finite differences."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import d2l

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "autograd_check.py"
LINE = re.compile(r"^(\w+)\s+max abs error (\S+)\s+(PASS|FAIL)$", re.M)
FUNCTIONS = {"sum_sin", "quadratic_xTAx", "softplus_sum", "log_sum_exp",
             "tanh_mlp_W1"}
# Measured on the CPU build (MXNet 1.9.1, float64, eps 1e-6): the largest
# error at seed 0 was 4.0e-10 (quadratic_xTAx); over seeds 0-9 it was
# 1.6e-9. A wrong gradient gives errors of order 0.1-1 (buggy_sigmoid:
# 0.88), so 1e-8 separates the two with room on both sides.
ERROR_BOUND = 1e-8


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args],
                          capture_output=True, text=True, timeout=300)


def results(stdout):
    return {name: (float(err), verdict)
            for name, err, verdict in LINE.findall(stdout)}


def mxnet_sees_gpu():
    return d2l.num_gpus() > 0


@pytest.mark.parametrize("seed", ["0", "3"])
def test_autograd_matches_finite_differences(seed):
    proc = run("--device", "cpu", "--seed", seed)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = results(proc.stdout)
    assert set(found) == FUNCTIONS
    for name, (err, verdict) in found.items():
        assert verdict == "PASS", name
        assert err < ERROR_BOUND, f"{name}: {err:.3e}"


def test_wrong_gradient_is_caught():
    proc = run("--device", "cpu", "--include-buggy")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = results(proc.stdout)
    err, verdict = found["buggy_sigmoid"]
    assert verdict == "FAIL" and err > 1e-2
    assert all(found[name][1] == "PASS" for name in FUNCTIONS)


def test_tolerance_decides_the_verdict():
    # A tolerance below what float64 differences can reach fails honestly.
    proc = run("--device", "cpu", "--tol", "1e-14")
    assert proc.returncode == 1
    assert all(v == "FAIL" for _, v in results(proc.stdout).values())


def test_help():
    proc = run("--help")
    assert proc.returncode == 0
    for option in ("--device", "--seed", "--eps", "--tol", "--include-buggy"):
        assert option in proc.stdout


def test_forced_gpu_without_gpu_fails_clearly():
    if mxnet_sees_gpu():
        pytest.skip("MXNet sees a GPU here")
    proc = run("--device", "gpu")
    assert proc.returncode == 2
    assert "no GPU" in proc.stderr and "--device cpu" in proc.stderr
    assert "Traceback" not in proc.stderr
