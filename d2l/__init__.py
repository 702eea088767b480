"""Helpers shared by the chapters of Dive into Deep Learning (MXNet).

Each function here is taught once in a chapter and imported by later ones.
"""

from .device import DeviceError, describe, get_device, num_gpus, try_all_gpus
from .plot import plot, set_axes, use_book_style
from .provenance import provenance
from .timer import Timer

__all__ = [
    "DeviceError", "Timer", "describe", "get_device", "num_gpus", "plot",
    "provenance", "set_axes", "try_all_gpus", "use_book_style",
]

__version__ = "0.1.0"
