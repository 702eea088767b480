"""The modern CNNs of part 6, at width 1, are the published networks:
each gives one score per class at its original input size and has the
parameter count of the published layout (counted once, asserted exactly)."""

from mxnet import init, nd

import d2l


def _forward(net, shape):
    net.initialize(init.Xavier())
    return net(nd.random.uniform(shape=(2, *shape)))


def test_nin_shape_and_params():
    net = d2l.nin()
    assert _forward(net, (1, 224, 224)).shape == (2, 10)
    assert d2l.num_params(net) == 1_992_166


def test_nin_width_scales_channels_but_not_classes():
    net = d2l.nin(width=1 / 4)
    assert _forward(net, (1, 96, 96)).shape == (2, 10)
    assert net[0][0].weight.shape == (24, 1, 11, 11)
    assert net[7][0].weight.shape[0] == 10


def test_googlenet_shape_and_params():
    net = d2l.googlenet()
    assert _forward(net, (1, 96, 96)).shape == (2, 10)
    assert d2l.num_params(net) == 5_977_530


def test_googlenet_inception_concatenates_branches():
    blk = d2l.Inception(64, (96, 128), (16, 32), 32)
    blk.initialize()
    assert blk(nd.zeros((2, 192, 28, 28))).shape == (2, 64 + 128 + 32 + 32,
                                                     28, 28)


def test_resnet18_output_shape_and_params():
    net = d2l.resnet18()
    assert _forward(net, (1, 96, 96)).shape == (2, 10)
    assert d2l.num_params(net) == 11_178_378


def test_densenet_output_shape_and_params():
    net = d2l.densenet()
    assert _forward(net, (1, 96, 96)).shape == (2, 10)
    assert d2l.num_params(net) == 758_226


def _check(net, shape, params):
    net.initialize()
    assert net(nd.zeros((2, *shape))).shape == (2, 10)
    assert d2l.num_params(net) == params


def test_alexnet_is_the_published_network():
    # 5 conv + 3 dense layers for 1-channel 224x224 inputs and 10 classes;
    # most of it is the first dense layer (6400 x 4096).
    _check(d2l.alexnet(), (1, 224, 224), 46_764_746)


def test_alexnet_width_scales_channels_and_units():
    net = d2l.alexnet(width=1 / 4)
    net.initialize()
    net(nd.zeros((1, 1, 68, 68)))  # the smallest sizes reach a 1x1 map
    assert net[0].weight.shape == (24, 1, 11, 11)
    assert net[8].weight.shape[0] == 1024


def test_vgg_is_vgg11():
    # VGG-11: blocks (1, 64), (1, 128), (2, 256), (2, 512), (2, 512).
    net = d2l.vgg()
    _check(net, (1, 224, 224), 128_806_154)
    convs = [len(block) - 1 for block in list(net)[:5]]
    assert convs == [1, 1, 2, 2, 2]


def test_vgg_width_scales_every_block():
    net = d2l.vgg(width=1 / 8)
    net.initialize()
    net(nd.zeros((1, 1, 32, 32)))
    assert [net[i][0].weight.shape[0] for i in range(5)] == [8, 16, 32, 64, 64]
