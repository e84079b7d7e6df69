# tests/sagemaker/sw_sagemaker_torch.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The reference side of the SageMaker tests, run with /usr/bin/python3 and python3-torch:
#
#   sw_sagemaker_torch.py predict MODEL.tar.gz IMAGES-IDX
#       opens the artifact with tarfile as SageMaker's PyTorch serving container does,
#       torch.load()s its model.pth into the PyTorch MNIST example's Net and prints the
#       predicted label of every image, as one line of digits

import gzip
import io
import struct
import sys
import tarfile

import torch
import torch.nn as nn
import torch.nn.functional as F


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


def main():
    if len(sys.argv) != 4 or sys.argv[1] != "predict":
        sys.exit("usage: sw_sagemaker_torch.py predict MODEL.tar.gz IMAGES-IDX")
    with tarfile.open(sys.argv[2], "r:gz") as tar:
        state = torch.load(io.BytesIO(tar.extractfile("model.pth").read()))
    model = Net()
    model.load_state_dict(state)
    model.eval()
    path = sys.argv[3]
    data = (gzip.open if path.endswith(".gz") else open)(path, "rb").read()
    n, rows, cols = struct.unpack(">III", data[4:16])
    images = torch.frombuffer(bytearray(data[16:16 + n * rows * cols]), dtype=torch.uint8)
    x = images.reshape(n, 1, rows, cols).float() / 255.0
    x = (x - 0.1307) / 0.3081
    with torch.no_grad():
        labels = model(x).argmax(dim=1)
    print("".join(str(int(v)) for v in labels))


if __name__ == "__main__":
    main()
