#!/usr/bin/python3
# benchmarks/train-benchmark.py
#
# Copyright 2026 The Stepwise Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The trainer against python3-torch, side by side on this machine: same data, same
# hyperparameters (the example's: batch 64, test batch 1000, lr 0.01, momentum 0.5), same
# seeds, one run after the other, on 1 and on 2 threads. Data sets: the embedded MNIST
# sample (10,000 digits, 5 epochs) and Debian's dataset-fashion-mnist (70,000 images,
# 3 epochs). Reported per side: training and inference images/s (median over epochs and
# seeds), test accuracy after the last epoch (mean of the seeds), peak memory (largest RSS),
# and for Stepwise the fraction of the FP32 peak that bench-fp32-peak measures.
#
# torch runs with OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=N and torch.set_num_threads(N),
# twice: with the example's per-item loading (torchvision-style) and with whole-set tensors
# (its best case). Ratios are taken against the faster of the two.
#
#   train-benchmark.py --cli build/src/cli/stepwise-cli --peak build/benchmarks/bench-fp32-peak
#                      [--quick] [--json FILE]

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)

# Multiply-adds of one image: forward, and training (forward + backward: weight gradients of
# every layer, input gradients of all but conv1). The usual count of useful work.
FORWARD_MACS = 24 * 24 * 10 * 25 + 8 * 8 * 20 * 250 + 320 * 50 + 50 * 10
TRAIN_MACS = FORWARD_MACS + 24 * 24 * 10 * 25 + 2 * 8 * 8 * 20 * 250 + 2 * 320 * 50 + 2 * 50 * 10


def load_average():
    return os.getloadavg()[0]


def run_json(cmd, env):
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [r for r in rows if r.get("type") == "epoch"], rows[-1]


def summarise(runs):
    epochs = [e for ep, _ in runs for e in ep]
    return {
        "train_images_per_second": statistics.median(e["train_images_per_second"]
                                                     for e in epochs),
        "test_images_per_second": statistics.median(e["test_images_per_second"] for e in epochs),
        "test_accuracy": statistics.mean(ep[-1]["test_accuracy"] for ep, _ in runs),
        "test_accuracies": [ep[-1]["test_accuracy"] for ep, _ in runs],
        "peak_rss_mib": max(done["peak_rss_mib"] for _, done in runs),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--peak")
    p.add_argument("--mnist", default=os.path.join(SOURCE, "data", "mnist"))
    p.add_argument("--fashion", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--quick", action="store_true", help="one seed, the MNIST sample only")
    p.add_argument("--sets", default="mnist-sample,fashion-mnist",
                   help="which data sets, comma-separated")
    p.add_argument("--no-torch", action="store_true")
    p.add_argument("--json", help="also write the results here")
    args = p.parse_args()

    seeds = [int(s) for s in args.seeds.split(",")]
    threads = [int(t) for t in args.threads.split(",")]
    wanted = args.sets.split(",")
    sets = []
    if "mnist-sample" in wanted:
        sets.append(("mnist-sample", args.mnist, 5))
    if "fashion-mnist" in wanted and not args.quick and os.path.isdir(args.fashion):
        sets.append(("fashion-mnist", args.fashion, 3))
    if args.quick:
        seeds = seeds[:1]

    have_torch = not args.no_torch and subprocess.run(
        ["/usr/bin/python3", "-c", "import torch"], stderr=subprocess.DEVNULL).returncode == 0
    if not have_torch:
        print("python3-torch is missing: measuring Stepwise alone", file=sys.stderr)

    peak = None
    if args.peak:
        peak = json.loads(subprocess.run([args.peak], check=True, stdout=subprocess.PIPE,
                                         text=True).stdout)

    results = {"load_average_start": load_average(), "peak": peak, "sets": []}
    print("load average at start: %.2f" % results["load_average_start"])
    if peak:
        print("FP32 peak (%s FMA chains): %.0f GFLOP/s on 1 thread, %.0f on 2"
              % (peak["isa"], peak["gflops_1_thread"], peak["gflops_2_threads"]))

    for name, directory, epochs in sets:
        for t in threads:
            env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS=str(t))
            sides = {"stepwise": [], "torch-example": [], "torch-tensor": []}
            for seed in seeds:
                common = ["--data", directory, "--epochs", str(epochs), "--seed", str(seed),
                          "--threads", str(t), "--format", "json"]
                sides["stepwise"].append(run_json([args.cli, "train"] + common, env))
                if have_torch:
                    for loader in ("example", "tensor"):
                        sides["torch-" + loader].append(run_json(
                            ["/usr/bin/python3", os.path.join(HERE, "torch-mnist.py"),
                             "--loader", loader] + common, env))
            row = {"set": name, "epochs": epochs, "threads": t, "seeds": seeds,
                   "load_average": load_average()}
            for side, runs in sides.items():
                if runs:
                    row[side] = summarise(runs)
            ours = row["stepwise"]
            ours["train_gflops"] = ours["train_images_per_second"] * 2 * TRAIN_MACS / 1e9
            ours["test_gflops"] = ours["test_images_per_second"] * 2 * FORWARD_MACS / 1e9
            if peak:
                top = peak["gflops_1_thread"] if t == 1 else peak["gflops_2_threads"]
                ours["train_fraction_of_peak"] = ours["train_gflops"] / top
                ours["test_fraction_of_peak"] = ours["test_gflops"] / top
            results["sets"].append(row)

            print("\n%s, %d epochs, %d thread%s, seeds %s (load %.2f)"
                  % (name, epochs, t, "s" if t > 1 else "", seeds, row["load_average"]))
            print("  %-14s %12s %12s %10s %9s" % ("", "train img/s", "infer img/s", "accuracy",
                                                  "peak MiB"))
            for side in ("stepwise", "torch-example", "torch-tensor"):
                if side in row:
                    r = row[side]
                    print("  %-14s %12.0f %12.0f %9.2f%% %9.1f"
                          % (side, r["train_images_per_second"], r["test_images_per_second"],
                             100 * r["test_accuracy"], r["peak_rss_mib"]))
            if "torch-tensor" in row:
                best_train = max(row[s]["train_images_per_second"]
                                 for s in ("torch-example", "torch-tensor"))
                best_test = max(row[s]["test_images_per_second"]
                                for s in ("torch-example", "torch-tensor"))
                torch_acc = statistics.mean([row["torch-example"]["test_accuracy"],
                                             row["torch-tensor"]["test_accuracy"]])
                torch_rss = min(row[s]["peak_rss_mib"] for s in ("torch-example", "torch-tensor"))
                row["ratios"] = {
                    "train": ours["train_images_per_second"] / best_train,
                    "inference": ours["test_images_per_second"] / best_test,
                    "accuracy_points": 100 * (ours["test_accuracy"] - torch_acc),
                    "memory": ours["peak_rss_mib"] / torch_rss,
                }
                print("  Stepwise/torch: training %.1f×, inference %.1f×, accuracy %+.2f points, "
                      "memory %.3f×" % (row["ratios"]["train"], row["ratios"]["inference"],
                                        row["ratios"]["accuracy_points"],
                                        row["ratios"]["memory"]))
            if peak:
                print("  Stepwise: %.0f GFLOP/s training (%.0f%% of peak), %.0f GFLOP/s "
                      "inference (%.0f%%)" % (ours["train_gflops"],
                                               100 * ours["train_fraction_of_peak"],
                                               ours["test_gflops"],
                                               100 * ours["test_fraction_of_peak"]))
            sys.stdout.flush()

    results["load_average_end"] = load_average()
    print("\nload average at end: %.2f" % results["load_average_end"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
