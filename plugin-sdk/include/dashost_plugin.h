/*
 * dashost_plugin.h -- the whole contract between the dashost host and its plugins. ABI 2.0.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 the dashost authors. See plugin-sdk/LICENSE.
 *
 * A plugin library is a shared library that exports one C function, `dashost_library_entry`,
 * returning a library descriptor: the ABI version it was built for and one or more plugin
 * descriptors (a detector and its synthesis policy ship in one library). Each plugin descriptor
 * says what the plugin is (name, version, kind, summary, the algorithm description the LLM step
 * reads, a detector's default policy), declares its parameters (a schema the host validates), and
 * points to the function table of its kind. A plugin may be written in C, C++, Swift, Rust or
 * anything that exports C symbols, and needs nothing but libc and libm: the host hands every
 * instance a `dashost_host` table with its parameters (already parsed and validated), logging,
 * progress, cancellation, a seeded random stream and a few numeric helpers.
 *
 * Growth rule (the only one; see docs/abi.md):
 *   - Every struct the two sides exchange starts with `uint32_t struct_size` (except the library
 *     descriptor, whose first two fields are the ABI version so that any host can read them).
 *     A minor version only appends fields at the end; a reader uses a field only if the writer's
 *     `struct_size` covers it, and treats a field it does not see as NULL / 0.
 *   - Optional capabilities are extensions looked up by string id (`get_extension`); NULL means
 *     "not supported". An incompatible change of an extension gets a new id ("/2").
 *   - Every enum stored in a struct is a fixed-width integer (`uint32_t`), with `#define`d values.
 *   - DASHOST_ABI_MAJOR changes only when an existing field or function changes meaning or layout.
 *     A host refuses a library whose major differs from its own, and one whose minor is newer.
 *
 * Threading tags (as CLAP's): every function below carries one.
 *   [any-thread]      may be called from any thread, concurrently with anything: must be thread-safe.
 *   [instance]        called from any thread, but the host never runs two [instance] calls on the
 *                     same instance at the same time (distinct instances may run concurrently, so
 *                     plugins keep no mutable global state).
 *   [during-call]     a host function the plugin may call only from inside a call the host made on
 *                     that instance, on the calling thread (not from the plugin's own worker threads).
 *   [thread-safe]     a host function the plugin may call from any of its own threads, concurrently.
 *
 * Memory ownership (the caller never frees what it is handed):
 *   - Descriptors, names, schemas and function tables: owned by the plugin, valid until unload.
 *   - The `dashost_host` table and every string it returns: owned by the host, valid until the
 *     instance's `destroy` returns.
 *   - Input matrices, vectors and strings: owned by the host, valid only for the duration of the call.
 *   - Output buffers: allocated by the host with the documented size; the plugin only writes them,
 *     and never past the end (the host places sentinels after every output buffer in `check`).
 *   - Instances: created by `create`, released by `destroy`, which the host calls exactly once per
 *     successful `create`.
 *   - Errors: written by the plugin into a host-owned `dashost_error` buffer (no allocation crosses
 *     the boundary). Use dashost_error_set() for a printf-style message.
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

#define DASHOST_ABI_MAJOR 2
#define DASHOST_ABI_MINOR 0

/** The one symbol every plugin library exports: `const dashost_library_descriptor *dashost_library_entry(void)`. */
#define DASHOST_ENTRY_SYMBOL "dashost_library_entry"

#if defined(_WIN32)
#define DASHOST_EXPORT __declspec(dllexport)
#else
#define DASHOST_EXPORT __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------- status and errors ------- */

/** Result of every fallible call. Append-only: new codes are added at the end. */
typedef int32_t dashost_status;
#define DASHOST_OK 0
#define DASHOST_ERR_INVALID_ARGUMENT 1 /* null pointer, zero rows, n = 0 where not allowed, ... */
#define DASHOST_ERR_BAD_PARAMS 2       /* a parameter the plugin cannot use (the host checked the schema) */
#define DASHOST_ERR_NOT_FITTED 3       /* score/predict before a successful fit */
#define DASHOST_ERR_NON_FINITE 4       /* NaN or infinity in the input */
#define DASHOST_ERR_SHAPE 5            /* wrong number of columns, labels not in {0,1}, ... */
#define DASHOST_ERR_NO_MEMORY 6
#define DASHOST_ERR_INTERNAL 7         /* a bug or a failure of a library the plugin uses */
#define DASHOST_ERR_UNSUPPORTED 8      /* the operation is not available in this plugin */
#define DASHOST_ERR_CALLBACK 9         /* a host callback (e.g. the score function) reported an error */
#define DASHOST_ERR_CANCELLED 10       /* the plugin stopped because `is_cancelled` said so */

