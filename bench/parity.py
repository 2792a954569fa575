#!/usr/bin/env python3
"""Compare dashost's base detectors with the reference stack (PyOD + scikit-learn) per dataset.

Reads a `dashost bench` runs.csv (config `base`) and the anchor files in ../shared/anchors, and
checks issue 4's parity targets:
  * PCA, OCSVM, ECOD, LOF, KNN: per-dataset AUC-PR (seed 42) within 0.005 of the anchor, on every
    dataset where PyOD's scores are finite;
  * IForest (randomised): mean AUC-PR over datasets (mean over seeds) within 0.02 of the anchors'.
Prints a Markdown report; exits 1 if a target is missed. Standard library only.

usage: parity.py RUNS_CSV [--anchors DIR] [--tolerance 0.005]
"""
import argparse
import collections
import csv
import os
import sys

# PyOD's PCA divides by zero-variance components on these datasets, so its scores are inf/NaN and
# the anchor is not a reference (../shared/design/anchors.md). dashost drops those components.
PCA_NON_FINITE = {"Cardiotocography", "campaign", "cardio", "mnist", "optdigits"}
DETERMINISTIC = ["pca", "ocsvm", "ecod", "lof", "knn"]


def read_anchors(folder):
    """{(detector, dataset, seed): aucpr} for the base detectors."""
    out = {}
    for name in ("llmdas_release_pca_iforest_ecod.csv", "llmdas_release_ocsvm.csv", "llmdas_release_lof.csv"):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row["config"] == "base":
                    out[(row["detector"].lower(), row["dataset"], int(row["seed"]))] = float(row["aucpr"])
    path = os.path.join(folder, "pyod_base_lof_knn.csv")
    if os.path.exists(path):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                out[(row["detector"].lower(), row["dataset"], int(row["seed"]))] = float(row["aucpr"])
    return out


def read_runs(path):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["config"] == "base":
                out[(row["detector"], row["dataset"], int(row["seed"]))] = float(row["aucpr"])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs")
    parser.add_argument("--anchors", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "anchors"))
    parser.add_argument("--tolerance", type=float, default=0.005)
    args = parser.parse_args()
    anchors, runs = read_anchors(args.anchors), read_runs(args.runs)
    failures = 0
    print("# Base detector parity with PyOD\n")
    print(f"runs: `{args.runs}`; anchors: `{os.path.normpath(args.anchors)}`; tolerance {args.tolerance}\n")
    print("| detector | datasets compared | max abs diff | mean dashost | mean PyOD | over tolerance |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    details = []
    for det in DETERMINISTIC:
        diffs = []
        for (d, ds, seed), ref in sorted(anchors.items()):
            if d != det or seed != 42 or (d, ds, 42) not in runs:
                continue
            if det == "pca" and ds in PCA_NON_FINITE:
                continue
            diffs.append((ds, runs[(d, ds, 42)], ref))
        if not diffs:
            print(f"| {det} | 0 | - | - | - | no runs |")
            continue
        over = [(ds, ours, ref) for ds, ours, ref in diffs if abs(ours - ref) > args.tolerance]
        failures += len(over)
        worst = max(abs(o - r) for _, o, r in diffs)
        mean_ours = sum(o for _, o, _ in diffs) / len(diffs)
        mean_ref = sum(r for _, _, r in diffs) / len(diffs)
        listed = ", ".join(f"{ds} {o:.4f} vs {r:.4f}" for ds, o, r in over) or "none"
        print(f"| {det} | {len(diffs)} | {worst:.4f} | {mean_ours:.4f} | {mean_ref:.4f} | {listed} |")
    # IForest: mean over seeds per dataset, then over datasets.
    ours_by_ds, ref_by_ds = collections.defaultdict(list), collections.defaultdict(list)
    for (d, ds, seed), v in runs.items():
        if d == "iforest":
            ours_by_ds[ds].append(v)
    for (d, ds, seed), v in anchors.items():
        if d == "iforest":
            ref_by_ds[ds].append(v)
    common = sorted(set(ours_by_ds) & set(ref_by_ds))
    if common:
        mo = sum(sum(ours_by_ds[ds]) / len(ours_by_ds[ds]) for ds in common) / len(common)
        mr = sum(sum(ref_by_ds[ds]) / len(ref_by_ds[ds]) for ds in common) / len(common)
        ok = abs(mo - mr) <= 0.02
        failures += 0 if ok else 1
        print(f"| iforest (mean over seeds) | {len(common)} | mean diff {abs(mo - mr):.4f} | {mo:.4f} | {mr:.4f} | "
              f"{'none' if ok else 'mean differs by more than 0.02'} |")
    print(f"\n{'all parity targets met' if failures == 0 else f'{failures} parity target(s) missed'}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
