"""Device choice: a GPU when MXNet sees one, else the CPU; forcing works."""

import mxnet as mx
import pytest

from d2l import device


@pytest.fixture
def gpus(monkeypatch):
    """Pretend MXNet sees a given number of GPUs."""
    def set_count(n):
        monkeypatch.setattr(device, "num_gpus", lambda: n)
    return set_count


def test_auto_picks_gpu_when_present(gpus, monkeypatch):
    monkeypatch.delenv(device.DEVICE_ENV, raising=False)
    gpus(2)
    assert device.get_device() == mx.gpu(0)
    gpus(0)
    assert device.get_device() == mx.cpu()


def test_environment_forces_cpu_even_with_a_gpu(gpus, monkeypatch):
    gpus(1)
    monkeypatch.setenv(device.DEVICE_ENV, "cpu")
    assert device.get_device() == mx.cpu()


def test_forced_gpu_without_one_explains_what_to_do(gpus, monkeypatch):
    gpus(0)
    monkeypatch.setenv(device.DEVICE_ENV, "gpu")
    with pytest.raises(device.DeviceError) as err:
        device.get_device()
    message = str(err.value)
    assert "no" in message.lower() and "GPU" in message
    assert "mxnet-cu" in message and "D2L_DEVICE=cpu" in message


def test_argument_overrides_environment(gpus, monkeypatch):
    gpus(1)
    monkeypatch.setenv(device.DEVICE_ENV, "cpu")
    assert device.get_device("gpu") == mx.gpu(0)


def test_unknown_choice_is_rejected(monkeypatch):
    monkeypatch.setenv(device.DEVICE_ENV, "tpu")
    with pytest.raises(device.DeviceError, match="auto, cpu, gpu"):
        device.get_device()


def test_real_mxnet_on_this_machine():
    """The CPU build here sees no GPU; auto falls back to the CPU."""
    if device.num_gpus() > 0:
        assert device.get_device("auto").device_type == "gpu"
    else:
        assert device.get_device("auto") == mx.cpu()
        assert device.describe(mx.cpu()).startswith("CPU: ")
