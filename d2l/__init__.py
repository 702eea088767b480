"""Helpers shared by the chapters of Dive into Deep Learning (MXNet).

Each function here is taught once in a chapter and imported by later ones.
"""

from .classification import (accuracy, cross_entropy, evaluate_accuracy,
                             plot_history, softmax, train, train_epoch)
from .device import DeviceError, describe, get_device, num_gpus, try_all_gpus
from .fashion_mnist import (ArrayLoader, DataError, fashion_mnist_labels,
                            load_data_fashion_mnist, load_fashion_mnist,
                            read_split, show_images)
from .regression import (data_iter, linreg, load_array, sgd, squared_loss,
                     synthetic_data)
from .plot import plot, set_axes, use_book_style
from .provenance import provenance
from .timer import Timer

__all__ = [
    "DeviceError", "Timer", "describe", "get_device", "num_gpus", "plot",
    "provenance", "set_axes", "try_all_gpus", "use_book_style",
    # classification, fashion_mnist
    "accuracy", "cross_entropy", "evaluate_accuracy", "plot_history", "softmax",
    "train", "train_epoch", "ArrayLoader", "DataError",
    "fashion_mnist_labels", "load_data_fashion_mnist", "load_fashion_mnist",
    "read_split", "show_images",
    # regression
    "data_iter", "linreg", "load_array", "sgd", "squared_loss",
    "synthetic_data",
]

__version__ = "0.1.0"
