"""The modern convolutional networks of the "Modern CNNs" part.

Each network function takes a width multiplier: channel counts (and hidden
dense units) are multiplied by ``width`` and rounded, at least 1; width 1
is the published network. The cells tagged ``save`` on the part's pages
hold the same code.
"""

from mxnet.gluon import nn


# Residual networks (ResNet)
class Residual(nn.HybridBlock):
    """Two 3x3 conv/BN layers whose output is added to the block's input;
    a 1x1 convolution on the shortcut matches channels and stride."""

    def __init__(self, num_channels, use_1x1conv=False, strides=1,
                 **kwargs):
        super().__init__(**kwargs)
        self.conv1 = nn.Conv2D(num_channels, kernel_size=3, padding=1,
                               strides=strides)
        self.conv2 = nn.Conv2D(num_channels, kernel_size=3, padding=1)
        self.conv3 = (nn.Conv2D(num_channels, kernel_size=1,
                                strides=strides) if use_1x1conv else None)
        self.bn1 = nn.BatchNorm()
        self.bn2 = nn.BatchNorm()

    def hybrid_forward(self, F, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3 is not None:
            X = self.conv3(X)
        return F.relu(Y + X)


def resnet_block(num_channels, num_residuals, first_block=False):
    """Return a ResNet stage: residual blocks, the first of which halves
    height and width and changes the channels (except in the first
    stage)."""
    blk = nn.HybridSequential()
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.add(Residual(num_channels, use_1x1conv=True, strides=2))
        else:
            blk.add(Residual(num_channels))
    return blk


def resnet18(width=1, num_classes=10):
    """Return ResNet-18: a 7x7 stem, four stages of two residual blocks
    (64, 128, 256, 512 channels times width), global average pooling and
    a dense output layer."""
    c = [max(1, round(n * width)) for n in (64, 128, 256, 512)]
    net = nn.HybridSequential()
    net.add(nn.Conv2D(c[0], kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    net.add(resnet_block(c[0], 2, first_block=True),
            resnet_block(c[1], 2), resnet_block(c[2], 2),
            resnet_block(c[3], 2))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(num_classes))
    return net


# Densely connected networks (DenseNet)
def bn_relu_conv(num_channels):
    """Return DenseNet's convolution unit: batch norm, ReLU, 3x3 conv."""
    blk = nn.HybridSequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(num_channels, kernel_size=3, padding=1))
    return blk


class DenseBlock(nn.HybridBlock):
    """num_convs BN-ReLU-conv units; each one's input is the block's input
    concatenated with the outputs of all units before it."""

    def __init__(self, num_convs, growth_rate, **kwargs):
        super().__init__(**kwargs)
        self.net = nn.HybridSequential()
        for _ in range(num_convs):
            self.net.add(bn_relu_conv(growth_rate))

    def hybrid_forward(self, F, X):
        for blk in self.net:
            Y = blk(X)
            X = F.concat(X, Y, dim=1)
        return X


def transition_block(num_channels):
    """Return a transition layer: BN, ReLU, 1x1 conv to num_channels and
    2x2 average pooling that halves height and width."""
    blk = nn.HybridSequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(num_channels, kernel_size=1),
            nn.AvgPool2D(pool_size=2, strides=2))
    return blk


def densenet(width=1, num_classes=10):
    """Return DenseNet: a 7x7 stem, four dense blocks of 4 convolutions
    (growth rate 32 times width) joined by transitions that halve the
    channels, then BN, ReLU, global average pooling and a dense layer."""
    num_channels = max(1, round(64 * width))
    growth_rate = max(1, round(32 * width))
    net = nn.HybridSequential()
    net.add(nn.Conv2D(num_channels, kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    num_convs_in_dense_blocks = [4, 4, 4, 4]
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        net.add(DenseBlock(num_convs, growth_rate))
        num_channels += num_convs * growth_rate
        if i != len(num_convs_in_dense_blocks) - 1:
            num_channels //= 2
            net.add(transition_block(num_channels))
    net.add(nn.BatchNorm(), nn.Activation('relu'), nn.GlobalAvgPool2D(),
            nn.Dense(num_classes))
    return net
