#!/usr/bin/env python3
"""Summaries for issue 19 (does the detector's own policy beat generic noise?).

  summarize.py measures AWARENESS.csv [--variant V]   `dashost awareness` output: per detector and
      configuration the means over data sets of the synthetic rows' measures (how hard, how far, how
      learnable) and of the AUC-PRs.
  summarize.py compare RUNS.csv[,RUNS2.csv...]|AWARENESS.csv [--own CONFIG] [--variant V] [--generic gaussian,uniform,smote]
      per detector: mean AUC-PR of base, own policy and each generic policy; the best generic (by mean);
      own's wins against it; the paired one-sided t-test own > best generic across data sets; losses
      > .05 against base of own and of the best generic. Per data set the mean over the seeds in the
      files comes first. `--own own` takes each detector's `cross:DETECTOR` rows (its library's own
      policy, for a detector the registry pairs with a generic one) where there are any, else `enhanced`.

Only the standard library, NumPy and SciPy.
"""
import csv
import sys
from collections import defaultdict

import numpy as np
from scipy import stats


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def per_dataset(rows, key, value):
    """{(detector, config): {dataset: mean over seeds of value(row)}}."""
    acc = defaultdict(lambda: defaultdict(list))
    for r in rows:
        acc[key(r)][r["dataset"]].append(value(r))
    return {k: {d: float(np.mean(v)) for d, v in m.items()} for k, m in acc.items()}


def measures(path):
    variant = arg("--variant", None)
    rows = [r for r in read(path) if variant is None or r["variant"] == variant]
    cols = ["hard_pct_median", "hidden_share", "dist_ratio_median", "oob_auc_hard", "oob_auc", "aucpr_classifier",
            "aucpr_enhanced"]
    print("| detector | config | variant | data sets | " + " | ".join(cols) + " | gain vs base |")
    print("| --- | --- | --- | ---: | " + " | ".join("---:" for _ in cols) + " | ---: |")
    keys = sorted({(r["detector"], r["config"], r["variant"]) for r in rows},
                  key=lambda k: (["iforest", "pca", "ocsvm", "ecod", "lof", "knn"].index(k[0]) if k[0] in
                                 ["iforest", "pca", "ocsvm", "ecod", "lof", "knn"] else 9, k[1], k[2]))
    for k in keys:
        sel = [r for r in rows if (r["detector"], r["config"], r["variant"]) == k]
        means = []
        for c in cols:
            v = np.array([float(r[c]) for r in sel])
            v = v[np.isfinite(v)]
            means.append(f"{np.median(v):.3f}" if c == "dist_ratio_median" else f"{np.mean(v):.3f}")
        gain = np.mean([float(r["aucpr_enhanced"]) - float(r["aucpr_detector"]) for r in sel])
        print(f"| {k[0]} | {k[1]} | {k[2]} | {len(sel)} | " + " | ".join(means) + f" | {gain:+.4f} |")
    print("\n(dist_ratio_median: median over data sets; every other column: mean over data sets.)")


def compare(path):
    rows = [r for p in path.split(",") for r in read(p)]
    own = arg("--own", "enhanced")
    if own == "own" and "variant" not in rows[0]:
        crossed = {r["detector"] for r in rows if r["config"] == "cross:" + r["detector"]}
        rows = [dict(r, config="own") if r["config"] == ("cross:" + r["detector"] if r["detector"] in crossed else "enhanced")
                else r for r in rows]
    generic = arg("--generic", "gaussian,uniform,smote").split(",")
    variant = arg("--variant", None)
    if "variant" in rows[0]:
        # An awareness file: base = aucpr_detector of any run, own = the variant's own-config rows,
        # generic = the default variant's rows.
        rows_own = [r for r in rows if r["config"] == own and (variant is None or r["variant"] == variant)]
        rows_gen = [r for r in rows if r["config"] in generic and r["variant"] == "default"]
        score = per_dataset(rows_own + rows_gen, lambda r: (r["detector"], r["config"]), lambda r: float(r["aucpr_enhanced"]))
        base = per_dataset(rows_own, lambda r: (r["detector"], "base"), lambda r: float(r["aucpr_detector"]))
        score.update(base)
    else:
        score = per_dataset(rows, lambda r: (r["detector"], r["config"]), lambda r: float(r["aucpr"]))
    detectors = [d for d in ["iforest", "pca", "ocsvm", "ecod", "lof", "knn"] if (d, own) in score]
    print(f"| detector | data sets | base | own ({own}) | " + " | ".join(generic)
          + " | best generic | own - best | own wins | p (own > best, one-sided) | own losses > .05 vs base | best generic's |")
    print("| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in generic) + " | --- | ---: | ---: | ---: | ---: | ---: |")
    for d in detectors:
        sets = sorted(score[(d, own)])
        b = np.array([score[(d, "base")][s] for s in sets])
        o = np.array([score[(d, own)][s] for s in sets])
        g = {c: np.array([score[(d, c)][s] for s in sets]) for c in generic if (d, c) in score
             and all(s in score[(d, c)] for s in sets)}
        if not g:
            continue
        best = max(g, key=lambda c: g[c].mean())
        diff = o - g[best]
        p = stats.ttest_rel(o, g[best], alternative="greater").pvalue
        wins = int((diff > 0).sum())
        losses = int((o < b - 0.05).sum())
        best_losses = int((g[best] < b - 0.05).sum())
        print(f"| {d} | {len(sets)} | {b.mean():.4f} | {o.mean():.4f} | "
              + " | ".join(f"{g[c].mean():.4f}" if c in g else "-" for c in generic)
              + f" | {best} | {diff.mean():+.4f} | {wins}/{len(sets)} | {p:.3g} | {losses} | {best_losses} |")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("measures", "compare"):
        print(__doc__)
        sys.exit(2)
    {"measures": measures, "compare": compare}[sys.argv[1]](sys.argv[2])