/** The symbolic name of a status code ("DASHOST_ERR_SHAPE"), or NULL for an unknown code. [any-thread] */
static inline const char *dashost_status_name(dashost_status status) {
    switch (status) {
    case DASHOST_OK: return "DASHOST_OK";
    case DASHOST_ERR_INVALID_ARGUMENT: return "DASHOST_ERR_INVALID_ARGUMENT";
    case DASHOST_ERR_BAD_PARAMS: return "DASHOST_ERR_BAD_PARAMS";
    case DASHOST_ERR_NOT_FITTED: return "DASHOST_ERR_NOT_FITTED";
    case DASHOST_ERR_NON_FINITE: return "DASHOST_ERR_NON_FINITE";
    case DASHOST_ERR_SHAPE: return "DASHOST_ERR_SHAPE";
    case DASHOST_ERR_NO_MEMORY: return "DASHOST_ERR_NO_MEMORY";
    case DASHOST_ERR_INTERNAL: return "DASHOST_ERR_INTERNAL";
    case DASHOST_ERR_UNSUPPORTED: return "DASHOST_ERR_UNSUPPORTED";
    case DASHOST_ERR_CALLBACK: return "DASHOST_ERR_CALLBACK";
    case DASHOST_ERR_CANCELLED: return "DASHOST_ERR_CANCELLED";
    default: return NULL;
    }
}

#define DASHOST_ERROR_CAPACITY 1024

/** Host-owned error buffer. A plugin that returns a non-OK status writes a NUL-terminated message. */
typedef struct dashost_error {
    char message[DASHOST_ERROR_CAPACITY];
} dashost_error;

/** printf-style helper: writes the message (truncated to fit) and returns `status`. [any-thread] */
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

/* ---------------------------------------------------------------- parameter schema -------- */

/** Parameter types (`dashost_param_spec.type`). */
#define DASHOST_PARAM_BOOL 1   /* JSON true / false; read with param_bool */
#define DASHOST_PARAM_INT 2    /* JSON integer (3.0 is accepted, 3.5 is not); read with param_int */
#define DASHOST_PARAM_DOUBLE 3 /* JSON number, finite; read with param_double */
#define DASHOST_PARAM_STRING 4 /* JSON string, optionally one of `choices`; read with param_string. Without
                                  choices a JSON number is accepted too, handed over as its shortest
                                  exact text ("0.3"), for params that take a keyword or a number */
#define DASHOST_PARAM_WEIGHTS 5 /* JSON object of finite numbers keyed by name; read with param_weight(s) */

/**
 * One parameter a plugin accepts. The host rejects, before `create`, any key not in the schema, any
 * value of the wrong type, any number outside [minimum, maximum] and any string not in `choices`,
 * with a message naming the plugin and the key; absent keys take `default_value`.
 */
typedef struct dashost_param_spec {
    uint32_t struct_size;      /* sizeof(dashost_param_spec) */
    uint32_t type;             /* DASHOST_PARAM_* */
    const char *name;          /* [A-Za-z0-9_]+, e.g. "n_neighbors", "C" */
    const char *doc;           /* one line: what the parameter does */
    const char *default_value; /* the default as a JSON literal: "20", "0.5", "true", "\"auto\"", "{}" */
    double minimum;            /* INT, DOUBLE (and each WEIGHTS value): inclusive bounds; */
    double maximum;            /* use -INFINITY / INFINITY (math.h) for "unbounded" */
    const char *const *choices; /* STRING: NULL-terminated list of allowed values, or NULL for any string */
} dashost_param_spec;

/* ---------------------------------------------------------------- host services ----------- */

/** Log levels for `dashost_host.log`; `dashost --verbose` shows DEBUG and INFO. */
#define DASHOST_LOG_DEBUG 0
#define DASHOST_LOG_INFO 1
#define DASHOST_LOG_WARNING 2
#define DASHOST_LOG_ERROR 3

/**
 * What the host offers an instance, handed to `create` and valid until `destroy` returns. One table
 * per instance: the params, the random stream and the log prefix are that instance's.
 */
typedef struct dashost_host dashost_host;
struct dashost_host {
    uint32_t struct_size; /* sizeof(dashost_host) as compiled into the host */
    uint32_t abi_major;   /* the host's DASHOST_ABI_MAJOR / MINOR */
    uint32_t abi_minor;
    void *host_data;      /* the host's; plugins never touch it */

