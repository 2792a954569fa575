/*
 * dashost_plugin.h -- the whole contract between the dashost host and its plugins.
 *
 * A plugin is a shared library that exports one C function, `dashost_plugin_entry`, returning a
 * descriptor: ABI version, name, version, kind, and a table of function pointers for that kind
 * (detector, synthesis policy, enhancement classifier, fusion rule). Nothing else is required;
 * a plugin may be written in C, C++, Swift, Rust or anything that exports C symbols.
 *
 * Versioning (see docs/abi.md):
 *   - DASHOST_ABI_MAJOR changes only when an existing struct or function changes meaning or layout.
 *     A host refuses a plugin whose major differs from its own.
 *   - DASHOST_ABI_MINOR grows when fields are appended to the end of a struct. Every function table
 *     starts with `struct_size`, so a host reads only the fields a plugin actually provides.
 *   - New capabilities are optional extensions looked up by string id through `get_extension`;
 *     a NULL answer means "not supported". An incompatible change gets a new id ("/2").
 *
 * Memory ownership (the caller never frees what it is handed):
 *   - Descriptor, names and function tables: owned by the plugin, valid until the library is unloaded.
 *   - Input matrices, vectors and strings: owned by the host, valid only for the duration of the call.
 *   - Output buffers: allocated by the host with the documented size; the plugin only writes them.
 *   - Instances: created by the plugin's `create`, released by the plugin's `destroy`, which the host
 *     calls exactly once per successful `create`.
 *   - Errors: written by the plugin into a host-owned `dashost_error` buffer (no allocation crosses
 *     the boundary). Use dashost_error_set() for a printf-style message.
 *
 * Threading: the host never calls two functions on the same instance concurrently. Distinct instances
 * may be used from distinct threads at the same time, so plugins must not keep mutable global state.
 * Plugins may use threads internally.
 *
 * Compiles as C99 and as C++.
 */
#ifndef DASHOST_PLUGIN_H
#define DASHOST_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- versions and symbols ---- */

#define DASHOST_ABI_MAJOR 1
#define DASHOST_ABI_MINOR 0

/** Name of the one symbol every plugin exports: `const dashost_plugin_descriptor *dashost_plugin_entry(void)`. */
#define DASHOST_ENTRY_SYMBOL "dashost_plugin_entry"

#if defined(_WIN32)
#define DASHOST_EXPORT __declspec(dllexport)
#else
#define DASHOST_EXPORT __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------- status and errors ------- */

/** Result of every fallible call. Append-only: new codes are added at the end. */
typedef enum dashost_status {
    DASHOST_OK = 0,
    DASHOST_ERR_INVALID_ARGUMENT = 1, /* null pointer, zero rows, n = 0 where not allowed, ... */
    DASHOST_ERR_BAD_PARAMS = 2,       /* params JSON malformed, unknown key, value out of range */
    DASHOST_ERR_NOT_FITTED = 3,       /* score/predict before a successful fit */
    DASHOST_ERR_NON_FINITE = 4,       /* NaN or infinity in the input */
    DASHOST_ERR_SHAPE = 5,            /* wrong number of columns, labels not in {0,1}, ... */
    DASHOST_ERR_NO_MEMORY = 6,
    DASHOST_ERR_INTERNAL = 7,         /* a bug or a failure of a library the plugin uses */
    DASHOST_ERR_UNSUPPORTED = 8,      /* the operation is not available in this plugin */
    DASHOST_ERR_CALLBACK = 9          /* a host callback (e.g. the score function) reported an error */
} dashost_status;

#define DASHOST_ERROR_CAPACITY 1024

/** Host-owned error buffer. A plugin that returns a non-OK status writes a NUL-terminated message. */
typedef struct dashost_error {
    char message[DASHOST_ERROR_CAPACITY];
} dashost_error;

