#!/usr/bin/python3
"""The PyTorch side of nclab's comparison (scripts/compare-pytorch.sh, docs/performance.md).

Builds the two reference networks exactly as configs/bench/cnn.toml and configs/bench/resnet8.toml
build them in nclab, reads Fashion-MNIST's IDX files into memory (pixels / 255, as nclab's `idx`
dataset does) and either

  speed:    times a fixed number of SGD steps (after warm-up steps) and prints `img/s <rate>`, or
  accuracy: trains whole epochs with nclab's cosine schedule and prints the test accuracy.

Same optimizer as nclab's `sgd` (PyTorch's formulation: momentum 0.9, L2 weight decay on every
parameter), same initialisation (He truncated normal for convolutions, Glorot uniform for the
classifier, zero bias), batch-norm epsilon 1e-5 and momentum 0.1, mean cross-entropy.
"""
import argparse
import gzip
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(folder, prefix):
    images = read_idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)  # N, 1, 28, 28
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


def cnn():
    """conv 1->64, conv 64->64, pool, conv 64->128, pool, GAP, linear 128->10: 112,970 params."""
    return nn.Sequential(
        conv3x3(1, 64), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
        conv3x3(64, 64), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(2),
        conv3x3(64, 128), nn.BatchNorm2d(128), nn.ReLU(inplace=True), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv3x3(cout, cout)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Identity()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x), inplace=True)


def resnet8():
    """stem 1->16, blocks 16/32/64 with strides 1/2/2, GAP, linear 64->10: 77,754 params."""
    return nn.Sequential(
        conv3x3(1, 16), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
        BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


NETWORKS = {"cnn": (cnn, 112_970), "resnet8": (resnet8, 77_754)}


def initialise(model):
    """nclab's initialisers: He truncated normal (TF's variance scaling), Glorot uniform, zeros."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            fan_in = m.in_channels * m.kernel_size[0] * m.kernel_size[1]
            std = math.sqrt(2.0 / fan_in) / 0.87962566103423978
            nn.init.trunc_normal_(m.weight, std=std, a=-2 * std, b=2 * std)
        elif isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def build(name, layout, seed):
    torch.manual_seed(seed)
    factory, expected = NETWORKS[name]
    model = factory()
    initialise(model)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if params != expected:
        sys.exit(f"error: {name} has {params} parameters, expected {expected}")
    if layout == "channels_last":
        model = model.to(memory_format=torch.channels_last)
    return model


def optimizer(model, lr):
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4)


def to_layout(x, layout):
    return x.contiguous(memory_format=torch.channels_last) if layout == "channels_last" else x


def train_step(model, opt, x, y):
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()  # nclab reads its loss back every step too


def speed(args):
    x_train, y_train = load_split(args.data, "train")
    model = build(args.net, args.layout, args.seed)
    model.train()
    opt = optimizer(model, args.lr)
    generator = torch.Generator().manual_seed(args.seed)
    order = torch.randperm(x_train.shape[0], generator=generator)
    b = args.batch

    def run(steps, offset):
        for s in range(steps):
            idx = order[(offset + s) * b % (order.numel() - b):][:b]
            train_step(model, opt, to_layout(x_train[idx], args.layout), y_train[idx])

    run(args.warmup, 0)
    start = time.perf_counter()
    run(args.steps, args.warmup)
    seconds = time.perf_counter() - start
    print(f"img/s {args.steps * b / seconds:.1f}")


def cosine_rate(base, epochs, progress):
    """nclab's cosine schedule without warm-up, evaluated per step at (epoch - 1 + batch / steps)."""
    done = min(max(progress, 0.0), epochs) / epochs
    return base * 0.5 * (1 + math.cos(math.pi * done))


def accuracy(args):
    x_train, y_train = load_split(args.data, "train")
    x_test, y_test = load_split(args.data, "t10k")
    model = build(args.net, args.layout, args.seed)
    opt = optimizer(model, args.lr)
    generator = torch.Generator().manual_seed(args.seed)
    n, b = x_train.shape[0], args.batch
    steps = (n + b - 1) // b  # the last, smaller batch is trained too, as in nclab
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(n, generator=generator)
        start, loss_sum = time.perf_counter(), 0.0
        for s in range(steps):
            for group in opt.param_groups:
                group["lr"] = cosine_rate(args.lr, args.epochs, epoch - 1 + s / steps)
            idx = order[s * b:(s + 1) * b]
            loss_sum += train_step(model, opt, to_layout(x_train[idx], args.layout), y_train[idx]) * idx.numel()
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, x_test.shape[0], 1000):
                logits = model(to_layout(x_test[i:i + 1000], args.layout))
                correct += (logits.argmax(1) == y_test[i:i + 1000]).sum().item()
        test_acc = correct / x_test.shape[0]
        print(f"epoch {epoch}/{args.epochs}  loss {loss_sum / n:.4f}  test acc {test_acc:.4f}  "
              f"{n / seconds:.0f} img/s  {seconds:.1f} s", flush=True)
    print(f"test accuracy {test_acc:.4f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["speed", "accuracy"])
    p.add_argument("--net", choices=sorted(NETWORKS), default="cnn")
    p.add_argument("--layout", choices=["default", "channels_last"], default="default")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=60, help="speed: timed steps")
    p.add_argument("--warmup", type=int, default=10, help="speed: untimed steps first")
    p.add_argument("--epochs", type=int, default=3, help="accuracy: epochs")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if not os.path.isdir(args.data):
        sys.exit(f"error: no Fashion-MNIST at {args.data}; apt-get install dataset-fashion-mnist")
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    speed(args) if args.mode == "speed" else accuracy(args)


if __name__ == "__main__":
    main()
