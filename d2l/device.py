"""Choose the device (MXNet context) the book's code runs on."""

import functools
import os
import platform
import subprocess

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


def get_device(choice=None):
    """Return ``mx.gpu(0)`` when a GPU is usable, else ``mx.cpu()``.

    ``choice`` (or the ``D2L_DEVICE`` environment variable) may force
    ``cpu`` or ``gpu``; forcing ``gpu`` without one raises DeviceError.
    """
    choice = (choice or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if choice not in CHOICES:
        raise DeviceError(
            f"Unknown device {choice!r} (from the argument or {DEVICE_ENV}); "
            f"use one of: {', '.join(CHOICES)}."
        )
    if choice == "cpu":
        return mx.cpu()
    gpus = num_gpus()
    if gpus > 0:
        return mx.gpu(0)
    if choice == "gpu":
        raise DeviceError(
            "A GPU was requested but MXNet sees none. Check `nvidia-smi`, "
            "install the mxnet-cuXXX wheel that matches your CUDA driver "
            f"(see README), or set {DEVICE_ENV}=cpu (or auto) to run on the CPU."
        )
    return mx.cpu()


def try_all_gpus():
    """Return every visible GPU, or ``[mx.cpu()]`` when there is none."""
    gpus = num_gpus()
    return [mx.gpu(i) for i in range(gpus)] or [mx.cpu()]


@functools.lru_cache(maxsize=None)
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


@functools.lru_cache(maxsize=None)
def gpu_model(index=0):
    """Return a GPU's name as nvidia-smi reports it."""
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader",
             f"--id={index}"],
            capture_output=True, text=True, timeout=20, check=True,
        )
        return out.stdout.strip() or f"GPU {index}"
    except (OSError, subprocess.SubprocessError):
        return f"GPU {index}"


def describe(device):
    """Return a short human-readable name of ``device``."""
    if device.device_type == "gpu":
        return f"GPU: {gpu_model(device.device_id)}"
    return f"CPU: {cpu_model()} ({os.cpu_count()} cores)"
