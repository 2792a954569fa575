/*
 * A small plugin library for the host's tests: one plugin of each kind, correct by default, and
 * broken on purpose by compile-time switches (cc -DBREAK_...), so the loader, the runtime checks
 * and `dashost check` are tested against real misbehaviour: crashes, aborts, overruns, NaN, a
 * policy that ignores a failing callback, calls on one instance from two threads at once.
 *
 *   FAKE_PREFIX "x"            plugin names become x_detector, x_policy, ... (default "fake")
 *   FAKE_ABI_MAJOR n           the library descriptor's ABI major (default DASHOST_ABI_MAJOR)
 *   FAKE_DETECTOR_KIND n       the detector descriptor's kind code (default DASHOST_KIND_DETECTOR)
 *   FAKE_NULL_FIT              the detector table's fit is NULL
 *   FAKE_NO_ENTRY              no dashost_library_entry symbol
 *   FAKE_ABI1_ENTRY            export an ABI 1.0 style `dashost_plugin_entry` instead
 *   BREAK_DETECTOR_SEGV        score dereferences NULL
 *   BREAK_DETECTOR_NAN         score writes NaN for the last row and returns OK
 *   BREAK_DETECTOR_HALF        score writes only the first half of its rows and returns OK
 *   BREAK_DETECTOR_EXIT        fit calls exit(0)
 *   BREAK_POLICY_OVERRUN       generate writes one value past the end of out
 *   BREAK_POLICY_NAN           generate writes NaN into synthetic row 12, column 1
 *   BREAK_POLICY_IGNORE_CALLBACK  generate ignores a failing score callback and returns OK
 *   BREAK_POLICY_WRONG_STATUS  generate reports a failing callback as DASHOST_ERR_INTERNAL
 *   BREAK_CLASSIFIER_ABORT     predict_proba calls abort()
 *   BREAK_CLASSIFIER_RANGE     predict_proba writes 1.5 for row 0
 *   BREAK_FUSION_NAN           fuse writes NaN for row 0
 *   BREAK_DETECTOR_HANG        fit never returns (a busy loop)
 *   BREAK_DETECTOR_SLOW        fit sleeps 1 s, then works
 *   BREAK_DETECTOR_HUGE        fit allocates and touches memory until an allocation fails
 *   BREAK_DETECTOR_EXIT_SCORE  score calls _exit(0) (which no atexit handler sees)
 *   BREAK_DETECTOR_SOCKET      fit opens a TCP socket and connects it to 127.0.0.1:9
 *   BREAK_DETECTOR_WRITE       fit writes ./inside.txt (its working folder), then /tmp/dashost-sandbox-escape
 *   BREAK_DETECTOR_FORK        fit forks up to 10000 children (a fork bomb)
 *   BREAK_POLICY_SEGV          generate dereferences NULL after its first score callback
 *   BREAK_POLICY_COPIES        generate returns exact copies of training rows (no jitter)
 *   BREAK_POLICY_NO_CALLBACK   generate never calls the score callback (jittered random rows)
 *   BREAK_POLICY_NONDETERMINISTIC  generate adds a static call counter to its first value
 *   BREAK_POLICY_EASY          generate places its rows far out (100 standard deviations from their seeds)
 *   BREAK_POLICY_HANG          generate never returns (a busy loop) after its first score callback
 *   BREAK_POLICY_SOCKET        generate opens a TCP socket first (refused in the sandbox: it then fails)
 *   BREAK_LIBRARY_CONSTRUCTOR  a constructor (run by dlopen) appends its pid to /tmp/dashost-constructor-ran
 *   FAKE_COPY                  no effect: a second file with the same plugin names
 *   CONCURRENCY_PROBE          the detector's score fails if another call on the same instance is
 *                              in progress (it sleeps 2 ms inside, to make overlaps likely)
 */
#define _DEFAULT_SOURCE /* usleep */
#define _POSIX_C_SOURCE 200809L
#include "dashost_plugin.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#ifdef BREAK_LIBRARY_CONSTRUCTOR
__attribute__((constructor)) static void fake_constructor(void) {
    FILE *f = fopen("/tmp/dashost-constructor-ran", "a");
    if (f) { fprintf(f, "%d\n", (int)getpid()); fclose(f); }
}
#endif

