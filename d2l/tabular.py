"""Tabular data: the Palmer penguins table and K-fold splits.

Taught in "Practice: predicting the body mass of penguins"; the cells
tagged ``save`` there hold the same code. The table ships inside the PyPI
package ``palmerpenguins``, so nothing is downloaded.
"""

import hashlib
import importlib.resources
import io

import numpy as np
import pandas as pd

from .fashion_mnist import DataError

#: The raw table of Horst, Hill and Gorman (2020): 344 penguins, 17 columns.
PENGUINS_SHAPE = (344, 17)
PENGUINS_SHA256 = ("144f623143c9360fd77322a4f86acb06"
                   "dc198814dbd2669724c63e6457b907bd")


def load_penguins():
    """Read the raw Palmer penguins table shipped with `palmerpenguins`."""
    try:
        folder = importlib.resources.files("palmerpenguins") / "data"
    except ModuleNotFoundError as err:
        raise DataError("the penguins table ships with the package "
                        "palmerpenguins: pip install palmerpenguins") from err
    raw = (folder / "penguins-raw.csv").read_bytes()
    table = pd.read_csv(io.BytesIO(raw))
    if (hashlib.sha256(raw).hexdigest() != PENGUINS_SHA256
            or table.shape != PENGUINS_SHAPE):
        raise DataError("penguins-raw.csv is not the expected table: "
                        "pip install palmerpenguins==0.1.6")
    return table


def k_fold_indices(n, k, seed=0):
    """Shuffle range(n) into k folds; yield (train, valid) index arrays."""
    folds = np.array_split(np.random.RandomState(seed).permutation(n), k)
    for i in range(k):
        yield np.concatenate(folds[:i] + folds[i + 1:]), folds[i]
