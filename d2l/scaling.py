"""How large the modern-CNN chapters train their networks.

At their published sizes (224x224 inputs, millions of parameters, the full
training set for ten epochs) those networks take hours per epoch on a CPU.
Every network therefore has two sets of training settings:

* ``cpu`` (the default): a reduced input size, width, training subset and
  number of epochs, chosen so that the page trains in under a minute on two
  CPU cores. The network keeps its blocks, depth and connectivity.
* ``full``: the settings of the published d2l chapter (input size, full
  width, all 60,000 training images, its epochs and learning rate), for a
  reader with a GPU.

``D2L_SCALE=full`` selects the full scale; ``make html D2L_SCALE=full``
builds the book that way (the scale is part of the execution cache's key,
so outputs of one scale are never shown as the other's)::

    cfg = d2l.scale_settings("alexnet")
    print(cfg)   # cpu scale: 68x68 input, width 1/4, ...

This module imports neither MXNet nor NumPy: the book's build reads
:data:`SCALES` from it.
"""

import dataclasses
import fractions
import os

#: Environment variable that selects the scale.
SCALE_ENV = "D2L_SCALE"
#: The scales, the default first.
SCALES = ("cpu", "full")

#: Whether this process asked for its scale (the provenance record says so).
_asked = False


class ScaleError(ValueError):
    """D2L_SCALE names no scale."""


def check_scale(value):
    """Return value if it is a scale; raise ScaleError saying what to use."""
    if value not in SCALES:
        raise ScaleError(
            f"{SCALE_ENV}={value!r} is not a scale. Use {SCALE_ENV}=cpu (the "
            "default: reduced sizes that train in about a minute on a "
            f"laptop CPU) or {SCALE_ENV}=full (the published sizes; a GPU "
            "is recommended).")
    return value


def scale():
    """Return the scale this process trains at: ``"cpu"`` or ``"full"``."""
    global _asked
    _asked = True
    return check_scale(os.environ.get(SCALE_ENV, "").strip().lower()
                       or SCALES[0])


def scale_used():
    """Return the scale if this process asked for it, else None."""
    return scale() if _asked else None


@dataclasses.dataclass(frozen=True)
class Settings:
    """How one network is trained at one scale."""

    resize: int        # height and width of the input images
    width: float       # channel multiplier: 1 is the published network
    num_train: int     # training images used (of 60,000)
    num_test: int      # test images evaluated (of 10,000)
    num_epochs: int
    lr: float
    batch_size: int
    scale: str = "cpu"

    def __str__(self):
        width = fractions.Fraction(self.width).limit_denominator(64)
        return (f"{self.scale} scale: {self.resize}x{self.resize} input, "
                f"width {width}, {self.num_train:,} training and "
                f"{self.num_test:,} test images, {self.num_epochs} epochs, "
                f"lr {self.lr}, batch {self.batch_size}")


#: Each network's settings, as (resize, width, num_train, num_test,
#: num_epochs, lr, batch_size). The CPU scale is each page's own choice; the
#: page says why. The full scale is the d2l chapter's set-up (VGG trains its
#: narrower variant, a quarter of the channels, as d2l does).
_CPU = {
    "alexnet":   (68, 1 / 4, 12000, 2000, 3, 0.1, 64),
    "vgg":       (32, 1 / 8, 12000, 2000, 3, 0.1, 64),
    "nin":       (68, 1 / 4, 10000, 2000, 6, 0.05, 64),
    "googlenet": (28, 1 / 4, 8000, 1000, 4, 0.1, 64),
    "resnet":    (28, 1 / 4, 6000, 2000, 3, 0.05, 128),
    "densenet":  (32, 1 / 4, 6000, 2000, 3, 0.1, 128),
}
_FULL = {
    "alexnet":   (224, 1, 60000, 10000, 10, 0.01, 128),
    "vgg":       (224, 1 / 4, 60000, 10000, 10, 0.05, 128),
    "nin":       (224, 1, 60000, 10000, 10, 0.1, 128),
    "googlenet": (96, 1, 60000, 10000, 10, 0.1, 128),
    "resnet":    (96, 1, 60000, 10000, 10, 0.05, 256),
    "densenet":  (96, 1, 60000, 10000, 10, 0.1, 256),
}
#: network -> scale -> Settings.
SETTINGS = {network: {"cpu": Settings(*_CPU[network], scale="cpu"),
                      "full": Settings(*_FULL[network], scale="full")}
            for network in _CPU}


def scale_settings(network):
    """Return the Settings of ``network`` (e.g. ``"alexnet"``) at
    :func:`scale`."""
    if network not in SETTINGS:
        raise KeyError(f"no scale settings for {network!r}; the networks "
                       f"are {', '.join(sorted(SETTINGS))}")
    return SETTINGS[network][scale()]
