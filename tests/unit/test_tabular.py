"""d2l.tabular: the packaged penguins table and K-fold splits."""

import importlib
import importlib.resources

import numpy as np
import pytest

import d2l

T = importlib.import_module("d2l.tabular")


def test_exported_from_the_package():
    for name in ("load_penguins", "k_fold_indices"):
        assert getattr(d2l, name) is getattr(T, name)


def test_penguins_table_is_read_from_the_installed_package():
    table = d2l.load_penguins()
    assert table.shape == (344, 17)
    # The facts the practice page relies on: two penguins without a body
    # mass, and real missing values in a categorical and numeric columns.
    assert table["Body Mass (g)"].isna().sum() == 2
    kept = table[table["Body Mass (g)"].notna()]
    assert kept["Sex"].isna().sum() == 9
    assert kept["Delta 15 N (o/oo)"].isna().sum() == 12
    assert kept["Delta 13 C (o/oo)"].isna().sum() == 11
    assert sorted(kept["Island"].unique()) == ["Biscoe", "Dream", "Torgersen"]
    assert 2700 <= kept["Body Mass (g)"].min() < kept["Body Mass (g)"].max() <= 6300


def test_missing_package_says_what_to_install(monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(importlib.resources, "files", missing)
    with pytest.raises(d2l.DataError, match="pip install palmerpenguins"):
        d2l.load_penguins()


def test_a_different_table_is_rejected(monkeypatch, tmp_path):
    (tmp_path / "penguins-raw.csv").write_text("a,b\n1,2\n")
    monkeypatch.setattr(importlib.resources, "files",
                        lambda name: _Folder(tmp_path))
    with pytest.raises(d2l.DataError, match="palmerpenguins==0.1.6"):
        d2l.load_penguins()


class _Folder:
    """Stands in for the package root; `/ "data"` is tmp_path itself."""

    def __init__(self, path):
        self.path = path

    def __truediv__(self, name):
        return self.path


@pytest.mark.parametrize("n,k", [(10, 5), (342, 5), (273, 5), (7, 3)])
def test_k_fold_indices_partition_the_examples(n, k):
    splits = list(d2l.k_fold_indices(n, k))
    assert len(splits) == k
    valid = np.concatenate([v for _, v in splits])
    assert sorted(valid) == list(range(n))  # each example validated once
    sizes = [len(v) for _, v in splits]
    assert max(sizes) - min(sizes) <= 1  # nearly equal folds
    for train, v in splits:
        assert len(np.intersect1d(train, v)) == 0
        assert sorted(np.concatenate([train, v])) == list(range(n))


def test_k_fold_indices_shuffle_reproducibly():
    first = [v.tolist() for _, v in d2l.k_fold_indices(20, 4, seed=0)]
    again = [v.tolist() for _, v in d2l.k_fold_indices(20, 4, seed=0)]
    other = [v.tolist() for _, v in d2l.k_fold_indices(20, 4, seed=1)]
    assert first == again
    assert first != other
    assert first[0] != list(range(5))  # not the original order
