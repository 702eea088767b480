"""The modern convolutional networks of the part "Modern convolutional
neural networks".

Each network function takes a width multiplier: channel counts (and hidden
dense units) are multiplied by it and rounded, at least 1; width 1 is the
published network. Each page's cell tagged ``save`` holds the same code.
"""

from mxnet.gluon import nn


# AlexNet ("Deep convolutional neural networks (AlexNet)")
def alexnet(width=1):
    """Return AlexNet for 1-channel images and 10 classes: five conv
    layers, three max-pooling layers, two dense layers with dropout."""
    def c(n):
        return max(1, round(n * width))
    net = nn.HybridSequential()
    net.add(nn.Conv2D(c(96), kernel_size=11, strides=4, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Conv2D(c(256), kernel_size=5, padding=2, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Conv2D(c(384), kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(c(384), kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(c(256), kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


# VGG ("Networks using blocks (VGG)")
def vgg_block(num_convs, num_channels):
    """Return a VGG block: num_convs 3x3 conv layers (padding 1, ReLU)
    with num_channels each, then a 2x2 max pooling of stride 2."""
    blk = nn.HybridSequential()
    for _ in range(num_convs):
        blk.add(nn.Conv2D(num_channels, kernel_size=3, padding=1,
                          activation='relu'))
    blk.add(nn.MaxPool2D(pool_size=2, strides=2))
    return blk


def vgg(conv_arch=((1, 64), (1, 128), (2, 256), (2, 512), (2, 512)),
        width=1):
    """Return a VGG network, one block per (num_convs, num_channels) of
    conv_arch (by default VGG-11), then three dense layers."""
    def c(n):
        return max(1, round(n * width))
    net = nn.HybridSequential()
    for num_convs, num_channels in conv_arch:
        net.add(vgg_block(num_convs, c(num_channels)))
    net.add(nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(c(4096), activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


# NiN: taught in "Network in network (NiN)".
def nin_block(num_channels, kernel_size, strides, padding):
    """Return a NiN block: a convolution and two 1x1 convolutions, each
    followed by ReLU."""
    blk = nn.HybridSequential()
    blk.add(nn.Conv2D(num_channels, kernel_size, strides, padding,
                      activation='relu'),
            nn.Conv2D(num_channels, kernel_size=1, activation='relu'),
            nn.Conv2D(num_channels, kernel_size=1, activation='relu'))
    return blk


def nin(width=1):
    """Return NiN for 10 classes: four NiN blocks, max pooling, global
    average pooling; width scales the channels of the first three."""
    def c(n):
        return max(1, round(n * width))
    net = nn.HybridSequential()
    net.add(nin_block(c(96), kernel_size=11, strides=4, padding=0),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(c(256), kernel_size=5, strides=1, padding=2),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(c(384), kernel_size=3, strides=1, padding=1),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Dropout(0.5),
            nin_block(10, kernel_size=3, strides=1, padding=1),
            nn.GlobalAvgPool2D(),
            nn.Flatten())
    return net


# GoogLeNet: taught in "Networks with parallel concatenations (GoogLeNet)".
class Inception(nn.HybridBlock):
    """Four parallel branches whose outputs are concatenated on the
    channel axis: 1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max pool then 1x1."""

    def __init__(self, c1, c2, c3, c4, **kwargs):
        super().__init__(**kwargs)
        self.p1_1 = nn.Conv2D(c1, kernel_size=1, activation='relu')
        self.p2_1 = nn.Conv2D(c2[0], kernel_size=1, activation='relu')
        self.p2_2 = nn.Conv2D(c2[1], kernel_size=3, padding=1,
                              activation='relu')
        self.p3_1 = nn.Conv2D(c3[0], kernel_size=1, activation='relu')
        self.p3_2 = nn.Conv2D(c3[1], kernel_size=5, padding=2,
                              activation='relu')
        self.p4_1 = nn.MaxPool2D(pool_size=3, strides=1, padding=1)
        self.p4_2 = nn.Conv2D(c4, kernel_size=1, activation='relu')

    def hybrid_forward(self, F, x):
        p1 = self.p1_1(x)
        p2 = self.p2_2(self.p2_1(x))
        p3 = self.p3_2(self.p3_1(x))
        p4 = self.p4_2(self.p4_1(x))
        return F.concat(p1, p2, p3, p4, dim=1)


def googlenet(width=1):
    """Return GoogLeNet for 10 classes: a stem (stages 1 and 2), nine
    Inception blocks in stages 3 to 5, global average pooling, one dense
    layer; width scales every channel count."""
    def c(*ns):
        ns = [max(1, round(n * width)) for n in ns]
        return ns[0] if len(ns) == 1 else tuple(ns)

    def inception(c1, c2, c3, c4):
        return Inception(c(c1), c(*c2), c(*c3), c(c4))
    b1 = nn.HybridSequential()
    b1.add(nn.Conv2D(c(64), kernel_size=7, strides=2, padding=3,
                     activation='relu'),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b2 = nn.HybridSequential()
    b2.add(nn.Conv2D(c(64), kernel_size=1, activation='relu'),
           nn.Conv2D(c(192), kernel_size=3, padding=1, activation='relu'),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b3 = nn.HybridSequential()
    b3.add(inception(64, (96, 128), (16, 32), 32),
           inception(128, (128, 192), (32, 96), 64),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b4 = nn.HybridSequential()
    b4.add(inception(192, (96, 208), (16, 48), 64),
           inception(160, (112, 224), (24, 64), 64),
           inception(128, (128, 256), (24, 64), 64),
           inception(112, (144, 288), (32, 64), 64),
           inception(256, (160, 320), (32, 128), 128),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b5 = nn.HybridSequential()
    b5.add(inception(256, (160, 320), (32, 128), 128),
           inception(384, (192, 384), (48, 128), 128),
           nn.GlobalAvgPool2D())
    net = nn.HybridSequential()
    net.add(b1, b2, b3, b4, b5, nn.Dense(10))
    return net


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
