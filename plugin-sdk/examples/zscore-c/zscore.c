/*
 * zscore: a complete dashost detector plugin in plain C99, built against dashost_plugin.h alone.
 *
 * Algorithm: fit stores each feature's training mean and standard deviation; the score of a row
 * is the sum over features of |x_j - mean_j| / std_j (a feature with zero spread uses std = 1).
 * Parameter: {"power": 1 or 2} -- 2 sums squared z-scores instead of absolute ones.
 *
 * It exists to prove the ABI is language-neutral and to be copied: every rule of the contract
 * (status + message errors, host-owned buffers, params validation, NaN and shape checks,
 * not-fitted state) is handled here explicitly, because C has no SDK doing it for you.
 */
#include "dashost_plugin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct zscore {
    int power;          /* 1 or 2 */
    uint64_t cols;      /* 0 while unfitted */
    double *mean;
    double *scale;
} zscore;

/* ---- a tiny parser for the one-key params object this plugin accepts ---------------------- */

static const char *skip_space(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

/* Accepts "{}", "{"power": 1}" and "{"power": 2}"; anything else is DASHOST_ERR_BAD_PARAMS. */
static dashost_status parse_params(const char *json, int *power, dashost_error *err) {
    const char *p = skip_space(json ? json : "{}");
    if (*p++ != '{') return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "params must be a JSON object, got: %.60s", json);
    p = skip_space(p);
    *power = 1;
    if (*p == '}') return *skip_space(p + 1) ? dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "trailing text after params") : DASHOST_OK;
    if (*p != '"') return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "params are not valid JSON: %.60s", json);
    const char *key = ++p;
    while (*p && *p != '"') p++;
    if (!*p) return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "params are not valid JSON: %.60s", json);
    size_t key_len = (size_t)(p - key);
    if (key_len != 5 || strncmp(key, "power", 5) != 0)
        return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "unknown parameter '%.*s' (known: power)", (int)key_len, key);
    p = skip_space(p + 1);
    if (*p++ != ':') return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "params are not valid JSON: %.60s", json);
    char *end = NULL;
    double value = strtod(skip_space(p), &end);
    if (end == skip_space(p) || (value != 1.0 && value != 2.0))
        return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "parameter 'power' must be 1 or 2");
    p = skip_space(end);
    if (*p != '}' || *skip_space(p + 1)) return dashost_error_set(err, DASHOST_ERR_BAD_PARAMS, "params are not valid JSON: %.60s", json);
    *power = (int)value;
    return DASHOST_OK;
}

/* ---- input validation shared by fit and score ------------------------------------------------ */

static dashost_status check_matrix(dashost_matrix X, dashost_error *err) {
    if (X.rows == 0 || X.cols == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "X is empty (%llu x %llu)",
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

static dashost_status zs_create(const char *params_json, uint64_t seed, dashost_instance **out, dashost_error *err) {
    (void)seed; /* deterministic: nothing random */
    if (out == NULL) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "out is a null pointer");
    int power = 1;
    dashost_status st = parse_params(params_json, &power, err);
    if (st != DASHOST_OK) return st;
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
    free(z->mean);
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

static const dashost_detector_api zscore_api = {
    sizeof(dashost_detector_api), zs_create, zs_fit, zs_score, zs_destroy, NULL, {NULL},
};

static const dashost_plugin_descriptor zscore_descriptor = {
    DASHOST_ABI_MAJOR,
    DASHOST_ABI_MINOR,
    "zscore",
    "1.0.0",
    "sum of per-feature absolute z-scores (example plugin in plain C)",
    DASHOST_KIND_DETECTOR,
    &zscore_api,
    "{\"power\": 1}",
    {NULL},
};

DASHOST_EXPORT const dashost_plugin_descriptor *dashost_plugin_entry(void) { return &zscore_descriptor; }