/** printf-style helper: writes the message (truncated to fit) and returns `status`. */
static inline dashost_status dashost_error_set(dashost_error *err, dashost_status status, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static inline dashost_status dashost_error_set(dashost_error *err, dashost_status status, const char *fmt, ...) {
    if (err != NULL) {
        va_list args;
        va_start(args, fmt);
        vsnprintf(err->message, DASHOST_ERROR_CAPACITY, fmt, args);
        va_end(args);
    }
    return status;
}

/* ---------------------------------------------------------------- data views -------------- */

/** A read-only, row-major, contiguous matrix of doubles: element (i, j) is data[i * cols + j]. */
typedef struct dashost_matrix {
    const double *data;
    uint64_t rows;
    uint64_t cols;
} dashost_matrix;

/** A read-only vector of doubles. */
typedef struct dashost_vector {
    const double *data;
    uint64_t length;
} dashost_vector;

/* ---------------------------------------------------------------- plugin kinds ------------ */

typedef enum dashost_kind {
    DASHOST_KIND_DETECTOR = 1,
    DASHOST_KIND_POLICY = 2,
    DASHOST_KIND_CLASSIFIER = 3,
    DASHOST_KIND_FUSION = 4
} dashost_kind;

/** Opaque plugin instance. */
typedef void dashost_instance;

/**
 * Create an instance from a JSON object of parameters (UTF-8, never NULL; "{}" means all defaults).
 * Unknown keys and out-of-range values must be rejected with DASHOST_ERR_BAD_PARAMS and a message
 * naming the key. `seed` drives every random choice, so equal (params, seed, data) give equal results.
 */
typedef dashost_status (*dashost_create_fn)(const char *params_json, uint64_t seed, dashost_instance **out,
                                            dashost_error *err);
/** Release an instance. Never fails; NULL is ignored. */
typedef void (*dashost_destroy_fn)(dashost_instance *instance);
/**
 * Optional capability lookup by string id (e.g. DASHOST_EXT_STATE). Returns a pointer to a
 * plugin-owned, static table of function pointers, or NULL when the capability is not supported.
 * May be NULL itself, which means "no extensions".
 */
typedef const void *(*dashost_get_extension_fn)(const char *id);

/* ---------------------------------------------------------------- detector ---------------- */

/**
 * An unsupervised anomaly detector. `fit` learns from (normally inlier-only) training rows; `score`
 * writes one score per row into `out_scores` (length X.rows, allocated by the host), higher = more
 * anomalous, finite. Scoring before fit returns DASHOST_ERR_NOT_FITTED; a column count different
 * from the training one returns DASHOST_ERR_SHAPE; NaN/infinity returns DASHOST_ERR_NON_FINITE.
 * Scores are per-row: scoring a batch equals scoring each row alone.
 */
typedef struct dashost_detector_api {
    uint32_t struct_size; /* sizeof(dashost_detector_api) as compiled into the plugin */
    dashost_create_fn create;
    dashost_status (*fit)(dashost_instance *instance, dashost_matrix X, dashost_error *err);
    dashost_status (*score)(dashost_instance *instance, dashost_matrix X, double *out_scores, dashost_error *err);
    dashost_destroy_fn destroy;
    dashost_get_extension_fn get_extension;
    void *reserved[8]; /* must be NULL; future minor versions may give them meaning */
} dashost_detector_api;

/* ---------------------------------------------------------------- synthesis policy -------- */

/**
 * The C form of the paper's `model.predict_score`: scores `X.rows` rows with the fitted detector and
 * writes them to `out_scores` (length X.rows, owned by the caller). Returns DASHOST_OK or an error
 * with a message in `err`. Valid only during the `generate` call it was passed to.
 */
typedef struct dashost_score_callback {
    dashost_status (*score)(void *context, dashost_matrix X, double *out_scores, dashost_error *err);
    void *context;
} dashost_score_callback;

/**
 * A synthesis policy: given the training matrix and the fitted detector's score function, write
 * `n` synthetic anomalies of `X_train.cols` columns, row-major, into `out` (n * X_train.cols doubles,
 * allocated by the host). All values written must be finite. A failing callback is reported as
 * DASHOST_ERR_CALLBACK with the callback's message included.
 */
typedef struct dashost_policy_api {
    uint32_t struct_size;
    dashost_create_fn create;
    dashost_status (*generate)(dashost_instance *instance, dashost_matrix X_train, dashost_score_callback scorer,
                               uint64_t n, uint64_t seed, double *out, dashost_error *err);
    dashost_destroy_fn destroy;
    dashost_get_extension_fn get_extension;
    void *reserved[8];
} dashost_policy_api;

/* ---------------------------------------------------------------- enhancement classifier -- */

/**
 * A binary classifier. `fit` takes X and labels y (length X.rows, each exactly 0.0 = normal or
 * 1.0 = anomaly, both classes present); `predict_proba` writes P(anomaly) in [0, 1] per row.
 */
typedef struct dashost_classifier_api {
    uint32_t struct_size;
    dashost_create_fn create;
    dashost_status (*fit)(dashost_instance *instance, dashost_matrix X, dashost_vector y, dashost_error *err);
    dashost_status (*predict_proba)(dashost_instance *instance, dashost_matrix X, double *out_proba,
                                    dashost_error *err);
    dashost_destroy_fn destroy;
    dashost_get_extension_fn get_extension;
    void *reserved[8];
} dashost_classifier_api;

/* ---------------------------------------------------------------- fusion rule ------------- */

/**
 * One named score column given to a fusion rule: `scores` are the rows to fuse (length n, the same
 * for every column), `reference` are the same scorer's scores on the training rows, which the rule
 * uses to normalise (e.g. min-max fit on training scores).
 */
typedef struct dashost_score_column {
    const char *name;
    dashost_vector scores;
    dashost_vector reference;
} dashost_score_column;

/** A fusion rule: combine `k` columns of `n` rows into one column `out` (length n, host-owned). */
typedef struct dashost_fusion_api {
    uint32_t struct_size;
    dashost_create_fn create;
    dashost_status (*fuse)(dashost_instance *instance, const dashost_score_column *columns, uint64_t k, uint64_t n,
                           double *out, dashost_error *err);
    dashost_destroy_fn destroy;
    dashost_get_extension_fn get_extension;
    void *reserved[8];
} dashost_fusion_api;

/* ---------------------------------------------------------------- descriptor -------------- */

/**
 * What `dashost_plugin_entry` returns. Owned by the plugin, valid until unload, never modified.
 * `api` points to the table for `kind`: dashost_detector_api, dashost_policy_api,
 * dashost_classifier_api or dashost_fusion_api.
 */
typedef struct dashost_plugin_descriptor {
    uint32_t abi_major;         /* DASHOST_ABI_MAJOR the plugin was compiled against */
    uint32_t abi_minor;         /* DASHOST_ABI_MINOR the plugin was compiled against */
    const char *name;           /* unique, [a-z0-9_.-]+, e.g. "iforest" */
    const char *version;        /* the plugin's own version, e.g. "1.2.0" */
    const char *summary;        /* one line for `dashost plugins` */
    dashost_kind kind;
    const void *api;
    const char *default_params; /* JSON object of every parameter with its default value */
    void *reserved[4];
} dashost_plugin_descriptor;

/** The entry point's type. Must be cheap and side-effect free: hosts call it while scanning. */
typedef const dashost_plugin_descriptor *(*dashost_entry_fn)(void);

/* ---------------------------------------------------------------- extensions -------------- */

/** Persistence, for detectors and classifiers: state is streamed, so no memory crosses allocators. */
#define DASHOST_EXT_STATE "dashost.state/1"

typedef struct dashost_stream_writer {
    /* Writes `size` bytes; returns the number written (== size on success). */
    uint64_t (*write)(void *context, const void *bytes, uint64_t size);
    void *context;
} dashost_stream_writer;

typedef struct dashost_stream_reader {
    /* Reads up to `size` bytes; returns the number read, 0 at end of stream. */
    uint64_t (*read)(void *context, void *bytes, uint64_t size);
    void *context;
} dashost_stream_reader;

typedef struct dashost_state_ext {
    uint32_t struct_size;
    dashost_status (*save)(dashost_instance *instance, dashost_stream_writer out, dashost_error *err);
    dashost_status (*load)(dashost_instance *instance, dashost_stream_reader in, dashost_error *err);
} dashost_state_ext;

/**
 * Out-of-sample reference scores, for classifiers: after `fit`, writes for every training row a
 * P(anomaly) computed without that row (out-of-bag for bagged ensembles, cross-fitted otherwise), so
 * a fusion rule can normalise on realistic, not memorised, training scores. `out` has one value per
 * training row, in training order.
 */
#define DASHOST_EXT_HELDOUT "dashost.heldout-proba/1"

typedef struct dashost_heldout_ext {
    uint32_t struct_size;
    dashost_status (*heldout_proba)(dashost_instance *instance, double *out, uint64_t n, dashost_error *err);
} dashost_heldout_ext;

/**
 * The detector's own scores of its training rows, for detectors whose plain `score` of a training row
 * is biased because the row is part of the model (neighbour methods count the row as its own
 * neighbour). Written as the detector computed them during `fit` (leave-self-out; PyOD's
 * `decision_scores_`). `out` has one value per training row, in training order.
 */
#define DASHOST_EXT_TRAINING_SCORES "dashost.training-scores/1"

typedef struct dashost_training_scores_ext {
    uint32_t struct_size;
    dashost_status (*training_scores)(dashost_instance *instance, double *out, uint64_t n, dashost_error *err);
} dashost_training_scores_ext;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DASHOST_PLUGIN_H */
