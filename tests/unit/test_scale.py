"""The training scale (d2l/scaling.py, book/training_scale.py), the
network measurements (d2l/model_size.py) and the line under each executed
page's title (book/page_cost.py)."""

import os
from types import SimpleNamespace

import pytest
from mxnet.gluon import nn
from sphinx.errors import ConfigError

import d2l
from book import executor, training_scale
from book.notebooks import readers_notebook
from book.page_cost import cost_sentence
from d2l import scaling
from d2l.runinfo import Provenance


def test_the_scale_defaults_to_cpu_and_full_is_one_variable(monkeypatch):
    monkeypatch.delenv("D2L_SCALE", raising=False)
    assert d2l.scale() == "cpu"
    monkeypatch.setenv("D2L_SCALE", " Full ")
    assert d2l.scale() == "full"
    cfg = d2l.scale_settings("resnet")
    assert cfg.scale == "full" and cfg.num_train == 60000 and cfg.resize == 96


def test_a_mistyped_scale_says_which_ones_exist(monkeypatch):
    monkeypatch.setenv("D2L_SCALE", "gpu")
    with pytest.raises(d2l.ScaleError, match="D2L_SCALE=cpu .* D2L_SCALE=full"):
        d2l.scale()
    with pytest.raises(KeyError, match="alexnet"):
        scaling.SETTINGS["alexnet"] and d2l.scale_settings("lenet5")


def test_every_network_is_smaller_at_the_cpu_scale():
    for network, by_scale in scaling.SETTINGS.items():
        cpu, full = by_scale["cpu"], by_scale["full"]
        assert cpu.resize <= full.resize and cpu.width <= 1, network
        assert cpu.num_train < full.num_train == 60000, network
        assert full.num_test == 10000 and full.num_epochs == 10, network
        assert str(cpu).startswith("cpu scale: "), network


def test_the_scale_is_part_of_the_cache_key_and_not_of_a_download(monkeypatch):
    config = SimpleNamespace(d2l_scale="full")
    monkeypatch.setenv("D2L_SCALE", "cpu")
    training_scale._apply(None, config)
    try:
        notebook = {"metadata": {"kernelspec": {"name": "python3"}}, "cells": []}
        executor.add_helpers_key(notebook)
        assert notebook["metadata"]["kernelspec"]["d2l_scale"] == "full"
        assert os.environ["D2L_SCALE"] == "full"  # what the kernels inherit
        assert readers_notebook(notebook)["metadata"]["kernelspec"] == {
            "name": "python3"}
    finally:
        training_scale._apply(None, SimpleNamespace(d2l_scale="cpu"))


def test_a_bad_scale_stops_the_build_with_the_choices():
    with pytest.raises(ConfigError, match="is not a scale"):
        training_scale._apply(None, SimpleNamespace(d2l_scale="huge"))


def test_sizes_of_a_small_network():
    net = nn.Sequential()
    net.add(nn.Conv2D(6, kernel_size=5, padding=2), nn.MaxPool2D(2),
            nn.BatchNorm(), nn.Dense(10))
    net.initialize()
    # conv: 6*1*25 + 6; batch norm: gamma and beta (its moving averages
    # are not trained); dense: 6*14*14*10 + 10.
    macs = 28 * 28 * 6 * 25 + 10 * 6 * 14 * 14
    assert d2l.num_macs(net, (1, 28, 28)) == macs
    # The hooks of the first count are gone: a second counts the same.
    assert d2l.num_macs(net, (1, 28, 28)) == macs
    assert d2l.num_params(net) == 156 + 12 + 11770


def test_layer_shapes_prints_one_line_per_layer(capsys):
    net = nn.Sequential()
    net.add(nn.Conv2D(4, kernel_size=3), nn.GlobalAvgPool2D())
    net.initialize()
    d2l.layer_shapes(net, (1, 8, 8))
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["            Conv2D output shape: (1, 4, 6, 6)",
                     "   GlobalAvgPool2D output shape: (1, 4, 1, 1)"]


def test_provenance_records_the_scale_only_of_pages_that_ask(monkeypatch):
    monkeypatch.setattr(scaling, "_asked", False)
    assert "scale" not in d2l.provenance().record
    monkeypatch.delenv("D2L_SCALE", raising=False)
    d2l.scale()
    assert d2l.provenance().record["scale"] == "cpu"
    assert "cpu scale" in repr(Provenance("1.9.1", "CPU", "3.11", "d", "cpu"))


@pytest.mark.parametrize("lang,status,record,line", [
    ("en", "executed", {"device": "CPU: AMD EPYC (2 cores)"},
     "CPU · 41 s on this build"),
    ("en", "cached", {"device": "GPU: NVIDIA L4", "scale": "full"},
     "GPU · 41 s (from the execution cache) · full scale"),
    ("zh", "executed", {"device": "CPU: x", "scale": "cpu"},
     "CPU · 本次构建用时 41 秒 · CPU 规模；完整规模建议使用 GPU"),
])
def test_the_cost_line_says_device_time_and_scale(lang, status, record, line):
    assert cost_sentence(lang, status, 40.6, record) == line
