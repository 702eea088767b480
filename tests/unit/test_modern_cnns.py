"""The modern CNNs of part 6 at their published size (width 1): the output
shape for a batch of 2 at the original input size, and the exact number of
trainable parameters (counted once with d2l.num_params)."""

from mxnet import nd

import d2l


def _forward(net, shape):
    net.initialize()
    return net(nd.random.uniform(shape=(2, *shape)))


def test_resnet18_output_shape_and_params():
    net = d2l.resnet18()
    assert _forward(net, (1, 96, 96)).shape == (2, 10)
    assert d2l.num_params(net) == 11_178_378


def test_densenet_output_shape_and_params():
    net = d2l.densenet()
    assert _forward(net, (1, 96, 96)).shape == (2, 10)
    assert d2l.num_params(net) == 758_226