#ifndef FAKE_PREFIX
#define FAKE_PREFIX "fake"
#endif
#ifndef FAKE_ABI_MAJOR
#define FAKE_ABI_MAJOR DASHOST_ABI_MAJOR
#endif
#ifndef FAKE_DETECTOR_KIND
#define FAKE_DETECTOR_KIND DASHOST_KIND_DETECTOR
#endif

static int has_non_finite(dashost_matrix X) {
    for (uint64_t i = 0; i < X.rows * X.cols; i++) if (!isfinite(X.data[i])) return 1;
    return 0;
}

/* ------------------------------------------------------------------ detector: distance to the mean */

typedef struct {
    const dashost_host *host;
    double scale;
    int64_t exponent;
    uint64_t cols; /* 0 = not fitted */
    double *mean;
    volatile int busy;
} detector;

static const dashost_param_spec d_scale = {sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "scale",
    "multiplies every score", "1", 0.001, 1000, NULL};
static const dashost_param_spec d_exponent = {sizeof(dashost_param_spec), DASHOST_PARAM_INT, "exponent",
    "score = sum over columns of |x - mean| to this power", "2", 1, 4, NULL};
static const dashost_param_spec *const detector_params[] = {&d_scale, &d_exponent};

static dashost_status d_create(const dashost_plugin_descriptor *p, const dashost_host *host, uint64_t seed,
                               dashost_instance **out, dashost_error *err) {
    (void)p; (void)seed;
    detector *d = calloc(1, sizeof *d);
    if (!d) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
    d->host = host;
    if (host->param_double(host, "scale", &d->scale) != DASHOST_OK ||
        host->param_int(host, "exponent", &d->exponent) != DASHOST_OK) {
        free(d);
        return dashost_error_set(err, DASHOST_ERR_INTERNAL, "the host did not hand over scale/exponent");
    }
    *out = d;
    return DASHOST_OK;
}

static void d_destroy(dashost_instance *i) {
    detector *d = i;
    if (d) { free(d->mean); free(d); }
}

static dashost_status d_fit(dashost_instance *i, dashost_matrix X, dashost_error *err) {
    detector *d = i;
    if (X.rows == 0 || X.cols == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "X is empty");
    if (has_non_finite(X)) return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "X has a NaN or infinity");
#ifdef BREAK_DETECTOR_EXIT
    exit(0);
#endif
#ifdef BREAK_DETECTOR_HANG
    for (volatile unsigned long spin = 0;; spin++) {}
#endif
#ifdef BREAK_DETECTOR_SLOW
    sleep(1);
#endif
#ifdef BREAK_DETECTOR_HUGE
    for (size_t total = 0;; total += 64 << 20) {
        char *block = malloc(64 << 20);
        if (!block) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory after %zu MiB", total >> 20);
        memset(block, 1, 64 << 20);
    }
#endif
#ifdef BREAK_DETECTOR_SOCKET
    {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s < 0) return dashost_error_set(err, DASHOST_ERR_INTERNAL, "socket: %s", strerror(errno));
        struct sockaddr_in a = {0};
        a.sin_family = AF_INET;
        a.sin_port = htons(9);
        a.sin_addr.s_addr = htonl(0x7f000001);
        int rc = connect(s, (struct sockaddr *)&a, sizeof a);
        close(s);
        if (rc != 0) return dashost_error_set(err, DASHOST_ERR_INTERNAL, "connect: %s", strerror(errno));
    }
#endif
#ifdef BREAK_DETECTOR_WRITE
    {
        FILE *inside = fopen("inside.txt", "w");
        if (!inside) return dashost_error_set(err, DASHOST_ERR_INTERNAL, "writing inside.txt: %s", strerror(errno));
        fputs("scratch is writable\n", inside);
        fclose(inside);
        FILE *outside = fopen("/tmp/dashost-sandbox-escape", "w");
        if (!outside) return dashost_error_set(err, DASHOST_ERR_INTERNAL, "writing /tmp/dashost-sandbox-escape: %s", strerror(errno));
        fputs("escaped\n", outside);
        fclose(outside);
    }
