# tests/train/sw_torch.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The reference side of the trainer's tests, run with /usr/bin/python3 and python3-torch:
#
#   sw_torch.py init OUTDIR SEED...        torch.manual_seed(SEED); Net() saved as init-SEED.pth
#   sw_torch.py step IN.pth DATA OUT.pth SEED LR MOMENTUM N STEPS
#                                          STEPS SGD steps on batches of N training images in
#                                          file order, dropout masks from torch.manual_seed(SEED);
#                                          prints the losses, saves the weights
#   sw_torch.py evaluate MODEL.pth DATA    prints "LOSS CORRECT TOTAL" on the test set
#   sw_torch.py save-buffer OUT.pth MODEL.pth
#                                          torch.save of MODEL's state dict (an OrderedDict of
#                                          its tensors) into a buffer, written to OUT.pth
#   sw_torch.py train DATA SEED EPOCHS     the example's training; prints one line per epoch:
#                                          "TEST_LOSS CORRECT"
#   sw_torch.py fixtures OUTDIR            writes the files of tests/train/data (see README)

import collections
import gzip
import io
import os
import struct
import sys

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
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(directory, prefix):
    def find(stem):
        for name in (stem, stem + ".gz"):
            path = os.path.join(directory, name)
            if os.path.exists(path):
                return path
        raise FileNotFoundError(stem)
    x = read_idx(find(prefix + "-images-idx3-ubyte"))
    y = read_idx(find(prefix + "-labels-idx1-ubyte"))
    x = torch.from_numpy(x.copy()).unsqueeze(1).float().div(255)
    return x.sub_(0.1307).div_(0.3081), torch.from_numpy(y.astype(np.int64))


def state_of(model):
    return collections.OrderedDict((k, v) for k, v in model.state_dict().items())


def main():
    torch.set_num_threads(1)
    cmd = sys.argv[1]
    if cmd == "init":
        for seed in sys.argv[3:]:
            torch.manual_seed(int(seed))
            torch.save(Net().state_dict(), os.path.join(sys.argv[2], "init-%s.pth" % seed))
    elif cmd == "step":
        src, data, out, seed, lr, momentum, n, steps = sys.argv[2:10]
        n, steps = int(n), int(steps)
        model = Net()
        model.load_state_dict(torch.load(src))
        x, y = load(data, "train")
        optimizer = optim.SGD(model.parameters(), lr=float(lr), momentum=float(momentum))
        torch.manual_seed(int(seed))
        model.train()
        for s in range(steps):
            optimizer.zero_grad()
            loss = F.nll_loss(model(x[s * n:(s + 1) * n]), y[s * n:(s + 1) * n])
            loss.backward()
            optimizer.step()
            print(repr(loss.item()))
        torch.save(model.state_dict(), out)
    elif cmd == "evaluate":
        model = Net()
        model.load_state_dict(torch.load(sys.argv[2]))
        model.eval()
        x, y = load(sys.argv[3], "t10k")
        with torch.no_grad():
            out = model(x)
            loss = F.nll_loss(out, y, reduction="sum").item() / len(y)
            correct = out.argmax(dim=1).eq(y).sum().item()
        print(repr(loss), correct, len(y))
    elif cmd == "save-buffer":
        model = Net()
        model.load_state_dict(torch.load(sys.argv[3]))
        buf = io.BytesIO()
        torch.save(state_of(model), buf)
        with open(sys.argv[2], "wb") as f:
            f.write(buf.getvalue())
    elif cmd == "train":
        data, seed, epochs = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        torch.manual_seed(seed)
        x, y = load(data, "train")
        tx, ty = load(data, "t10k")

        class Batches(torch.utils.data.Dataset):
            def __init__(self, x, y):
                self.x, self.y = x, y

            def __len__(self):
                return len(self.y)

            def __getitem__(self, indices):
                idx = torch.as_tensor(indices)
                return self.x[idx], self.y[idx]

        def loader(ds, batch, shuffle):
            base = (torch.utils.data.RandomSampler(ds) if shuffle
                    else torch.utils.data.SequentialSampler(ds))
            return torch.utils.data.DataLoader(
                ds, sampler=torch.utils.data.BatchSampler(base, batch, False), batch_size=None)

        train_loader = loader(Batches(x, y), 64, True)
        test_loader = loader(Batches(tx, ty), 1000, False)
        model = Net()
        optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
        for epoch in range(epochs):
            model.train()
            for data_, target in train_loader:
                optimizer.zero_grad()
                F.nll_loss(model(data_), target).backward()
                optimizer.step()
            model.eval()
            loss, correct = 0.0, 0
            with torch.no_grad():
                for data_, target in test_loader:
                    out = model(data_)
                    loss += F.nll_loss(out, target, reduction="sum").item()
                    correct += out.argmax(dim=1).eq(target).sum().item()
            print(repr(loss / len(ty)), correct)
    elif cmd == "fixtures":
        out = sys.argv[2]
        torch.manual_seed(5)
        model = Net()
        # As people save models: to a file (entries under "model/"), with _metadata.
        torch.save(model.state_dict(), os.path.join(out, "model.pth"))
        # A training checkpoint: nested state dict of nn.DataParallel keys, pickle protocol 4.
        optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
        state = collections.OrderedDict(("module." + k, v) for k, v in model.state_dict().items())
        torch.save({"epoch": 3, "model_state_dict": state,
                    "optimizer_state_dict": optimizer.state_dict(), "loss": 0.25},
                   os.path.join(out, "checkpoint.pth"), pickle_protocol=4)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
