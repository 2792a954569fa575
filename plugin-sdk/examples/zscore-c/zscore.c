/*
 * zscore: a complete dashost detector plugin in plain C99, built against dashost_plugin.h alone.
 * ABI 2.0.
 *
 * Algorithm: fit stores each feature's training mean and (population) standard deviation; the
 * score of a row is the sum over features of |x_j - mean_j| / std_j (a feature with zero spread
 * uses std = 1). Parameter `power` (1 or 2): 2 sums squared z-scores instead of absolute ones.
 *
 * It exists to prove the ABI is language-neutral and to be copied. It contains no JSON code: the
 * parameters are declared as a schema (`dashost_param_spec`), the host parses and validates the
 * user's JSON against it before `create`, and `create` reads the typed value with
 * `host->param_int`. What C still has to do by hand (status + message errors, host-owned output
 * buffers, NaN and shape checks, the not-fitted state) is done here explicitly.
 *
 * SPDX-License-Identifier: MIT (see plugin-sdk/LICENSE)
 */
#include "dashost_plugin.h"

#include <math.h>
#include <stdlib.h>

/* True when the host table is long enough to contain `field` (the growth rule: a reader uses a
 * field only if the writer's struct_size covers it). */
#define HOST_HAS(host, field) \
    ((host)->struct_size >= offsetof(dashost_host, field) + sizeof((host)->field) && (host)->field != NULL)

typedef struct zscore {
    int64_t power;      /* 1 or 2 (the host enforced the schema's bounds) */
    uint64_t cols;      /* 0 while unfitted */
    double *mean;
    double *scale;
} zscore;

/* ---- input validation shared by fit and score ------------------------------------------------ */

static dashost_status check_matrix(dashost_matrix X, dashost_error *err) {
    if (X.rows == 0 || X.cols == 0)
        return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "X is empty (%llu x %llu)",
                                 (unsigned long long)X.rows, (unsigned long long)X.cols);
    if (X.data == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "X is a null pointer");
    for (uint64_t i = 0; i < X.rows * X.cols; i++) {
        if (!isfinite(X.data[i]))
            return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "X has a non-finite value at row %llu, column %llu",
                                     (unsigned long long)(i / X.cols), (unsigned long long)(i % X.cols));
    }
    return DASHOST_OK;
}

/* ---- the detector table ------------------------------------------------------------------- */

static dashost_status zs_create(const dashost_plugin_descriptor *plugin, const dashost_host *host, uint64_t seed,
                                dashost_instance **out, dashost_error *err) {
    (void)plugin;
    (void)seed; /* deterministic: nothing random */
    if (out == NULL || host == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "out or host is a null pointer");
    if (!HOST_HAS(host, param_int)) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "the host table has no param_int");
    int64_t power = 1;
    dashost_status st = host->param_int(host, "power", &power);
    if (st != DASHOST_OK) return dashost_error_set(err, st, "cannot read parameter 'power'");
    zscore *z = (zscore *)calloc(1, sizeof *z);
    if (z == NULL) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
    z->power = power;
    *out = z;
    return DASHOST_OK;
}

static dashost_status zs_fit(dashost_instance *instance, dashost_matrix X, dashost_error *err) {
    zscore *z = (zscore *)instance;
    if (z == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "instance is a null pointer");
    dashost_status st = check_matrix(X, err);
    if (st != DASHOST_OK) return st;
    double *mean = (double *)calloc(X.cols, sizeof(double));
    double *scale = (double *)calloc(X.cols, sizeof(double));
    if (mean == NULL || scale == NULL) {
        free(mean);
        free(scale);
        return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
    }
    for (uint64_t j = 0; j < X.cols; j++) {
        double sum = 0, sq = 0;
        for (uint64_t i = 0; i < X.rows; i++) sum += X.data[i * X.cols + j];
        mean[j] = sum / (double)X.rows;
        for (uint64_t i = 0; i < X.rows; i++) {
            double d = X.data[i * X.cols + j] - mean[j];
            sq += d * d;
        }
        double sd = sqrt(sq / (double)X.rows);
        scale[j] = sd > 0 ? sd : 1.0;
    }
    free(z->mean); /* refitting replaces the previous fit */
    free(z->scale);
    z->mean = mean;
    z->scale = scale;
    z->cols = X.cols;
    return DASHOST_OK;
}

static dashost_status zs_score(dashost_instance *instance, dashost_matrix X, double *out, dashost_error *err) {
    zscore *z = (zscore *)instance;
    if (z == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "instance is a null pointer");
    if (z->cols == 0) return dashost_error_set(err, DASHOST_ERR_NOT_FITTED, "zscore is not fitted: call fit first");
    dashost_status st = check_matrix(X, err);
    if (st != DASHOST_OK) return st;
    if (X.cols != z->cols)
        return dashost_error_set(err, DASHOST_ERR_SHAPE, "X has %llu columns but zscore was fitted on %llu",
                                 (unsigned long long)X.cols, (unsigned long long)z->cols);
    if (out == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "out_scores is a null pointer");
    for (uint64_t i = 0; i < X.rows; i++) {
        double s = 0;
        for (uint64_t j = 0; j < X.cols; j++) {
            double t = fabs(X.data[i * X.cols + j] - z->mean[j]) / z->scale[j];
            s += z->power == 2 ? t * t : t;
        }
        out[i] = s;
    }
    return DASHOST_OK;
}

static void zs_destroy(dashost_instance *instance) {
    zscore *z = (zscore *)instance;
    if (z == NULL) return;
    free(z->mean);
    free(z->scale);
    free(z);
}

/* ---- schema, descriptors, entry ------------------------------------------------------------ */

static const dashost_param_spec power_param = {
    sizeof(dashost_param_spec), DASHOST_PARAM_INT, "power",
    "1 sums absolute z-scores, 2 sums squared z-scores",
    "1", 1, 2, NULL,
};
static const dashost_param_spec *const zscore_params[] = {&power_param};

static const dashost_detector_api zscore_api = {
    sizeof(dashost_detector_api), zs_create, zs_destroy, zs_fit, zs_score, NULL,
};

static const dashost_plugin_descriptor zscore_descriptor = {
    sizeof(dashost_plugin_descriptor),
    DASHOST_KIND_DETECTOR,
    "zscore",
    "2.0.0",
    "sum of per-feature absolute z-scores (example plugin in plain C)",
    /* description: the text the LLM step reads to write a policy for this detector */
    "Per-feature z-score detector. Fit stores each feature's training mean and population standard "
    "deviation (a constant feature uses 1); the score of a row is the sum over features of "
    "|x_j - mean_j| / std_j (with power = 2, the sum of squared z-scores). Rows with values far from "
    "the mean on one or several features score high. Weakness: features are scored independently and "
    "only by their distance to the mean, so a row whose every feature value is individually typical "
    "but whose combination of values never occurs in normal data (breaking a correlation), or a value "
    "in an empty gap between two modes near the mean, gets a low score.",
    "ecod_policy", /* the built-in policy that targets the same blind spot */
    zscore_params,
    (uint32_t)(sizeof zscore_params / sizeof zscore_params[0]),
    &zscore_api,
};
static const dashost_plugin_descriptor *const zscore_plugins[] = {&zscore_descriptor};

static const dashost_library_descriptor zscore_library = {
    DASHOST_ABI_MAJOR, DASHOST_ABI_MINOR, sizeof(dashost_library_descriptor),
    (uint32_t)(sizeof zscore_plugins / sizeof zscore_plugins[0]), zscore_plugins,
};

DASHOST_EXPORT const dashost_library_descriptor *dashost_library_entry(void) { return &zscore_library; }
