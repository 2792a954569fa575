/*
 * histogram: a detector and its synthesis policy in ONE plain-C99 library, ABI 2.0.
 *
 *   histogram         HBOS (histogram-based outlier score), as PyOD's `HBOS` with its defaults.
 *   histogram_policy  detector-aware hard anomalies for HBOS: rows whose every feature value is
 *                     individually common, built from borderline training rows, kept while the
 *                     detector still scores them as normal.
 *
 * Needs nothing but libc, libm and dashost_plugin.h: no JSON code (the host parses and validates
 * the parameters against the schemas below and hands typed values through `host->param_*`), no
 * random number generator (the policy draws from the host's seeded stream, `host->random_*`), no
 * sorting or nearest-neighbour code (`host->quantile`, `host->column_stats`, `host->nearest_rows`).
 *
 * HBOS, what this file computes (PyOD 1.x `pyod.models.hbos.HBOS(n_bins=10, alpha=0.1, tol=0.5)`):
 *   fit    per feature j: n_bins equal-width bins from the training minimum to the maximum (a
 *          constant feature gets [v - 0.5, v + 0.5], as numpy.histogram), counted as
 *          numpy.histogram does (bins half-open [e_k, e_k+1), the last one closed), turned into a
 *          density count / (rows * width).
 *   score  sum over features of -log2(density(bin of x_j) + alpha). The bin of a value is found
 *          as numpy.digitize(right=True), like PyOD (a value exactly on an inner edge e_k counts in
 *          bin k-1); a value at most tol bin widths below the first edge (above the last) counts in
 *          the first (last) bin.
 *   One documented difference: a value farther outside the training range than tol bin widths
 *   gets density 0, i.e. -log2(alpha), the largest per-feature score. PyOD gives it the density of
 *   the least dense bin instead, which is the same whenever some bin is empty, and otherwise lets a
 *   far outlier tie with a training row that sits in the sparsest bin of every feature.
 *
 * SPDX-License-Identifier: MIT (see plugin-sdk/LICENSE)
 */
#include "dashost_plugin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* True when the host table is long enough to contain `field` and provides it (the growth rule: a
 * reader uses a field only if the writer's struct_size covers it). */
#define HOST_HAS(host, field) \
    ((host)->struct_size >= offsetof(dashost_host, field) + sizeof((host)->field) && (host)->field != NULL)

static dashost_status check_matrix(const char *who, dashost_matrix X, dashost_error *err) {
    if (X.rows == 0 || X.cols == 0)
        return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "%s: X is empty (%llu x %llu)", who,
                                 (unsigned long long)X.rows, (unsigned long long)X.cols);
    if (X.data == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "%s: X is a null pointer", who);
    for (uint64_t i = 0; i < X.rows * X.cols; i++) {
        if (!isfinite(X.data[i]))
            return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "%s: X has a non-finite value at row %llu, column %llu",
                                     who, (unsigned long long)(i / X.cols), (unsigned long long)(i % X.cols));
    }
    return DASHOST_OK;
}

static dashost_status read_int(const dashost_host *host, const char *name, int64_t *out, dashost_error *err) {
    dashost_status st = host->param_int(host, name, out);
    return st == DASHOST_OK ? st : dashost_error_set(err, st, "cannot read integer parameter '%s'", name);
}

static dashost_status read_double(const dashost_host *host, const char *name, double *out, dashost_error *err) {
    dashost_status st = host->param_double(host, name, out);
    return st == DASHOST_OK ? st : dashost_error_set(err, st, "cannot read number parameter '%s'", name);
}

/* =============================================================== detector: histogram (HBOS) == */

typedef struct hbos {
    int64_t n_bins;
    double alpha;
    double tol;
    uint64_t cols;   /* 0 while unfitted */
    double *edges;   /* cols x (n_bins + 1), ascending per feature */
    double *cost;    /* cols x n_bins: -log2(density + alpha) of each bin */
} hbos;