#endif
#ifdef BREAK_DETECTOR_FORK
    for (int k = 0; k < 10000; k++) {
        pid_t child = fork();
        if (child < 0) return dashost_error_set(err, DASHOST_ERR_INTERNAL, "fork %d: %s", k, strerror(errno));
        if (child == 0) { sleep(5); _exit(0); }
    }
#endif
    free(d->mean);
    d->mean = calloc(X.cols, sizeof(double));
    d->host->column_stats(d->host, X, NULL, NULL, d->mean, NULL);
    d->cols = X.cols;
    return DASHOST_OK;
}

static dashost_status d_score(dashost_instance *i, dashost_matrix X, double *out, dashost_error *err) {
    detector *d = i;
#ifdef CONCURRENCY_PROBE
    if (__sync_lock_test_and_set(&d->busy, 1)) return dashost_error_set(err, DASHOST_ERR_INTERNAL, "two calls on one instance at once");
    usleep(2000);
#endif
    dashost_status status = DASHOST_OK;
    if (d->cols == 0) status = dashost_error_set(err, DASHOST_ERR_NOT_FITTED, "not fitted");
    else if (X.cols != d->cols) status = dashost_error_set(err, DASHOST_ERR_SHAPE, "X has %llu columns, fitted on %llu",
                                                           (unsigned long long)X.cols, (unsigned long long)d->cols);
    else if (has_non_finite(X)) status = dashost_error_set(err, DASHOST_ERR_NON_FINITE, "X has a NaN or infinity");
    else {
        uint64_t rows = X.rows;
#ifdef BREAK_DETECTOR_EXIT_SCORE
        _exit(0);
#endif
#ifdef BREAK_DETECTOR_HALF
        rows = X.rows / 2;
#endif
        for (uint64_t r = 0; r < rows; r++) {
            double s = 0;
            for (uint64_t c = 0; c < X.cols; c++) s += pow(fabs(X.data[r * X.cols + c] - d->mean[c]), (double)d->exponent);
            out[r] = d->scale * s;
        }
#ifdef BREAK_DETECTOR_NAN
        out[X.rows - 1] = NAN;
#endif

#ifdef BREAK_DETECTOR_SEGV
        *(volatile double *)(uintptr_t)(out[0] < 0 ? 8 : 0) = 1;
#endif
    }
#ifdef CONCURRENCY_PROBE
    __sync_lock_release(&d->busy);
#endif
    return status;
}

static const dashost_detector_api detector_api = {
    sizeof(dashost_detector_api), d_create, d_destroy,
#ifdef FAKE_NULL_FIT
    NULL,
#else
    d_fit,
#endif
    d_score, NULL};

/* ------------------------------------------------------------------ policy: jittered borderline rows */

typedef struct { const dashost_host *host; double spread; } policy;

static const dashost_param_spec p_spread = {sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "spread",
    "standard deviation of the jitter, in units of each column's standard deviation", "0.5", 0, 10, NULL};
static const dashost_param_spec *const policy_params[] = {&p_spread};

static dashost_status p_create(const dashost_plugin_descriptor *p, const dashost_host *host, uint64_t seed,
                               dashost_instance **out, dashost_error *err) {
    (void)p; (void)seed;
    policy *q = calloc(1, sizeof *q);
    if (!q) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
    q->host = host;
    host->param_double(host, "spread", &q->spread);
    *out = q;
    return DASHOST_OK;
}

static void p_destroy(dashost_instance *i) { free(i); }

static dashost_status p_generate(dashost_instance *i, dashost_matrix X, dashost_score_callback scorer, uint64_t n,
                                 uint64_t seed, double *out, dashost_error *err) {
    policy *q = i;
    const dashost_host *h = q->host;
    (void)seed; /* the host re-seeded its stream from it */
    if (n == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "n must be at least 1");
    if (X.rows == 0 || X.cols == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "X_train is empty");
    if (has_non_finite(X)) return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "X_train has a NaN or infinity");
    double *scores = malloc(X.rows * sizeof(double)), *std = malloc(X.cols * sizeof(double));
    dashost_error inner;
