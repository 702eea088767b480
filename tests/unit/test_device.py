"""Device choice: a usable GPU when there is one, else the CPU, said clearly.

There is no GPU here, so the GPU cases fake what MXNet reports: how many
GPUs it sees, and whether a kernel runs on one. Compute capability 9.0
(an H100) is the case that matters: MXNet 1.9.1 sees the card but has no
kernel image for it.
"""

import mxnet as mx
import pytest

from d2l import device

#: What the CUDA runtime says when a wheel has no code for the card.
NO_KERNEL = ("Check failed: e == cudaSuccess (209 vs. 0) : "
             "CUDA: no kernel image is available for execution on the device")
H100 = "NVIDIA H100 80GB HBM3 (compute capability 9.0)"


@pytest.fixture(autouse=True)
def fresh_probe(monkeypatch):
    """Forget cached probes and the environment between tests."""
    monkeypatch.delenv(device.DEVICE_ENV, raising=False)
    device.gpu_problem.cache_clear()
    device._announce_cpu_fallback.cache_clear()
    yield
    device.gpu_problem.cache_clear()
    device._announce_cpu_fallback.cache_clear()


@pytest.fixture
def fake_gpus(monkeypatch):
    """Pretend MXNet sees ``count`` GPUs on which ``ones`` fails or works."""
    def install(count, kernel_error=None, name=H100):
        monkeypatch.setattr(device, "num_gpus", lambda: count)
        monkeypatch.setattr(device, "gpu_model", lambda index=0: name)
        real_ones = mx.nd.ones

        def ones(shape, ctx=None, **kwargs):
            if ctx is not None and ctx.device_type == "gpu":
                if kernel_error:
                    raise mx.base.MXNetError(
                        'Traceback (most recent call last):\n  File '
                        '"../src/common/cuda/utils.h", line 42\n'
                        f"MXNetError: {kernel_error}")
                return real_ones(shape, ctx=mx.cpu(), **kwargs)
            return real_ones(shape, ctx=ctx, **kwargs)
        monkeypatch.setattr(mx.nd, "ones", ones)
    return install


def test_auto_uses_a_working_gpu(fake_gpus):
    fake_gpus(2)
    assert device.get_device() == mx.gpu(0)
    assert device.try_all_gpus() == [mx.gpu(0), mx.gpu(1)]


def test_auto_falls_back_with_one_line_naming_card_and_limit(fake_gpus, capsys):
    fake_gpus(1, kernel_error=NO_KERNEL)
    assert device.get_device() == mx.cpu()
    assert device.get_device() == mx.cpu()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, "the fallback is announced once per process"
    assert "H100" in lines[0] and "9.0" in lines[0]
    assert "no kernel image" in lines[0] and "5.0-8.9" in lines[0]
    assert device.try_all_gpus() == [mx.cpu()]


def test_forced_gpu_that_cannot_run_kernels_fails_with_the_reason(
        fake_gpus, monkeypatch):
    fake_gpus(1, kernel_error=NO_KERNEL)
    monkeypatch.setenv(device.DEVICE_ENV, "gpu")
    with pytest.raises(device.DeviceError) as err:
        device.get_device()
    message = str(err.value)
    assert "H100" in message and "5.0-8.9" in message
    assert "Hopper" in message and "D2L_DEVICE=cpu" in message
    assert "Traceback" not in message


def test_forced_gpu_without_one_explains_what_to_do(fake_gpus, monkeypatch):
    fake_gpus(0)
    monkeypatch.setenv(device.DEVICE_ENV, "gpu")
    with pytest.raises(device.DeviceError) as err:
        device.get_device()
    message = str(err.value)
    assert "sees none" in message and "nvidia-smi" in message
    assert "GPU=1" in message and "D2L_DEVICE=cpu" in message


def test_cpu_is_chosen_without_touching_the_gpu(fake_gpus, monkeypatch):
    fake_gpus(1, kernel_error=NO_KERNEL)
    monkeypatch.setenv(device.DEVICE_ENV, "cpu")
    assert device.get_device() == mx.cpu()
    assert device.gpu_problem.cache_info().currsize == 0
    # An explicit argument wins over the environment.
    assert device.get_device("auto") == mx.cpu()


def test_unknown_choice_is_rejected(monkeypatch):
    monkeypatch.setenv(device.DEVICE_ENV, "tpu")
    with pytest.raises(device.DeviceError, match="auto, cpu, gpu"):
        device.get_device()


def test_the_real_probe_reports_why_this_cpu_build_cannot_use_a_gpu():
    """MXNet's own error, reduced to its reason line, with no traceback."""
    problem = device.gpu_problem(0)
    assert problem is not None
    assert "Traceback" not in problem and "File " not in problem
    assert "GPU" in problem


def test_error_summary_keeps_the_reason():
    err = mx.base.MXNetError('Traceback (most recent call last):\n'
                             '  File "x.cc", line 1\n'
                             f"MXNetError: {NO_KERNEL}")
    assert device.error_summary(err) == NO_KERNEL