static dashost_status hbos_create(const dashost_plugin_descriptor *plugin, const dashost_host *host, uint64_t seed,
                                  dashost_instance **out, dashost_error *err) {
    (void)plugin;
    (void)seed; /* HBOS is deterministic */
    if (out == NULL || host == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram: out or host is a null pointer");
    if (!HOST_HAS(host, param_int) || !HOST_HAS(host, param_double))
        return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram: the host table lacks the parameter getters");
    hbos h;
    memset(&h, 0, sizeof h);
    dashost_status st;
    if ((st = read_int(host, "n_bins", &h.n_bins, err)) != DASHOST_OK) return st;
    if ((st = read_double(host, "alpha", &h.alpha, err)) != DASHOST_OK) return st;
    if ((st = read_double(host, "tol", &h.tol, err)) != DASHOST_OK) return st;
    hbos *p = (hbos *)malloc(sizeof *p);
    if (p == NULL) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "histogram: out of memory");
    *p = h;
    *out = p;
    return DASHOST_OK;
}

static void hbos_destroy(dashost_instance *instance) {
    hbos *h = (hbos *)instance;
    if (h == NULL) return;
    free(h->edges);
    free(h->cost);
    free(h);
}

static dashost_status hbos_fit(dashost_instance *instance, dashost_matrix X, dashost_error *err) {
    hbos *h = (hbos *)instance;
    if (h == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram: instance is a null pointer");
    dashost_status st = check_matrix("histogram", X, err);
    if (st != DASHOST_OK) return st;
    const uint64_t nb = (uint64_t)h->n_bins;
    double *edges = (double *)malloc(X.cols * (nb + 1) * sizeof(double));
    double *cost = (double *)malloc(X.cols * nb * sizeof(double));
    uint64_t *count = (uint64_t *)malloc(nb * sizeof(uint64_t));
    if (edges == NULL || cost == NULL || count == NULL) {
        free(edges);
        free(cost);
        free(count);
        return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "histogram: out of memory for %llu x %llu bins",
                                 (unsigned long long)X.cols, (unsigned long long)nb);
    }
    for (uint64_t j = 0; j < X.cols; j++) {
        double lo = X.data[j], hi = X.data[j];
        for (uint64_t i = 1; i < X.rows; i++) {
            double v = X.data[i * X.cols + j];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (lo == hi) { /* numpy.histogram's range for a constant feature */
            lo -= 0.5;
            hi += 0.5;
        }
        double *e = edges + j * (nb + 1);
        const double step = (hi - lo) / (double)nb;
        for (uint64_t k = 0; k < nb; k++) e[k] = lo + (double)k * step; /* numpy.linspace */
        e[nb] = hi;
        memset(count, 0, nb * sizeof(uint64_t));
        const double norm = (double)nb / (hi - lo);
        for (uint64_t i = 0; i < X.rows; i++) {
            double v = X.data[i * X.cols + j];
            /* numpy's uniform-bin assignment: a first guess from the arithmetic, corrected with the
             * edges so rounding never puts a value in the wrong bin; the last bin is closed. */
            int64_t k = (int64_t)((v - lo) * norm);
            if (k >= (int64_t)nb) k = (int64_t)nb - 1;
            if (k < 0) k = 0;
            if (v < e[k] && k > 0) k--;
            if (k < (int64_t)nb - 1 && v >= e[k + 1]) k++;
            count[k]++;
        }
        for (uint64_t k = 0; k < nb; k++) {
            double density = (double)count[k] / ((double)X.rows * (e[k + 1] - e[k]));
            cost[j * nb + k] = -log2(density + h->alpha);
        }
    }
    free(count);
    free(h->edges); /* refitting replaces the previous fit */
    free(h->cost);
    h->edges = edges;
    h->cost = cost;
    h->cols = X.cols;
    return DASHOST_OK;
}

/* The per-feature score of value v: numpy.digitize(v, edges, right=True) picks the bin, values
 * within tol bin widths outside the range count in the edge bin, farther ones have density 0. */
static double hbos_feature_cost(const hbos *h, const double *e, const double *cost, double v) {
    const uint64_t nb = (uint64_t)h->n_bins;
    uint64_t below = 0, above = nb + 1; /* binary search: number of edges strictly less than v */
    while (below < above) {
        uint64_t mid = below + (above - below) / 2;
        if (e[mid] < v) below = mid + 1;
        else above = mid;
    }
    if (below == 0) return e[0] - v <= h->tol * (e[1] - e[0]) ? cost[0] : -log2(h->alpha);
    if (below == nb + 1) return v - e[nb] <= h->tol * (e[nb] - e[nb - 1]) ? cost[nb - 1] : -log2(h->alpha);
    return cost[below - 1];
}

static dashost_status hbos_score(dashost_instance *instance, dashost_matrix X, double *out, dashost_error *err) {
    hbos *h = (hbos *)instance;
    if (h == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram: instance is a null pointer");
    if (h->cols == 0) return dashost_error_set(err, DASHOST_ERR_NOT_FITTED, "histogram is not fitted: call fit first");
    dashost_status st = check_matrix("histogram", X, err);
    if (st != DASHOST_OK) return st;
    if (X.cols != h->cols)
        return dashost_error_set(err, DASHOST_ERR_SHAPE, "histogram: X has %llu columns but the detector was fitted on %llu",
                                 (unsigned long long)X.cols, (unsigned long long)h->cols);
    if (out == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram: out_scores is a null pointer");
    const uint64_t nb = (uint64_t)h->n_bins;
    for (uint64_t i = 0; i < X.rows; i++) {
        double s = 0;
        for (uint64_t j = 0; j < X.cols; j++)
            s += hbos_feature_cost(h, h->edges + j * (nb + 1), h->cost + j * nb, X.data[i * X.cols + j]);
        out[i] = s;
    }
    return DASHOST_OK;
}

/* =============================================================== policy: histogram_policy ===== */

typedef struct hpolicy {
    const dashost_host *host; /* kept: valid until destroy */
    double borderline_low;
    double borderline_high;
    double keep_quantile;
    int64_t candidates_per_row;
    int64_t max_rounds;
    double min_distance;
} hpolicy;

static dashost_status policy_create(const dashost_plugin_descriptor *plugin, const dashost_host *host, uint64_t seed,
                                    dashost_instance **out, dashost_error *err) {
    (void)plugin;
    (void)seed; /* the host seeds host->random_* itself, and re-seeds it at every generate */
    if (out == NULL || host == NULL)
        return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram_policy: out or host is a null pointer");
    if (!HOST_HAS(host, param_int) || !HOST_HAS(host, param_double) || !HOST_HAS(host, random_below) ||
        !HOST_HAS(host, quantile) || !HOST_HAS(host, column_stats) || !HOST_HAS(host, nearest_rows) ||
        !HOST_HAS(host, is_cancelled) || !HOST_HAS(host, progress) || !HOST_HAS(host, log))
        return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram_policy: the host table lacks a service it needs");
    hpolicy p;
    memset(&p, 0, sizeof p);
    p.host = host;
    dashost_status st;
    if ((st = read_double(host, "borderline_low", &p.borderline_low, err)) != DASHOST_OK) return st;
    if ((st = read_double(host, "borderline_high", &p.borderline_high, err)) != DASHOST_OK) return st;
    if ((st = read_double(host, "keep_quantile", &p.keep_quantile, err)) != DASHOST_OK) return st;
    if ((st = read_int(host, "candidates_per_row", &p.candidates_per_row, err)) != DASHOST_OK) return st;
    if ((st = read_int(host, "max_rounds", &p.max_rounds, err)) != DASHOST_OK) return st;
    if ((st = read_double(host, "min_distance", &p.min_distance, err)) != DASHOST_OK) return st;
    /* The schema bounds each value; relations between values are the plugin's to check. */
    if (p.borderline_low > p.borderline_high)
        return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS,
                                 "histogram_policy: borderline_low (%g) must not exceed borderline_high (%g)",
                                 p.borderline_low, p.borderline_high);
    hpolicy *q = (hpolicy *)malloc(sizeof *q);
    if (q == NULL) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "histogram_policy: out of memory");
    *q = p;
    *out = q;
    return DASHOST_OK;
}

static void policy_destroy(dashost_instance *instance) { free(instance); }

/* A rejected candidate, for the fallback when too few candidates were kept. */
typedef struct fallback {
    int too_close; /* a near-copy of a training row: taken last */
    double score;
    uint64_t row;
} fallback;

static int fallback_order(const void *a, const void *b) {
    const fallback *x = (const fallback *)a, *y = (const fallback *)b;
    if (x->too_close != y->too_close) return x->too_close - y->too_close;
    if (x->score != y->score) return x->score < y->score ? -1 : 1;
    return x->row < y->row ? -1 : (x->row > y->row ? 1 : 0); /* deterministic order */
}

/* Scores `rows` through the detector's callback; a failure becomes DASHOST_ERR_CALLBACK with the
 * callback's own message included (the contract). */
static dashost_status score_rows(dashost_score_callback scorer, dashost_matrix M, double *scores, const char *what,
                                 dashost_error *err) {
    dashost_error inner;
    inner.message[0] = '\0';
    dashost_status st = scorer.score(scorer.context, M, scores, &inner);
    if (st != DASHOST_OK)
        return dashost_error_set(err, DASHOST_ERR_CALLBACK, "histogram_policy: the score callback failed on %s (%s): %s",
                                 what, dashost_status_name(st) ? dashost_status_name(st) : "unknown status", inner.message);
    for (uint64_t i = 0; i < M.rows; i++) {
        if (!isfinite(scores[i]))
            return dashost_error_set(err, DASHOST_ERR_CALLBACK, "histogram_policy: the score callback returned a non-finite score for %s", what);
    }
    return DASHOST_OK;
}

typedef struct work {
    double *train_scores; /* X.rows */
    uint64_t *borderline; /* row indices, up to X.rows */
    double *cand;         /* batch x cols */
    double *cand_scores;  /* batch */
    double *dist;         /* batch: distance to the nearest training row, or -1 when not computed */
    unsigned char *taken; /* batch */
    double *std;          /* cols */
    fallback *pool;       /* batch */
} work;

static void work_free(work *w) {
    free(w->train_scores);
    free(w->borderline);
    free(w->cand);
    free(w->cand_scores);
    free(w->dist);
    free(w->taken);
    free(w->std);
    free(w->pool);
}

static dashost_status nearest_distance(const dashost_host *host, dashost_matrix X, const double *row, double *out,
                                       dashost_error *err) {
    uint64_t index = 0;
    dashost_status st = host->nearest_rows(host, X, row, 1, &index, out);
    return st == DASHOST_OK ? st : dashost_error_set(err, st, "histogram_policy: host nearest_rows failed (%s)",
                                                     dashost_status_name(st) ? dashost_status_name(st) : "unknown status");
}

/* The body of generate, with the buffers allocated by the caller (so every exit frees them). */
static dashost_status generate_rows(const hpolicy *p, dashost_matrix X, dashost_score_callback scorer, uint64_t n,
                                    uint64_t batch_cap, work *w, double *out, dashost_error *err) {
    const dashost_host *host = p->host;
    const uint64_t d = X.cols;
    dashost_status st;

    /* 1. Score every training row (the host answers this from the scores it already holds). */
    if ((st = score_rows(scorer, X, w->train_scores, "the training rows", err)) != DASHOST_OK) return st;

    /* 2. Borderline rows: training scores between the two quantiles. */
    const double low = host->quantile(host, w->train_scores, X.rows, p->borderline_low);
    const double high = host->quantile(host, w->train_scores, X.rows, p->borderline_high);
    const double keep = host->quantile(host, w->train_scores, X.rows, p->keep_quantile);
    uint64_t nb = 0;
    for (uint64_t i = 0; i < X.rows; i++)
        if (w->train_scores[i] >= low && w->train_scores[i] <= high) w->borderline[nb++] = i;
    if (nb < 2) { /* degenerate scores (ties): use every training row */
        host->log(host, DASHOST_LOG_DEBUG, "histogram_policy: fewer than 2 borderline rows, sampling from every training row");
        for (nb = 0; nb < X.rows; nb++) w->borderline[nb] = nb;
    }

    /* 3. Minimum distance to the nearest training row, relative to the data's overall spread. */
    if ((st = host->column_stats(host, X, NULL, NULL, NULL, w->std)) != DASHOST_OK)
        return dashost_error_set(err, st, "histogram_policy: host column_stats failed");
    double spread = 0;
    for (uint64_t j = 0; j < d; j++) spread += w->std[j] * w->std[j];
    const double too_close = p->min_distance * sqrt(spread);

    /* 4. Rounds: build candidates, score them, keep those the detector calls normal. */
    uint64_t accepted = 0, batch = 0;
    for (int64_t round = 0; round < p->max_rounds && accepted < n; round++) {
        if (host->is_cancelled(host))
            return dashost_error_set(err, DASHOST_ERR_CANCELLED, "histogram_policy: cancelled after %llu of %llu rows",
                                     (unsigned long long)accepted, (unsigned long long)n);
        const uint64_t missing = n - accepted;
        batch = missing * (uint64_t)p->candidates_per_row;
        if (batch > batch_cap) batch = batch_cap;
        /* Every feature value comes from its own, independently drawn borderline row: each value is
         * individually common, the dependence between features is broken. */
        for (uint64_t c = 0; c < batch; c++)
            for (uint64_t j = 0; j < d; j++)
                w->cand[c * d + j] = X.data[w->borderline[host->random_below(host, nb)] * d + j];
        dashost_matrix M = {w->cand, batch, d};
        if ((st = score_rows(scorer, M, w->cand_scores, "the candidate rows", err)) != DASHOST_OK) return st;
        for (uint64_t c = 0; c < batch; c++) {
            w->taken[c] = 0;
            w->dist[c] = -1;
            if (accepted == n || w->cand_scores[c] > keep) continue;
            if ((st = nearest_distance(host, X, w->cand + c * d, &w->dist[c], err)) != DASHOST_OK) return st;
            if (w->dist[c] <= too_close) continue;
            memcpy(out + accepted * d, w->cand + c * d, d * sizeof(double));
            w->taken[c] = 1;
            accepted++;
        }
        host->progress(host, (double)accepted / (double)n);
    }
    if (accepted == n) return DASHOST_OK;

    /* 5. Not enough kept: fill up with the last round's best rejected candidates (lowest score,
     * near-copies of training rows last). The last round had at least as many rejects as rows missing. */
    uint64_t pool = 0;
    for (uint64_t c = 0; c < batch; c++) {
        if (w->taken[c]) continue;
        if (w->dist[c] < 0 && (st = nearest_distance(host, X, w->cand + c * d, &w->dist[c], err)) != DASHOST_OK) return st;
        w->pool[pool].too_close = w->dist[c] <= too_close;
        w->pool[pool].score = w->cand_scores[c];
        w->pool[pool].row = c;
        pool++;
    }
    qsort(w->pool, pool, sizeof(fallback), fallback_order);
    char message[200];
    snprintf(message, sizeof message,
             "histogram_policy: only %llu of %llu rows scored at or below the keep quantile after %lld rounds; "
             "filled up with the lowest-scoring rejected candidates",
             (unsigned long long)accepted, (unsigned long long)n, (long long)p->max_rounds);
    host->log(host, DASHOST_LOG_INFO, message);
    for (uint64_t k = 0; accepted < n && k < pool; k++, accepted++)
        memcpy(out + accepted * d, w->cand + w->pool[k].row * d, d * sizeof(double));
    host->progress(host, 1.0);
    if (accepted < n)
        return dashost_error_set(err, DASHOST_ERR_INTERNAL, "histogram_policy: produced %llu of %llu rows",
                                 (unsigned long long)accepted, (unsigned long long)n);
    return DASHOST_OK;
}

static dashost_status policy_generate(dashost_instance *instance, dashost_matrix X, dashost_score_callback scorer, uint64_t n,
                                      uint64_t seed, double *out, dashost_error *err) {
    hpolicy *p = (hpolicy *)instance;
    (void)seed; /* already applied: the host re-seeded host->random_* from it before this call */
    if (p == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram_policy: instance is a null pointer");
    if (n == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram_policy: n = 0 (nothing to generate)");
    if (out == NULL || scorer.score == NULL)
        return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "histogram_policy: out or the score callback is a null pointer");
    dashost_status st = check_matrix("histogram_policy", X, err);
    if (st != DASHOST_OK) return st;

    /* Largest batch: every round tries candidates_per_row candidates per row still missing, at most
     * 65536 (but never fewer than n, so the last round always leaves enough rejects to fill up). */
    const uint64_t wanted = n * (uint64_t)p->candidates_per_row;
    const uint64_t floor_cap = n > 65536 ? n : 65536;
    const uint64_t batch_cap = wanted < floor_cap ? wanted : floor_cap;
    const uint64_t d = X.cols;
    work w;
    memset(&w, 0, sizeof w);
    w.train_scores = (double *)malloc(X.rows * sizeof(double));
    w.borderline = (uint64_t *)malloc(X.rows * sizeof(uint64_t));
    w.cand = (double *)malloc(batch_cap * d * sizeof(double));
    w.cand_scores = (double *)malloc(batch_cap * sizeof(double));
    w.dist = (double *)malloc(batch_cap * sizeof(double));
    w.taken = (unsigned char *)malloc(batch_cap);
    w.std = (double *)malloc(d * sizeof(double));
    w.pool = (fallback *)malloc(batch_cap * sizeof(fallback));
    if (!w.train_scores || !w.borderline || !w.cand || !w.cand_scores || !w.dist || !w.taken || !w.std || !w.pool)
        st = dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "histogram_policy: out of memory for %llu candidates",
                               (unsigned long long)batch_cap);
    else
        st = generate_rows(p, X, scorer, n, batch_cap, &w, out, err);
    work_free(&w);
    return st;
}

/* =============================================================== schemas, descriptors ======== */

static const dashost_param_spec n_bins_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_INT, "n_bins",
    "number of equal-width bins per feature, spanning the training range", "10", 2, 1000, NULL,
};
static const dashost_param_spec alpha_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "alpha",
    "regulariser added to every bin density before the log, so empty bins score -log2(alpha)", "0.1",
    /* (0, 1]: the schema's bounds are inclusive, so the open end is the smallest positive double */
    4.9406564584124654e-324, 1, NULL,
};
static const dashost_param_spec tol_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "tol",
    "values at most this many bin widths outside the training range count in the edge bin", "0.5", 0, 1, NULL,
};
static const dashost_param_spec *const hbos_params[] = {&n_bins_param, &alpha_param, &tol_param};