#ifdef BREAK_POLICY_NO_CALLBACK
    for (uint64_t r = 0; r < X.rows; r++) scores[r] = 0;
    dashost_status s = DASHOST_OK;
#else
    dashost_status s = scorer.score(scorer.context, X, scores, &inner);
#endif
    if (s != DASHOST_OK) {
        free(scores); free(std);
#if defined(BREAK_POLICY_IGNORE_CALLBACK)
        for (uint64_t k = 0; k < n * X.cols; k++) out[k] = 0;
        return DASHOST_OK;
#elif defined(BREAK_POLICY_WRONG_STATUS)
        return dashost_error_set(err, DASHOST_ERR_INTERNAL, "scoring failed");
#else
        return dashost_error_set(err, DASHOST_ERR_CALLBACK, "score callback failed: %s", inner.message);
#endif
    }
#ifdef BREAK_POLICY_HANG
    for (volatile unsigned long spin = 0;; spin++) {}
#endif
#ifdef BREAK_POLICY_SOCKET
    {
        int sock = socket(AF_INET, SOCK_STREAM, 0);
        if (sock < 0) {
            free(scores); free(std);
            return dashost_error_set(err, DASHOST_ERR_INTERNAL, "socket: %s", strerror(errno));
        }
        close(sock);
    }
#endif
#ifdef BREAK_POLICY_SEGV
    *(volatile double *)(uintptr_t)(scores[0] < -1e300 ? 8 : 0) = 1;
#endif
    /* Borderline rows: at or above the median training score. */
    double median = h->quantile(h, scores, X.rows, 0.5);
    h->column_stats(h, X, NULL, NULL, NULL, std);
    for (uint64_t r = 0; r < n; r++) {
        uint64_t pick;
        do { pick = h->random_below(h, X.rows); } while (scores[pick] < median);
        for (uint64_t c = 0; c < X.cols; c++)
            out[r * X.cols + c] = X.data[pick * X.cols + c] + q->spread * (std[c] > 0 ? std[c] : 1) * h->random_normal(h);
#if defined(BREAK_POLICY_COPIES)
        for (uint64_t c = 0; c < X.cols; c++) out[r * X.cols + c] = X.data[pick * X.cols + c];
#elif defined(BREAK_POLICY_EASY)
        for (uint64_t c = 0; c < X.cols; c++) out[r * X.cols + c] = X.data[pick * X.cols + c] + 100 * (std[c] > 0 ? std[c] : 1);
#endif
        h->progress(h, (double)(r + 1) / (double)n);
    }
#ifdef BREAK_POLICY_NONDETERMINISTIC
    static int calls = 0;
    out[0] += 1e-3 * (double)(++calls);
#endif
    /* Score each synthetic row on its own, as policies that filter candidates do. */
#ifdef BREAK_POLICY_NO_CALLBACK
    for (uint64_t r = 0; r < 0; r++) {
#else
    for (uint64_t r = 0; r < n; r++) {
#endif
        dashost_matrix row = {out + r * X.cols, 1, X.cols};
        double score;
        if (scorer.score(scorer.context, row, &score, &inner) != DASHOST_OK) {
            free(scores); free(std);
            return dashost_error_set(err, DASHOST_ERR_CALLBACK, "score callback failed: %s", inner.message);
        }
    }
#ifdef BREAK_POLICY_NAN
    if (n > 12) out[12 * X.cols + 1] = NAN;
#endif
#ifdef BREAK_POLICY_OVERRUN
    out[n * X.cols] = 42;
#endif
    h->log(h, DASHOST_LOG_DEBUG, "generated");
    free(scores); free(std);
    return DASHOST_OK;
}

static const dashost_policy_api policy_api = {sizeof(dashost_policy_api), p_create, p_destroy, p_generate, NULL};