    /* Parameters, validated against the schema, defaults filled in. A name not in the schema, or of
     * another type, returns DASHOST_ERR_BAD_PARAMS. [any-thread] */
    dashost_status (*param_bool)(const dashost_host *host, const char *name, int32_t *out);
    dashost_status (*param_int)(const dashost_host *host, const char *name, int64_t *out);
    dashost_status (*param_double)(const dashost_host *host, const char *name, double *out);
    /** The string value (host-owned), or NULL when `name` is not a STRING parameter. */
    const char *(*param_string)(const dashost_host *host, const char *name);
    /** Number of entries of a WEIGHTS parameter (0 when empty or not a WEIGHTS parameter). */
    uint64_t (*param_weights_count)(const dashost_host *host, const char *name);
    /** Entry `index` of a WEIGHTS parameter, in key order: key (host-owned) and value. */
    dashost_status (*param_weights_entry)(const dashost_host *host, const char *name, uint64_t index,
                                          const char **key, double *value);

    /* Diagnostics. [thread-safe] */
    void (*log)(const dashost_host *host, int32_t level, const char *message);
    /** Progress of the current long call, in [0, 1]. */
    void (*progress)(const dashost_host *host, double fraction);
    /** Nonzero when the user asked to stop: return DASHOST_ERR_CANCELLED soon after. */
    int32_t (*is_cancelled)(const dashost_host *host);
    /** How many threads the instance may keep busy (>= 1). */
    uint32_t (*thread_budget)(const dashost_host *host);

    /* The instance's random stream: seeded from `create`'s seed, and re-seeded from the `seed`
     * argument at the start of every `generate`, so equal (params, seed, data) give equal results.
     * [during-call] (and inside `create`) */
    double (*random_uniform)(const dashost_host *host);           /* in [0, 1) */
    double (*random_normal)(const dashost_host *host);            /* standard normal */
    uint64_t (*random_below)(const dashost_host *host, uint64_t n); /* uniform in [0, n); 0 when n == 0 */
    void (*random_permutation)(const dashost_host *host, uint64_t *out, uint64_t n); /* of 0..n-1 */

    /* Numeric helpers. [thread-safe] */
    /** The q-quantile (q in [0, 1], linear interpolation as NumPy's default) of n finite values. */
    double (*quantile)(const dashost_host *host, const double *values, uint64_t n, double q);
    /** Per-column minimum, maximum, mean and (population) standard deviation; each output may be
     * NULL, else X.cols doubles. */
    dashost_status (*column_stats)(const dashost_host *host, dashost_matrix X, double *min, double *max,
                                   double *mean, double *std);
    /** The k rows of X nearest to `point` (X.cols values), Euclidean, nearest first, ties by row
     * index: k row indices and their distances (either output may be NULL). k <= X.rows. */
    dashost_status (*nearest_rows)(const dashost_host *host, dashost_matrix X, const double *point, uint64_t k,
                                   uint64_t *out_index, double *out_distance);

    /** A host extension by id, or NULL. [any-thread] */
    const void *(*get_extension)(const dashost_host *host, const char *id);
};

/* ---------------------------------------------------------------- plugin kinds ------------ */

/** Plugin kinds (`dashost_plugin_descriptor.kind`). */
#define DASHOST_KIND_DETECTOR 1
#define DASHOST_KIND_POLICY 2
#define DASHOST_KIND_CLASSIFIER 3
#define DASHOST_KIND_FUSION 4

/** Opaque plugin instance. */
typedef void dashost_instance;

typedef struct dashost_plugin_descriptor dashost_plugin_descriptor;

/**
 * Create an instance of `plugin` (one of the library's descriptors, so one function can serve
 * several plugins). Read parameters through `host` (already validated against the schema; keep the
 * pointer, it stays valid until `destroy`). `seed` drives every random choice, so equal (params,
 * seed, data) give equal results. [instance]
 */
typedef dashost_status (*dashost_create_fn)(const dashost_plugin_descriptor *plugin, const dashost_host *host,
                                            uint64_t seed, dashost_instance **out, dashost_error *err);
/** Release an instance. Never fails; NULL is ignored. [instance] */
typedef void (*dashost_destroy_fn)(dashost_instance *instance);
/**
 * Optional capability lookup by string id (e.g. DASHOST_EXT_STATE). Returns a pointer to a
 * plugin-owned, static table of function pointers, or NULL when the capability is not supported.
 * May be NULL itself, which means "no extensions". [any-thread]
 */
typedef const void *(*dashost_get_extension_fn)(const dashost_plugin_descriptor *plugin, const char *id);

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
    dashost_destroy_fn destroy;
    dashost_status (*fit)(dashost_instance *instance, dashost_matrix X, dashost_error *err);  /* [instance] */
    dashost_status (*score)(dashost_instance *instance, dashost_matrix X, double *out_scores,
                            dashost_error *err);                                              /* [instance] */
    dashost_get_extension_fn get_extension;
} dashost_detector_api;

/* ---------------------------------------------------------------- synthesis policy -------- */