static const dashost_param_spec borderline_low_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "borderline_low",
    "training rows scoring below this quantile of the training scores are too typical to sample from", "0.5", 0, 1, NULL,
};
static const dashost_param_spec borderline_high_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "borderline_high",
    "training rows scoring above this quantile of the training scores are not sampled from", "0.95", 0, 1, NULL,
};
static const dashost_param_spec keep_quantile_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "keep_quantile",
    "a candidate is kept only if the detector scores it at or below this quantile of the training scores", "0.9", 0, 1, NULL,
};
static const dashost_param_spec candidates_per_row_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_INT, "candidates_per_row",
    "candidates built per missing row in each round", "4", 1, 100, NULL,
};
static const dashost_param_spec max_rounds_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_INT, "max_rounds",
    "rounds of candidates before filling up with the lowest-scoring rejected ones", "20", 1, 1000, NULL,
};
static const dashost_param_spec min_distance_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "min_distance",
    "reject a candidate whose nearest training row is at most this fraction of the data's spread away "
    "(spread: square root of the summed feature variances)", "0.01", 0, 1, NULL,
};
static const dashost_param_spec *const policy_params[] = {
    &borderline_low_param, &borderline_high_param, &keep_quantile_param,
    &candidates_per_row_param, &max_rounds_param, &min_distance_param,
};

