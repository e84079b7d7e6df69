#!/usr/bin/python3
# benchmarks/torch-mnist.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The reference side of the trainer benchmark: the network and training loop of the PyTorch
# MNIST example that SageMaker pipelines start from (mnist.py of the SageMaker PyTorch
# examples: Net with conv2_drop, SGD with momentum, nll_loss), run with Debian's python3-torch
# on IDX files read without torchvision. It prints the example's log lines, or with
# --format json one object per epoch with the same fields as `stepwise-cli train --format json`.
#
# --loader example   per-item loading as torchvision's MNIST + ToTensor + Normalize do it
# --loader tensor    the whole set normalised once, batches sliced from it (torch's best case)
#
# Both loaders consume the global generator exactly as torch.utils.data.DataLoader does
# (a base seed, then the RandomSampler's seed, then the dropout masks), so with the same seed
# the C trainer sees the same shuffles, the same dropout masks and the same initial weights.
#
# Run it with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=N; --threads N calls
# torch.set_num_threads(N).

import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find_idx(directory, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(os.path.join(directory, stem))


def load_split(directory, prefix):
    images = read_idx(find_idx(directory, prefix + "-images-idx3-ubyte"))
    labels = read_idx(find_idx(directory, prefix + "-labels-idx1-ubyte"))
    return images, labels


class ExampleDataset(torch.utils.data.Dataset):
    """What torchvision.datasets.MNIST with ToTensor() and Normalize() does per item."""

    def __init__(self, images, labels):
        self.images = torch.from_numpy(images.copy())
        self.labels = torch.from_numpy(labels.astype(np.int64))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        img = self.images[index].unsqueeze(0).float().div(255)
        img = img.sub_(0.1307).div_(0.3081)
        return img, int(self.labels[index])


class TensorBatches(torch.utils.data.Dataset):
    """The whole set normalised once; __getitem__ takes a list of indices."""

    def __init__(self, images, labels):
        x = torch.from_numpy(images.copy()).unsqueeze(1).float().div(255)
        self.images = x.sub_(0.1307).div_(0.3081)
        self.labels = torch.from_numpy(labels.astype(np.int64))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, indices):
        idx = torch.as_tensor(indices)
        return self.images[idx], self.labels[idx]


def make_loader(kind, images, labels, batch_size, shuffle):
    if kind == "example":
        return torch.utils.data.DataLoader(ExampleDataset(images, labels),
                                           batch_size=batch_size, shuffle=shuffle)
    ds = TensorBatches(images, labels)
    base = (torch.utils.data.RandomSampler(ds) if shuffle
            else torch.utils.data.SequentialSampler(ds))
    sampler = torch.utils.data.BatchSampler(base, batch_size, drop_last=False)
    return torch.utils.data.DataLoader(ds, sampler=sampler, batch_size=None)


def train(args, model, loader, optimizer, epoch, n, out):
    model.train()
    losses = 0.0
    seen = 0
    for batch_idx, (data, target) in enumerate(loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        losses += loss.item() * len(data)
        seen += len(data)
        if batch_idx % args.log_interval == 0 and args.format == "text":
            print("Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                epoch, batch_idx * len(data), n, 100. * batch_idx / len(loader), loss.item()),
                file=out, flush=True)
    return losses / seen


def test(model, loader, n):
    model.eval()
    test_loss = 0.0
    correct = 0
    with torch.no_grad():
        for data, target in loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            pred = output.argmax(dim=1)
            correct += pred.eq(target).sum().item()
    return test_loss / n, correct


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--test-batch-size", type=int, default=1000)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--log-interval", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--loader", choices=("example", "tensor"), default="example")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--save", help="write the final state dict here with torch.save")
    p.add_argument("--load", help="start from this state dict instead of a fresh Net()")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x, train_y = load_split(args.data, "train")
    test_x, test_y = load_split(args.data, "t10k")
    train_loader = make_loader(args.loader, train_x, train_y, args.batch_size, True)
    test_loader = make_loader(args.loader, test_x, test_y, args.test_batch_size, False)

    model = Net()
    if args.load:
        model.load_state_dict(torch.load(args.load))
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)

    out = sys.stdout
    start = time.monotonic()
    for epoch in range(1, args.epochs + 1):
        t0 = time.monotonic()
        train_loss = train(args, model, train_loader, optimizer, epoch, len(train_y), out)
        t1 = time.monotonic()
        test_loss, correct = test(model, test_loader, len(test_y))
        t2 = time.monotonic()
        if args.format == "text":
            print("\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
                test_loss, correct, len(test_y), 100. * correct / len(test_y)),
                file=out, flush=True)
        else:
            print(json.dumps({
                "type": "epoch",
                "epoch": epoch,
                "train_loss": train_loss,
                "test_loss": test_loss,
                "test_accuracy": correct / len(test_y),
                "test_correct": correct,
                "test_total": len(test_y),
                "train_images_per_second": len(train_y) / (t1 - t0),
                "test_images_per_second": len(test_y) / (t2 - t1),
                "seconds": t2 - t0,
            }), file=out, flush=True)
    if args.save:
        state = OrderedDict((k, v) for k, v in model.state_dict().items())
        torch.save(state, args.save)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.format == "json":
        print(json.dumps({"type": "done", "seconds": time.monotonic() - start,
                          "peak_rss_mib": peak_kib / 1024.0,
                          "torch": torch.__version__, "threads": torch.get_num_threads()}),
              file=out, flush=True)


if __name__ == "__main__":
    main()
