#!/usr/bin/env python3
"""The reference side of the dashost speed comparison: PyOD + scikit-learn doing the work of
`dashost bench`.

For every data set x detector x configuration x seed (in that order, `base` always included, as
`dashost bench` does) it runs, under the paper's protocol (train = first floor(n_inliers / 2)
inliers in file order; test = the other inliers and every outlier; float64):

  detector fit      PyOD detector at its defaults, fitted on the training rows (PyOD's fit also
                    computes `decision_scores_`, the training scores used as the fusion reference;
                    leave-self-out for KNN and LOF, as dashost's reference)
                    (OCSVM: on dashost's scale, -log of the kernel sum, same ranking as PyOD's;
                    ECOD: per-row, see PerRowECOD)
  detector score    decision_function on the test rows
  synthesis         the detector's policy (a numpy port of Plugins/Estimators/Policies/*.swift,
                    same steps, same parameters, same batched score-filter rounds) for 80 % of the
                    rows and uniform background rows in the widened training box for 20 %
                    (registry.json's background_share), N_syn = 10 % of the training rows,
                    rounded, at least 1
  classifier fit    fit on training rows (label 0) + synthetic rows (label 1), plus the held-out
                    reference on the normal rows: out-of-bag for the random forest, 5-fold
                    stratified cross-fitting for the decision tree and the SVM
  classifier score  predict_proba on the test rows
  fusion            robust_sum: the detector min-max scaled between its training minimum and
                    0.99 training quantile, plus lambda (1) times the classifier's probability

and appends one line per run to OUT/runs.csv with the same columns as `dashost bench`.
Stage times are time.perf_counter() seconds; t_total covers loading the file to the metrics.

Configurations: `base`, `enhanced` (random forest), `classifier=random_forest|decision_tree|svm`
(optionally joined with `enhanced+`), `lambda=X`, `ratio=X` (joined by `+`).

usage: reference.py --data DIR [--datasets a,b] [--detectors a,b] [--configs base,enhanced]
                    [--seeds 42,0,100] [--jobs N] [--no-base] --out DIR [--quiet]
"""
import argparse
import math
import os
import sys
import time
import warnings

import numpy as np

HEADER = ("dataset,detector,config,seed,aucpr,aucroc,t_detector_fit,t_detector_score,t_synthesis,"
          "t_classifier_fit,t_classifier_score,t_fusion,t_total,n_train,n_test,d,n_syn")
DETECTORS = ["iforest", "pca", "ocsvm", "ecod", "lof", "knn"]
CLASSIFIERS = ["random_forest", "decision_tree", "svm"]


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------

def load(path):
    """(X float64 n x d, y float64 0/1) from a .npz or MATLAB .mat file with arrays X and y."""
    if path.lower().endswith(".npz"):
        with np.load(path, allow_pickle=False) as z:
            X, y = z["X"], z["y"]
    else:
        from scipy.io import loadmat
        m = loadmat(path)
        X, y = m["X"], m["y"]
    X = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
    y = np.asarray(y, dtype=np.float64).ravel()
    if X.ndim == 1:
        X = X[:, None]
    return X, y