static const dashost_detector_api hbos_api = {
    sizeof(dashost_detector_api), hbos_create, hbos_destroy, hbos_fit, hbos_score, NULL,
};
static const dashost_policy_api policy_api = {
    sizeof(dashost_policy_api), policy_create, policy_destroy, policy_generate, NULL,
};

static const dashost_plugin_descriptor hbos_descriptor = {
    sizeof(dashost_plugin_descriptor),
    DASHOST_KIND_DETECTOR,
    "histogram",
    "1.0.0",
    "HBOS: sum of per-feature -log histogram densities (example detector in plain C)",
    /* description: the text the LLM step reads to write a policy for this detector */
    "HBOS (Histogram-Based Outlier Score). Fit builds, for every feature separately, a histogram of the "
    "training values with n_bins = 10 equal-width bins spanning that feature's training minimum to "
    "maximum, normalised to a density (count divided by rows times bin width). The score of a row is the "
    "sum over features of -log2(density of the bin its value falls in + alpha), alpha = 0.1, i.e. minus "
    "the log of a product of per-feature densities; a value at most tol = 0.5 bin widths outside the "
    "training range counts in the nearest edge bin, a value farther out counts as density 0 and gets the "
    "largest per-feature score. Rows whose values fall in sparsely populated bins of one or several "
    "features score high. Weakness: features are treated independently, so a row whose every feature "
    "value is individually common, but whose combination of values never occurs in normal data (for "
    "example one that breaks a correlation between two features, or mixes the modes of two clusters), "
    "gets a low score; within a bin every value is alike, and beyond the training range the per-feature "
    "score no longer grows with the distance.",
    "histogram_policy",
    hbos_params,
    (uint32_t)(sizeof hbos_params / sizeof hbos_params[0]),
    &hbos_api,
};