/* ------------------------------------------------------------------ classifier: nearest centroid */

typedef struct { uint64_t cols; double *c0, *c1; } classifier;

static dashost_status c_create(const dashost_plugin_descriptor *p, const dashost_host *host, uint64_t seed,
                               dashost_instance **out, dashost_error *err) {
    (void)p; (void)host; (void)seed;
    classifier *c = calloc(1, sizeof *c);
    if (!c) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
    *out = c;
    return DASHOST_OK;
}

static void c_destroy(dashost_instance *i) {
    classifier *c = i;
    if (c) { free(c->c0); free(c->c1); free(c); }
}

static dashost_status c_fit(dashost_instance *i, dashost_matrix X, dashost_vector y, dashost_error *err) {
    classifier *c = i;
    if (X.rows == 0 || X.cols == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "X is empty");
    if (y.length != X.rows) return dashost_error_set(err, DASHOST_ERR_SHAPE, "%llu labels for %llu rows",
                                                     (unsigned long long)y.length, (unsigned long long)X.rows);
    if (has_non_finite(X)) return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "X has a NaN or infinity");
    uint64_t n0 = 0, n1 = 0;
    for (uint64_t r = 0; r < X.rows; r++) {
        if (y.data[r] == 0) n0++; else if (y.data[r] == 1) n1++;
        else return dashost_error_set(err, DASHOST_ERR_SHAPE, "label %g of row %llu is not 0 or 1", y.data[r], (unsigned long long)r);
    }
    if (n0 == 0 || n1 == 0) return dashost_error_set(err, DASHOST_ERR_SHAPE, "both classes must be present");
    free(c->c0); free(c->c1);
    c->c0 = calloc(X.cols, sizeof(double));
    c->c1 = calloc(X.cols, sizeof(double));
    for (uint64_t r = 0; r < X.rows; r++)
        for (uint64_t k = 0; k < X.cols; k++) {
            if (y.data[r] == 1) c->c1[k] += X.data[r * X.cols + k] / (double)n1;
            else c->c0[k] += X.data[r * X.cols + k] / (double)n0;
        }
    c->cols = X.cols;
    return DASHOST_OK;
}

static dashost_status c_predict(dashost_instance *i, dashost_matrix X, double *out, dashost_error *err) {
    classifier *c = i;
    if (c->cols == 0) return dashost_error_set(err, DASHOST_ERR_NOT_FITTED, "not fitted");
    if (X.cols != c->cols) return dashost_error_set(err, DASHOST_ERR_SHAPE, "wrong number of columns");
    if (has_non_finite(X)) return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "X has a NaN or infinity");
#ifdef BREAK_CLASSIFIER_ABORT
    abort();
#endif
    for (uint64_t r = 0; r < X.rows; r++) {
        double d0 = 0, d1 = 0;
        for (uint64_t k = 0; k < X.cols; k++) {
            double a = X.data[r * X.cols + k] - c->c0[k], b = X.data[r * X.cols + k] - c->c1[k];
            d0 += a * a; d1 += b * b;
        }
        out[r] = 1 / (1 + exp(-(sqrt(d0) - sqrt(d1))));
    }
#ifdef BREAK_CLASSIFIER_RANGE
    out[0] = 1.5;
#endif
    return DASHOST_OK;
}

static const dashost_classifier_api classifier_api = {sizeof(dashost_classifier_api), c_create, c_destroy, c_fit, c_predict, NULL};

/* ------------------------------------------------------------------ fusion: weighted sum */

typedef struct { const dashost_host *host; } fusion;

static const dashost_param_spec f_weights = {sizeof(dashost_param_spec), DASHOST_PARAM_WEIGHTS, "weights",
    "weight of each named column (default 1)", "{}", 0, 100, NULL};
static const dashost_param_spec *const fusion_params[] = {&f_weights};

static dashost_status f_create(const dashost_plugin_descriptor *p, const dashost_host *host, uint64_t seed,
                               dashost_instance **out, dashost_error *err) {
    (void)p; (void)seed;
    fusion *f = calloc(1, sizeof *f);
    if (!f) return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
    f->host = host;
    *out = f;
    return DASHOST_OK;
}