def paper_split(X, y):
    """Train: the first floor(inliers / 2) inliers in file order; test: every other row."""
    inliers = np.flatnonzero(y == 0)
    train_idx = inliers[: len(inliers) // 2]
    if len(train_idx) == 0:
        raise ValueError("need at least 2 inliers")
    mask = np.zeros(len(y), dtype=bool)
    mask[train_idx] = True
    return X[mask], X[~mask], y[~mask]


# ----------------------------------------------------------------------------------------------
# Detectors (PyOD defaults)
# ----------------------------------------------------------------------------------------------

def make_detector(name, seed, jobs):
    if name == "iforest":
        from pyod.models.iforest import IForest
        return IForest(n_estimators=100, max_samples=256, random_state=seed, n_jobs=jobs)
    if name == "pca":
        from pyod.models.pca import PCA
        return PCA(random_state=seed)
    if name == "ocsvm":
        from pyod.models.ocsvm import OCSVM
        return OCSVM()
    if name == "ecod":
        return PerRowECOD()
    if name == "lof":
        from pyod.models.lof import LOF
        return LOF(n_neighbors=20, n_jobs=jobs)
    if name == "knn":
        from pyod.models.knn import KNN
        return KNN(n_neighbors=5, n_jobs=jobs)
    raise ValueError(f"unknown detector '{name}'")


class PerRowECOD:
    """ECOD scored per row, as dashost's (Plugins/Estimators/Detectors/ECOD.swift), in numpy.

    PyOD's ECOD.decision_function is transductive: it refits the ECDFs on the training rows plus the
    whole scored batch, so each policy call and the test scoring do O((n + m) log(n + m)) work per
    feature and a row's score depends on its batch. dashost scores a row against the training ECDFs
    with the row itself counted in: F_l(x) = (#{train <= x} + 1) / (n + 1), F_r likewise (PyOD's value
    for a batch of one row), then PyOD's aggregation (per feature the largest of the left, right and
    skewness-chosen tail scores, summed). Doing that here keeps the comparison the same work and the
    same scores (PyOD has no per-row mode); the training scores are computed the same way."""

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.sorted_ = np.sort(X, axis=0)
        self.n_ = X.shape[0]
        mean = X.mean(axis=0)
        centred = X - mean
        m2 = (centred ** 2).mean(axis=0)
        m3 = (centred ** 3).mean(axis=0)
        constant = (m2 <= (1e-15 * mean) ** 2) | (m2 == 0)  # scipy's skew would give NaN there
        self.signs_ = np.where(constant, 0.0, np.sign(m3))
        self.decision_scores_ = self.decision_function(X)
        return self

    def decision_function(self, X):
        X = np.asarray(X, dtype=np.float64)
        n = self.n_
        log_total = math.log(n + 1)
        total = np.zeros(X.shape[0])
        for j in range(X.shape[1]):
            column, x = self.sorted_[:, j], X[:, j]
            left = log_total - np.log(np.searchsorted(column, x, side="right") + 1.0)
            right = log_total - np.log(n - np.searchsorted(column, x, side="left") + 1.0)
            sign = self.signs_[j]
            skew = left if sign < 0 else (right if sign > 0 else left + right)
            total += np.maximum(np.maximum(left, right), skew)
        return total


def finite(scores):
    """Non-finite scores (PyOD's PCA on data with constant features) become +inf, as dashost's
    policies treat them; callers that need numbers use `clip_finite`."""
    s = np.asarray(scores, dtype=np.float64).ravel()
    return np.where(np.isfinite(s), s, np.inf)


def clip_finite(scores):
    s = np.asarray(scores, dtype=np.float64).ravel()
    good = np.isfinite(s)
    if good.all():
        return s
    top = s[good].max() + 1 if good.any() else 0.0
    return np.where(good, s, top)


# ----------------------------------------------------------------------------------------------
# Policies: numpy ports of Plugins/Estimators/Policies (hardness "medium": move scale 1, accept
# quantile 0.99; borderline quantile 0.8; oversample 4; 3 rounds)
# ----------------------------------------------------------------------------------------------

MOVE_SCALE = 1.0
ACCEPT_QUANTILE = 0.99
BORDERLINE_Q = 0.8
OVERSAMPLE = 4
MAX_ROUNDS = 3


def quantile(values, q):
    """Quantile.of (Plugins/Estimators/Support/Quantile.swift): linear interpolation between order
    statistics (numpy's default), except that equal neighbours return their value, so +inf ties give
    +inf rather than NaN."""
    s = np.sort(np.asarray(values, dtype=np.float64))
    pos = min(max(q, 0.0), 1.0) * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    if s[lo] == s[hi]:
        return s[lo]
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def borderline(scores, q):
    """Never empty: the maximum is at least its own quantile."""
    return np.flatnonzero(scores >= quantile(scores, q))


def feature_count(fraction, cols):
    return int(min(cols, max(1, math.floor(fraction * cols + 0.5))))


def random_features(rng, rows, cols, k):
    """For each of `rows` rows, k distinct feature indices (rows x k)."""
    if k >= cols:
        return np.broadcast_to(np.arange(cols), (rows, cols))
    return np.argpartition(rng.random((rows, cols)), k - 1, axis=1)[:, :k]


def profile(train):
    return train.mean(axis=0), train.std(axis=0)


def candidate_selection(count, cols, seed, score, make, threshold, group=1):
    """CandidateSelection.select: rounds of oversampled candidate groups, one batched score call
    each, accepted in generation order while the group's worst score <= threshold; then the
    lowest-scoring rejected groups fill the gap."""
    needed = -(-count // group)
    accepted = []
    n_acc = 0
    rej_rows, rej_scores = [], []
    for rnd in range(MAX_ROUNDS):
        if n_acc >= needed:
            break
        missing = needed - n_acc
        rng = np.random.default_rng([seed, 1, rnd])
        shrink = 0.5 ** rnd
        pool = make(missing * OVERSAMPLE, shrink, rng)
        worst = finite(score(pool)).reshape(-1, group).max(axis=1)
        ok = np.flatnonzero(worst <= threshold)[:missing]
        groups = pool.reshape(-1, group, cols)
        if len(ok):
            accepted.append(groups[ok])
            n_acc += len(ok)
        if n_acc < needed:
            keep = np.ones(len(worst), dtype=bool)
            keep[ok] = False
            rej_rows.append(groups[keep])
            rej_scores.append(worst[keep])
    if n_acc < needed:
        rows = np.concatenate(rej_rows)
        sc = np.concatenate(rej_scores)
        order = np.argsort(sc, kind="stable")[: needed - n_acc]
        accepted.append(rows[order])
    return np.concatenate(accepted).reshape(-1, cols)[:count]


def policy_iforest(train, score, count, seed):
    n, cols = train.shape
    ts = finite(score(train))
    seeds = borderline(ts, BORDERLINE_Q)
    mean, std = profile(train)
    threshold = quantile(ts, ACCEPT_QUANTILE)

    def make(m, shrink, rng):
        s_idx = seeds[rng.integers(len(seeds), size=m)]
        S = train[s_idx]
        X = S.copy()
        move = rng.random(m)
        ext = (move < 0.5) | (cols == 1)
        if ext.any():
            f = rng.uniform(0.05, 0.25, size=ext.sum()) * MOVE_SCALE * shrink
            Se = S[ext]
            direction = Se - mean
            centre = np.all(Se == mean, axis=1)
            if centre.any():
                direction[centre] = std * rng.standard_normal((centre.sum(), cols))
            X[ext] = Se + f[:, None] * direction
        rec = np.flatnonzero(~ext)
        if len(rec):
            k = feature_count(0.3 * MOVE_SCALE * shrink, cols)
            F = random_features(rng, len(rec), cols, k)
            swap = move[rec] < 0.75
            donors = seeds[rng.integers(len(seeds), size=len(rec))]
            source = np.where(swap[:, None], donors[:, None], rng.integers(n, size=(len(rec), k)))
            X[rec[:, None], F] = train[source, F]
        return X

    return candidate_selection(count, cols, seed, score, make, threshold)


def policy_ecod(train, score, count, seed):
    n, cols = train.shape
    ts = finite(score(train))
    seeds = borderline(ts, BORDERLINE_Q)
    sorted_cols = np.sort(train, axis=0)
    tail = 0.05
    lo = min(n - 1, math.ceil(tail * (n - 1)))
    hi = max(lo, math.floor((1 - tail) * (n - 1)))
    threshold = quantile(ts, ACCEPT_QUANTILE)

    def make(m, shrink, rng):
        X = train[seeds[rng.integers(len(seeds), size=m)]].copy()
        k = feature_count(0.5 * MOVE_SCALE * shrink, cols)
        F = random_features(rng, m, cols, k)
        X[np.arange(m)[:, None], F] = sorted_cols[lo + rng.integers(hi - lo + 1, size=(m, k)), F]
        return X

    return candidate_selection(count, cols, seed, score, make, threshold)


def policy_pca(train, score, count, seed):
    n, cols = train.shape
    ts = finite(score(train))
    seeds = borderline(ts, BORDERLINE_Q)
    mean, std = profile(train)
    safe = np.where(std > 0, std, 1.0)
    Z = np.where(std > 0, (train - mean) / safe, 0.0)
    cov = Z.T @ Z / n
    ev, vec = np.linalg.eigh(cov)
    largest = max(ev[-1], 0.0)
    total = np.clip(ev, 0, None).sum()
    basis, variances, explained = [], [], 0.0
    for p in range(cols - 1, -1, -1):
        lam = ev[p]
        if not (lam > 1e-12 * largest and lam > 0 and explained < 0.9 * total):
            break
        basis.append(vec[:, p])
        variances.append(lam)
        explained += lam
    k = len(variances)
    B = np.array(basis).reshape(k, cols)
    sd = np.sqrt(np.array(variances))
    threshold = quantile(ts, ACCEPT_QUANTILE)

    def make(m, shrink, rng):
        S = train[seeds[rng.integers(len(seeds), size=m)]]
        z = np.where(std > 0, (S - mean) / safe, 0.0)
        c = z @ B.T
        resid = z - c @ B
        w = c / sd
        norm = np.linalg.norm(w, axis=1, keepdims=True)
        u = np.divide(w, norm, out=np.zeros_like(w), where=norm > 0)
        u = u + 0.25 * rng.standard_normal((m, k)) / math.sqrt(max(k, 1))
        unorm = np.linalg.norm(u, axis=1, keepdims=True)
        step = rng.uniform(1.0, 3.0, size=(m, 1)) * MOVE_SCALE * shrink
        moved = (w + np.divide(step * u, unorm, out=np.zeros_like(u), where=unorm > 0)) * sd
        z_new = 0.5 * resid + moved @ B
        return mean + std * z_new

    return candidate_selection(count, cols, seed, score, make, threshold)


def policy_ocsvm(train, score, count, seed):
    n, cols = train.shape
    ts = finite(score(train))
    boundary = quantile(ts, 0.95)
    border = borderline(ts, BORDERLINE_Q)
    inside = border[ts[border] < boundary]
    seeds = inside if len(inside) else border
    mean, std = profile(train)
    rng = np.random.default_rng([seed, 1])
    origin = train[seeds[rng.integers(len(seeds), size=count)]]
    safe = np.where(std > 0, std, 1.0)
    z = np.where(std > 0, (origin - mean) / safe, 0.0)
    norm = np.linalg.norm(z, axis=1, keepdims=True)
    z = np.divide(z, norm, out=np.zeros_like(z), where=norm > 0)
    z = z + np.where(std > 0, 0.1 * rng.standard_normal((count, cols)) / math.sqrt(cols), 0.0)
    tilted = np.linalg.norm(z, axis=1, keepdims=True)
    direction = np.divide(z, tilted, out=np.zeros_like(z), where=tilted > 0) * std

    def crosses(rows, steps):
        return finite(score(origin[rows] + steps[rows, None] * direction[rows])) >= boundary

    lo = np.zeros(count)
    hi = np.full(count, 0.25)
    open_ = np.arange(count)
    for _ in range(10):
        if len(open_) == 0:
            break
        crossed = crosses(open_, hi)
        still = open_[~crossed]
        lo[still] = hi[still]
        hi[still] *= 2
        open_ = still
    hi[open_] = lo[open_]
    bracketed = np.setdiff1d(np.arange(count), open_)
    if len(bracketed):
        for _ in range(10):
            mid = hi.copy()
            mid[bracketed] = 0.5 * (lo[bracketed] + hi[bracketed])
            crossed = crosses(bracketed, mid)
            hi[bracketed[crossed]] = mid[bracketed[crossed]]
            lo[bracketed[~crossed]] = mid[bracketed[~crossed]]
    return origin + (hi * (1 + 0.25 * MOVE_SCALE))[:, None] * direction


def policy_micro_cluster(train, score, count, seed, neighbors, borderline_q=BORDERLINE_Q, size=5,
                         step_range=(0.25, 1.0)):
    """MicroClusterSynthesis. LOF: the defaults (micro-clusters of 5 next to borderline rows). KNN
    (KNNSynthesis): borderline_q = 0 (every training row is a seed), size = 1 (single points),
    step_range = (1, 3) seed k-distances: local outliers that KNN's global yardstick misses."""
    from sklearn.neighbors import NearestNeighbors
    n, cols = train.shape
    ts = finite(score(train))
    seeds = borderline(ts, borderline_q)
    mean, std = profile(train)
    movable = std > 0
    noise_scale = 1 / math.sqrt(max(1, movable.sum()))
    k = min(neighbors, n - 1)
    outward = np.zeros((len(seeds), cols))
    radius = np.zeros(len(seeds))
    if k > 0:
        nn = NearestNeighbors(n_neighbors=k + 1).fit(train)
        dist, idx = nn.kneighbors(train[seeds])
        own = idx == seeds[:, None]
        skip = np.where(own.any(axis=1), own.argmax(axis=1), k)
        keep = np.ones_like(own)
        keep[np.arange(len(seeds)), skip] = False
        idx = idx[keep].reshape(len(seeds), k)
        dist = dist[keep].reshape(len(seeds), k)
        radius = dist[:, -1].copy()
        v = train[seeds] - train[idx].mean(axis=1)
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        outward = np.divide(v, norm, out=np.zeros_like(v), where=norm > 0)
    largest = radius.max() if len(radius) else 0.0
    fallback = largest if largest > 0 else std.sum() / cols
    radius[radius <= 0] = fallback
    threshold = quantile(ts, ACCEPT_QUANTILE)

    def make(groups, shrink, rng):
        r = rng.integers(len(seeds), size=groups)
        S = train[seeds[r]]
        u = np.where(movable, outward[r] + 0.25 * rng.standard_normal((groups, cols)) * noise_scale, 0.0)
        norm = np.linalg.norm(u, axis=1, keepdims=True)
        step = rng.uniform(step_range[0], step_range[1], size=groups) * MOVE_SCALE * shrink * radius[r]
        centre = S + np.divide(step[:, None] * u, norm, out=np.zeros_like(u), where=norm > 0)
        member_radius = 0.1 * radius[r] * noise_scale
        out = centre[:, None, :] + member_radius[:, None, None] * rng.standard_normal((groups, size, cols))
        out = np.where(movable, out, S[:, None, :])
        return out.reshape(groups * size, cols)

    return candidate_selection(count, cols, seed, score, make, threshold, group=size)


POLICIES = {
    "iforest": policy_iforest,
    "ecod": policy_ecod,
    "pca": policy_pca,
    "ocsvm": policy_ocsvm,
    "lof": lambda t, s, c, seed: policy_micro_cluster(t, s, c, seed, 20),
    "knn": lambda t, s, c, seed: policy_micro_cluster(t, s, c, seed, 5, borderline_q=0.0, size=1,
                                                     step_range=(1.0, 3.0)),
}


# ----------------------------------------------------------------------------------------------
# Classifiers with held-out reference probabilities
# ----------------------------------------------------------------------------------------------

def make_classifier(name, seed, jobs):
    if name == "random_forest":
        from sklearn.ensemble import RandomForestClassifier
        return RandomForestClassifier(oob_score=True, random_state=seed, n_jobs=jobs)
    if name == "decision_tree":
        from sklearn.tree import DecisionTreeClassifier
        return DecisionTreeClassifier(random_state=seed)
    if name == "svm":
        from sklearn.svm import SVC
        return SVC(probability=True, random_state=seed)
    raise ValueError(f"unknown classifier '{name}'")


def fit_classifier(name, X, y, n_normal, seed, jobs):
    """Fitted model and held-out P(anomaly) of the first n_normal rows (the normal training rows)."""
    from sklearn.base import clone
    model = make_classifier(name, seed, jobs)
    model.fit(X, y)
    if name == "random_forest":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = model.oob_decision_function_[:n_normal, 1]
        return model, ref
    from sklearn.model_selection import StratifiedKFold
    out = np.zeros(len(y))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed ^ 0x5EED)
    for k, (rest, held) in enumerate(folds.split(X, y)):
        m = clone(model).set_params(random_state=seed + k + 1)
        m.fit(X[rest], y[rest])
        out[held] = m.predict_proba(X[held])[:, 1]
    return model, out[:n_normal]


BACKGROUND_SHARE = 0.2   # registry.json: every detector-aware policy's background_share
BACKGROUND_WIDEN = 0.1   # BackgroundMix.widen
UPPER_QUANTILE = 0.99    # robust_sum's upper_quantile


def with_background(policy, train, score, count, seed):
    """BackgroundMix.generate: round(share * count) rows uniform in the training box widened by 10 %
    of each feature's range on both sides, the rest from the detector's policy."""
    background = min(count, int(math.floor(BACKGROUND_SHARE * count + 0.5)))
    parts = []
    if count - background > 0:
        parts.append(policy(train, score, count - background, seed))
    if background > 0:
        rng = np.random.default_rng([seed, 0xB6])
        lo, hi = train.min(axis=0), train.max(axis=0)
        width = hi - lo
        start = lo - BACKGROUND_WIDEN * width
        parts.append(start + (width + 2 * BACKGROUND_WIDEN * width) * rng.random((background, train.shape[1])))
    return np.vstack(parts)


def robust_sum(det_scores, det_reference, clf_scores, lam):
    """robust_sum: the detector min-max scaled between its training minimum and its 0.99 training
    quantile, plus lambda times the classifier's probability as it is."""
    ref = np.asarray(det_reference, dtype=np.float64)
    ref = ref[np.isfinite(ref)]
    lo, hi = ref.min(), np.quantile(ref, UPPER_QUANTILE)
    det = (det_scores - lo) / (hi - lo) if hi > lo else np.zeros(len(det_scores))
    return det + lam * clf_scores


class LogKernelSum:
    """dashost's OCSVM score: -log of the RBF kernel sum S(x) = rho - PyOD's score, a strictly increasing
    function of PyOD's score (same ranking and ties) on a scale that survives kernel saturation."""
    def __init__(self, det):
        self.det = det
        self.rho = float(np.ravel(det.detector_.offset_)[0])
        self.decision_scores_ = self.transform(det.decision_scores_)

    def transform(self, pyod_scores):
        return -np.log(np.maximum(self.rho - np.asarray(pyod_scores, dtype=np.float64), 5e-324))

    def decision_function(self, X):
        return self.transform(self.det.decision_function(X))


# ----------------------------------------------------------------------------------------------
# One run
# ----------------------------------------------------------------------------------------------

def parse_config(name):
    if name == "base":
        return None
    cfg = {"classifier": "random_forest", "lambda": 1.0, "ratio": 0.1}
    for part in name.split("+"):
        if part == "enhanced":
            continue
        key, _, value = part.partition("=")
        if key == "classifier" and value in CLASSIFIERS:
            cfg["classifier"] = value
        elif key in ("lambda", "ratio") and value:
            cfg[key] = float(value)
        else:
            raise ValueError(f"unknown configuration '{part}' in '{name}' (reference.py knows base, enhanced, "
                             "classifier=NAME, lambda=X, ratio=X)")
    return cfg


def run_one(path, detector, config, seed, jobs):
    from sklearn.metrics import average_precision_score, roc_auc_score
    rs = seed % (2 ** 32)
    cfg = parse_config(config)
    clock = time.perf_counter
    t0 = clock()
    X, y = load(path)
    train, test, y_test = paper_split(X, y)
    t = {k: 0.0 for k in ("fit", "score", "syn", "cfit", "cscore", "fusion")}

    det = make_detector(detector, rs, jobs)
    a = clock()
    det.fit(train)
    if detector == "ocsvm":
        det = LogKernelSum(det)
    raw_reference = det.decision_scores_
    b = clock()
    raw_scores = det.decision_function(test)
    c = clock()
    t["fit"], t["score"] = b - a, c - b
    # PyOD's PCA gives non-finite scores on some data sets (docs/parity.md); recorded, so that the
    # driver leaves those runs out of the AUC-PR comparison, where Python's number is no reference.
    nonfinite = not (np.isfinite(raw_reference).all() and np.isfinite(raw_scores).all())
    reference, det_scores = clip_finite(raw_reference), clip_finite(raw_scores)
    n_syn = 0
    final = det_scores
    if cfg is not None:
        n_syn = max(1, int(math.floor(len(train) * cfg["ratio"] + 0.5)))
        a = clock()
        synthetic = with_background(POLICIES[detector], train, det.decision_function, n_syn, seed)
        b = clock()
        Xc = np.vstack([train, synthetic])
        yc = np.concatenate([np.zeros(len(train)), np.ones(n_syn)])
        model, clf_ref = fit_classifier(cfg["classifier"], Xc, yc, len(train), rs, jobs)
        c = clock()
        clf_scores = model.predict_proba(test)[:, 1]
        d = clock()
        final = robust_sum(det_scores, reference, clf_scores, cfg["lambda"])
        e = clock()
        t["syn"], t["cfit"], t["cscore"], t["fusion"] = b - a, c - b, d - c, e - d
    aucpr = average_precision_score(y_test, final)
    aucroc = roc_auc_score(y_test, final)
    total = clock() - t0
    name = os.path.splitext(os.path.basename(path))[0]
    fields = [name, detector, config, str(seed), repr(float(aucpr)), repr(float(aucroc)),
              *(repr(t[k]) for k in ("fit", "score", "syn", "cfit", "cscore", "fusion")), repr(total),
              str(len(train)), str(len(test)), str(X.shape[1]), str(n_syn)]
    return ",".join(fields), aucpr, aucroc, total, nonfinite


def data_files(folder, names):
    files = sorted((f for f in os.listdir(folder) if f.lower().endswith((".npz", ".mat"))), key=str.lower)
    if names:
        stems = {os.path.splitext(f)[0]: f for f in files}
        missing = [n for n in names if n not in stems]
        if missing:
            sys.exit(f"reference.py: data set '{missing[0]}' not found in {folder}")
        files = [f for f in files if os.path.splitext(f)[0] in set(names)]
    if not files:
        sys.exit(f"reference.py: no .npz or .mat data sets in '{folder}'")
    return [os.path.join(folder, f) for f in files]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--datasets", default="")
    ap.add_argument("--detectors", default=",".join(DETECTORS))
    ap.add_argument("--configs", default="base,enhanced")
    ap.add_argument("--seeds", default="42,0,100")
    ap.add_argument("--jobs", type=int, default=None,
                    help="n_jobs for IForest, KNN, LOF and the random forest (default: library default, 1 core)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-base", action="store_true",
                    help="do not add the `base` configuration (dashost bench always runs it; the scale runner, "
                         "which mirrors `dashost enhance`, does not)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    # Import the libraries before the first run, so no run's t_total carries the import time (the
    # driver's process wall time does).
    import pyod.models.iforest, pyod.models.pca, pyod.models.ocsvm, pyod.models.lof  # noqa: F401
    import pyod.models.knn, sklearn.ensemble, sklearn.tree, sklearn.svm, sklearn.metrics  # noqa: F401
    import sklearn.model_selection, sklearn.neighbors, scipy.io  # noqa: F401
    files = data_files(a.data, [s for s in a.datasets.split(",") if s])
    detectors = [s for s in a.detectors.split(",") if s]
    for d in detectors:
        if d not in DETECTORS:
            sys.exit(f"reference.py: unknown detector '{d}'")
    configs = [s for s in a.configs.split(",") if s]
    if "base" not in configs and not a.no_base:
        configs = ["base"] + configs
    for c in configs:
        parse_config(c)
    seeds = [int(s) for s in a.seeds.split(",") if s]
    os.makedirs(a.out, exist_ok=True)
    log = os.path.join(a.out, "runs.csv")
    with open(log, "w") as f:
        f.write(HEADER + "\n")
    marked = os.path.join(a.out, "nonfinite.csv")
    if os.path.exists(marked):
        os.remove(marked)
    plan = [(p, d, c, s) for p in files for d in detectors for c in configs for s in seeds]
    for i, (path, det, cfg, seed) in enumerate(plan):
        line, pr, roc, total, nonfinite = run_one(path, det, cfg, seed, a.jobs)
        with open(log, "a") as f:
            f.write(line + "\n")
        if nonfinite:
            with open(marked, "a") as f:
                f.write(",".join(line.split(",")[:4]) + "\n")
        if not a.quiet:
            print(f"[{i + 1}/{len(plan)}] {os.path.basename(path)} {det} {cfg} seed={seed}: "
                  f"AUC-PR {pr:.4f} AUC-ROC {roc:.4f} ({total:.2f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
