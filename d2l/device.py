"""Choose the device (MXNet context) the book's code runs on.

A GPU that MXNet can see is not always one it can use: MXNet 1.9.1's CUDA
wheels carry kernels for compute capability 5.0-8.9 only, and no PTX to
compile others from. So :func:`get_device` runs a tiny kernel on the GPU
before choosing it.
"""

import functools
import os
import platform
import subprocess
import sys

import mxnet as mx

#: Environment variable that forces a device: ``auto`` (default), ``cpu``
#: or ``gpu``.
DEVICE_ENV = "D2L_DEVICE"
CHOICES = ("auto", "cpu", "gpu")


class DeviceError(RuntimeError):
    """The requested device cannot be used."""


def num_gpus():
    """Return how many GPUs MXNet can see (0 with a CPU-only build)."""
    try:
        return mx.context.num_gpus()
    except mx.base.MXNetError:
        # A CUDA build without a driver raises instead of returning 0.
        return 0


#: The GPUs that MXNet 1.9.1's CUDA wheels have kernels for.
SUPPORTED_GPUS = (
    "MXNet 1.9.1's CUDA wheels carry kernels for compute capability 5.0-8.9 "
    "only (Maxwell to Ada: GTX 900 to RTX 40, V100, T4, A100, A10, L4, L40); "
    "Hopper (H100, H200) and Blackwell GPUs cannot run them.")


@functools.cache
def gpu_problem(index=0):
    """Return why GPU ``index`` cannot run MXNet's kernels, or None if it can.

    Runs one tiny kernel there: seeing a GPU is not the same as being able
    to run code on it.
    """
    try:
        x = mx.nd.ones((4,), ctx=mx.gpu(index))
        (x * 2).asnumpy()  # waits for the kernel, so its error surfaces here
    except mx.base.MXNetError as err:
        return error_summary(err)
    return None


def error_summary(err):
    """Return the line of an MXNetError that says what went wrong.

    Its text starts with a C++ traceback; the reason is on the last line,
    e.g. "CUDA: no kernel image is available for execution on the device".
    """
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    reasons = [line for line in lines
               if not line.startswith(("Traceback", "File ", "["))]
    reason = reasons[-1] if reasons else type(err).__name__
    return reason.removeprefix("MXNetError: ")


def _unusable_gpu_message(index, problem):
    return (f"{gpu_model(index)} cannot run MXNet's CUDA kernels ({problem}). "
            f"{SUPPORTED_GPUS}")


@functools.cache
def _announce_cpu_fallback(message):
    """Say once per process why auto chose the CPU despite a GPU."""
    print(f"d2l: running on the CPU. {message}", file=sys.stderr)


def get_device(choice=None):
    """Return ``mx.gpu(0)`` when a GPU is usable, else ``mx.cpu()``.

    ``choice`` (or the ``D2L_DEVICE`` environment variable) may force
    ``cpu`` or ``gpu``; forcing ``gpu`` without a usable one raises
    DeviceError. ``auto`` falls back to the CPU, and says why when a GPU
    is present but cannot run MXNet's kernels.
    """
    choice = (choice or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if choice not in CHOICES:
        raise DeviceError(
            f"Unknown device {choice!r} (from the argument or {DEVICE_ENV}); "
            f"use one of: {', '.join(CHOICES)}."
        )
    if choice == "cpu":
        return mx.cpu()
    if num_gpus() == 0:
        if choice == "gpu":
            raise DeviceError(
                "A GPU was requested but MXNet sees none. Check `nvidia-smi`, "
                "build with `make html GPU=1` (mxnet-cu117 and its CUDA "
                f"libraries, see README), or set {DEVICE_ENV}=cpu (or auto) "
                "to run on the CPU.")
        return mx.cpu()
    problem = gpu_problem(0)
    if problem is None:
        return mx.gpu(0)
    message = _unusable_gpu_message(0, problem)
    if choice == "gpu":
        raise DeviceError(f"{message} Set {DEVICE_ENV}=cpu (or auto) to run "
                          "on the CPU.")
    _announce_cpu_fallback(message)
    return mx.cpu()


def try_all_gpus():
    """Return every usable GPU, or ``[mx.cpu()]`` when there is none."""
    usable = [mx.gpu(i) for i in range(num_gpus()) if gpu_problem(i) is None]
    return usable or [mx.cpu()]


@functools.cache
def cpu_model():
    """Return the CPU's model name, e.g. 'Intel(R) Xeon(R) Processor'."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


@functools.cache
def gpu_model(index=0):
    """Return a GPU's name as nvidia-smi reports it."""
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,compute_cap",
             "--format=csv,noheader", f"--id={index}"],
            capture_output=True, text=True, timeout=20, check=True,
        )
        name, _, capability = out.stdout.strip().partition(", ")
        if not name:
            return f"GPU {index}"
        return f"{name} (compute capability {capability})" if capability \
            else name
    except (OSError, subprocess.SubprocessError):
        return f"GPU {index}"


def describe(device):
    """Return a short human-readable name of ``device``."""
    if device.device_type == "gpu":
        return f"GPU: {gpu_model(device.device_id)}"
    return f"CPU: {cpu_model()} ({os.cpu_count()} cores)"