/**
 * The C form of the paper's `model.predict_score`: scores `X.rows` rows with the fitted detector and
 * writes them to `out_scores` (length X.rows, owned by the caller). Returns DASHOST_OK or an error
 * with a message in `err`. Valid only during the `generate` call it was passed to. [during-call]
 */
typedef struct dashost_score_callback {
    dashost_status (*score)(void *context, dashost_matrix X, double *out_scores, dashost_error *err);
    void *context;
} dashost_score_callback;

/**
 * A synthesis policy: given the training matrix and the fitted detector's score function, write
 * `n` synthetic anomalies of `X_train.cols` columns, row-major, into `out` (n * X_train.cols doubles,
 * allocated by the host). All values written must be finite. A failing callback must be reported
 * as DASHOST_ERR_CALLBACK (the host checks), with the callback's message included.
 */
typedef struct dashost_policy_api {
    uint32_t struct_size;
    dashost_create_fn create;
    dashost_destroy_fn destroy;
    dashost_status (*generate)(dashost_instance *instance, dashost_matrix X_train, dashost_score_callback scorer,
                               uint64_t n, uint64_t seed, double *out, dashost_error *err); /* [instance] */
    dashost_get_extension_fn get_extension;
} dashost_policy_api;

/* ---------------------------------------------------------------- enhancement classifier -- */

/**
 * A binary classifier. `fit` takes X and labels y (length X.rows, each exactly 0.0 = normal or
 * 1.0 = anomaly, both classes present); `predict_proba` writes P(anomaly) in [0, 1] per row.
 */
typedef struct dashost_classifier_api {
    uint32_t struct_size;
    dashost_create_fn create;
    dashost_destroy_fn destroy;
    dashost_status (*fit)(dashost_instance *instance, dashost_matrix X, dashost_vector y,
                          dashost_error *err);                                               /* [instance] */
    dashost_status (*predict_proba)(dashost_instance *instance, dashost_matrix X, double *out_proba,
                                    dashost_error *err);                                     /* [instance] */
    dashost_get_extension_fn get_extension;
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
    dashost_destroy_fn destroy;
    dashost_status (*fuse)(dashost_instance *instance, const dashost_score_column *columns, uint64_t k, uint64_t n,
                           double *out, dashost_error *err);                                 /* [instance] */
    dashost_get_extension_fn get_extension;
} dashost_fusion_api;

/* ---------------------------------------------------------------- descriptors ------------- */

/**
 * One plugin of a library. Owned by the plugin, valid until unload, never modified.
 * `api` points to the table for `kind`: dashost_detector_api, dashost_policy_api,
 * dashost_classifier_api or dashost_fusion_api.
 */
struct dashost_plugin_descriptor {
    uint32_t struct_size;         /* sizeof(dashost_plugin_descriptor) */
    uint32_t kind;                /* DASHOST_KIND_* */
    const char *name;             /* unique, [a-z0-9_.-]+, e.g. "iforest" */
    const char *version;          /* the plugin's own version, e.g. "1.2.0" */
    const char *summary;          /* one line for `dashost plugins` */
    const char *description;      /* what the algorithm does, in plain prose: the text the LLM step
                                     reads to write a policy for a detector (required for detectors) */
    const char *default_policy;   /* detectors: the name of the policy paired by default; else NULL */
    const dashost_param_spec *const *params; /* `param_count` pointers to the parameter schema */
    uint32_t param_count;
    const void *api;
};

/** What `dashost_library_entry` returns. Owned by the library, valid until unload, never modified. */
typedef struct dashost_library_descriptor {
    uint32_t abi_major;    /* DASHOST_ABI_MAJOR the library was compiled against; first in every ABI */
    uint32_t abi_minor;    /* DASHOST_ABI_MINOR the library was compiled against */
    uint32_t struct_size;  /* sizeof(dashost_library_descriptor) */
    uint32_t plugin_count; /* >= 1 */
    const dashost_plugin_descriptor *const *plugins;
} dashost_library_descriptor;

/** The entry point's type. Cheap and side-effect free: hosts call it while scanning. [any-thread] */
typedef const dashost_library_descriptor *(*dashost_entry_fn)(void);

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
    dashost_status (*save)(dashost_instance *instance, dashost_stream_writer out, dashost_error *err); /* [instance] */
    dashost_status (*load)(dashost_instance *instance, dashost_stream_reader in, dashost_error *err);  /* [instance] */
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
    dashost_status (*heldout_proba)(dashost_instance *instance, double *out, uint64_t n,
                                    dashost_error *err); /* [instance] */
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
    dashost_status (*training_scores)(dashost_instance *instance, double *out, uint64_t n,
                                      dashost_error *err); /* [instance] */
} dashost_training_scores_ext;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DASHOST_PLUGIN_H */