static void f_destroy(dashost_instance *i) { free(i); }

static double weight_of(const dashost_host *h, const char *name) {
    uint64_t count = h->param_weights_count(h, "weights");
    for (uint64_t k = 0; k < count; k++) {
        const char *key; double value;
        if (h->param_weights_entry(h, "weights", k, &key, &value) == DASHOST_OK && strcmp(key, name) == 0) return value;
    }
    return 1;
}

static dashost_status f_fuse(dashost_instance *i, const dashost_score_column *columns, uint64_t k, uint64_t n, double *out,
                             dashost_error *err) {
    fusion *f = i;
    if (k == 0) return dashost_error_set(err, DASHOST_ERR_INVALID_ARGUMENT, "no columns");
    for (uint64_t c = 0; c < k; c++) {
        if (columns[c].scores.length != n) return dashost_error_set(err, DASHOST_ERR_SHAPE, "column %s has the wrong length", columns[c].name);
        for (uint64_t r = 0; r < n; r++)
            if (!isfinite(columns[c].scores.data[r])) return dashost_error_set(err, DASHOST_ERR_NON_FINITE, "NaN in column %s", columns[c].name);
    }
    for (uint64_t r = 0; r < n; r++) {
        out[r] = 0;
        for (uint64_t c = 0; c < k; c++) out[r] += weight_of(f->host, columns[c].name) * columns[c].scores.data[r];
    }
#ifdef BREAK_FUSION_NAN
    out[0] = NAN;
#endif
    return DASHOST_OK;
}

static const dashost_fusion_api fusion_api = {sizeof(dashost_fusion_api), f_create, f_destroy, f_fuse, NULL};

/* ------------------------------------------------------------------ descriptors */

static const dashost_plugin_descriptor detector_descriptor = {
    sizeof(dashost_plugin_descriptor), FAKE_DETECTOR_KIND, FAKE_PREFIX "_detector", "2.0.0", "test detector",
    "Sum over columns of the distance to the training mean, to a power.", FAKE_PREFIX "_policy",
    detector_params, 2, &detector_api};
static const dashost_plugin_descriptor policy_descriptor = {
    sizeof(dashost_plugin_descriptor), DASHOST_KIND_POLICY, FAKE_PREFIX "_policy", "2.0.0", "test policy",
    "Jittered copies of training rows scored at or above the median.", NULL, policy_params, 1, &policy_api};
static const dashost_plugin_descriptor classifier_descriptor = {
    sizeof(dashost_plugin_descriptor), DASHOST_KIND_CLASSIFIER, FAKE_PREFIX "_classifier", "2.0.0", "test classifier",
    "Nearest centroid.", NULL, NULL, 0, &classifier_api};
static const dashost_plugin_descriptor fusion_descriptor = {
    sizeof(dashost_plugin_descriptor), DASHOST_KIND_FUSION, FAKE_PREFIX "_fusion", "2.0.0", "test fusion",
    "Weighted sum.", NULL, fusion_params, 1, &fusion_api};

static const dashost_plugin_descriptor *const plugins[] = {
    &detector_descriptor, &policy_descriptor, &classifier_descriptor, &fusion_descriptor};
static const dashost_library_descriptor library = {FAKE_ABI_MAJOR, DASHOST_ABI_MINOR, sizeof(dashost_library_descriptor), 4, plugins};

#if defined(FAKE_ABI1_ENTRY)
/* What an ABI 1.0 plugin exported: a descriptor starting with (abi_major, abi_minor, name). */
static const struct { uint32_t major, minor; const char *name; } abi1 = {1, 0, FAKE_PREFIX "_old"};
DASHOST_EXPORT const void *dashost_plugin_entry(void) { return &abi1; }
#elif !defined(FAKE_NO_ENTRY)
DASHOST_EXPORT const dashost_library_descriptor *dashost_library_entry(void) { return &library; }
#else
DASHOST_EXPORT const dashost_library_descriptor *some_other_symbol(void) { return &library; }
#endif
