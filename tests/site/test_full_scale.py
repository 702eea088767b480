"""Every modern-CNN network at the full scale, cheaply: the published
network and the full-scale training configuration each take one forward
and backward step on a batch of 2 at the full input size, on the CPU. The
output has one score per class, and the parameter count is the one that
the page printed (its glued network_summary)."""

import pytest
from helpers import BOOK
from mxnet import autograd, nd

import d2l
from book.network_comparison import read_summary
from d2l import scaling

pytestmark = pytest.mark.slow

#: page of modern-cnns/ -> (its row in d2l/scaling.py, the network at a
#: width: the function each page saves).
NETWORKS = {
    "alexnet": ("alexnet", lambda width: d2l.alexnet(width)),
    "vgg": ("vgg", lambda width: d2l.vgg(width=width)),
    "nin": ("nin", lambda width: d2l.nin(width)),
    "googlenet": ("googlenet", lambda width: d2l.googlenet(width)),
    "resnet": ("resnet", lambda width: d2l.resnet18(width)),
    "densenet": ("densenet", lambda width: d2l.densenet(width)),
}


def one_step(net, size):
    """Initialise net, run one forward and backward pass on a batch of 2
    of size x size images; return the output."""
    net.initialize()
    X = nd.random.uniform(shape=(2, 1, size, size))
    with autograd.record():
        y = net(X)
        loss = y.sum()
    loss.backward()
    grads = [p.grad() for p in net.collect_params().values()
             if p.grad_req != "null"]
    assert all(g.shape == p.shape for g, p in zip(
        grads, [p for p in net.collect_params().values()
                if p.grad_req != "null"]))
    return y


@pytest.mark.parametrize("page", sorted(NETWORKS))
def test_the_full_scale_network_steps_and_matches_the_page(page):
    row, build = NETWORKS[page]
    summary = read_summary(BOOK.executed("en") / "modern-cnns" /
                           f"{page}.glue.json")
    assert summary, f"modern-cnns/{page} glues no network_summary"
    size = summary["input_shape"][-1]
    published = build(1)
    assert one_step(published, size).shape == (2, 10)
    assert d2l.num_params(published) == summary["params"]
    full = scaling.SETTINGS[row]["full"]
    assert full.resize == size, "the full scale trains at the published size"
    if full.width != 1:  # VGG trains d2l's narrower variant
        assert one_step(build(full.width), size).shape == (2, 10)