static const dashost_plugin_descriptor policy_descriptor = {
    sizeof(dashost_plugin_descriptor),
    DASHOST_KIND_POLICY,
    "histogram_policy",
    "1.0.0",
    "HBOS-aware synthesis: individually common feature values in new combinations (example policy in plain C)",
    "HBOS-aware synthesis. Scores every training row with the detector and takes the borderline rows, "
    "those scoring between the borderline_low and borderline_high quantiles of the training scores. Each "
    "candidate copies every feature value from its own, independently drawn borderline row, so each value "
    "is individually common but the combination is new (the dependence between features is broken, which "
    "HBOS cannot see). A candidate is kept when the detector scores it at or below the keep_quantile of "
    "the training scores and its nearest training row is farther than min_distance times the data's "
    "spread; rounds repeat until enough rows are kept, then the lowest-scoring rejects fill up the rest.",
    NULL, /* only detectors name a default policy */
    policy_params,
    (uint32_t)(sizeof policy_params / sizeof policy_params[0]),
    &policy_api,
};

static const dashost_plugin_descriptor *const histogram_plugins[] = {&hbos_descriptor, &policy_descriptor};

static const dashost_library_descriptor histogram_library = {
    DASHOST_ABI_MAJOR, DASHOST_ABI_MINOR, sizeof(dashost_library_descriptor),
    (uint32_t)(sizeof histogram_plugins / sizeof histogram_plugins[0]), histogram_plugins,
};

DASHOST_EXPORT const dashost_library_descriptor *dashost_library_entry(void) { return &histogram_library; }
