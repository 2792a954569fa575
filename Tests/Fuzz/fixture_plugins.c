/*
 * The fuzz targets' plugin library: one plugin of each kind whose schema has every parameter type
 * (bool, int, double, string with and without choices, weights), so the pipeline, registry and params
 * targets check params against real schemas read through the real loader. The fuzz registry marks the
 * library "trust": "untrusted", so pipeline validation checks params against the schema only and
 * never calls `create`; every function here refuses to work (DASHOST_ERR_UNSUPPORTED).
 * Built by scripts/fuzz: cc -shared -fPIC -I plugin-sdk/include.
 */
#include "dashost_plugin.h"

#include <math.h>
#include <stddef.h>

static dashost_status refuse_create(const dashost_plugin_descriptor *plugin, const dashost_host *host, uint64_t seed,
                                    dashost_instance **out, dashost_error *err) {
    (void)plugin; (void)host; (void)seed; (void)err;
    *out = NULL;
    return DASHOST_ERR_UNSUPPORTED;
}
static void ignore_destroy(dashost_instance *instance) { (void)instance; }
static dashost_status refuse_fit(dashost_instance *i, dashost_matrix X, dashost_error *e) { (void)i; (void)X; (void)e; return DASHOST_ERR_UNSUPPORTED; }
static dashost_status refuse_score(dashost_instance *i, dashost_matrix X, double *o, dashost_error *e) { (void)i; (void)X; (void)o; (void)e; return DASHOST_ERR_UNSUPPORTED; }
static dashost_status refuse_generate(dashost_instance *i, dashost_matrix X, dashost_score_callback s, uint64_t n, uint64_t seed,
                                      double *o, dashost_error *e) { (void)i; (void)X; (void)s; (void)n; (void)seed; (void)o; (void)e; return DASHOST_ERR_UNSUPPORTED; }
static dashost_status refuse_classifier_fit(dashost_instance *i, dashost_matrix X, dashost_vector y, dashost_error *e) { (void)i; (void)X; (void)y; (void)e; return DASHOST_ERR_UNSUPPORTED; }
static dashost_status refuse_fuse(dashost_instance *i, const dashost_score_column *c, uint64_t k, uint64_t n, double *o, dashost_error *e) {
    (void)i; (void)c; (void)k; (void)n; (void)o; (void)e; return DASHOST_ERR_UNSUPPORTED;
}

static const char *const mode_choices[] = {"fast", "exact", "auto", NULL};
static const dashost_param_spec p_flag = {sizeof(dashost_param_spec), DASHOST_PARAM_BOOL, "flag", "a switch", "false", -INFINITY, INFINITY, NULL};
static const dashost_param_spec p_count = {sizeof(dashost_param_spec), DASHOST_PARAM_INT, "count", "an integer", "10", 1, 1000, NULL};
static const dashost_param_spec p_seedless = {sizeof(dashost_param_spec), DASHOST_PARAM_INT, "offset", "an unbounded integer", "-3", -INFINITY, INFINITY, NULL};
static const dashost_param_spec p_rate = {sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "rate", "a fraction", "0.5", 0, 1, NULL};
static const dashost_param_spec p_scale = {sizeof(dashost_param_spec), DASHOST_PARAM_DOUBLE, "scale", "any number", "1e-3", -INFINITY, INFINITY, NULL};
static const dashost_param_spec p_mode = {sizeof(dashost_param_spec), DASHOST_PARAM_STRING, "mode", "one of three", "\"auto\"", -INFINITY, INFINITY, mode_choices};
static const dashost_param_spec p_gamma = {sizeof(dashost_param_spec), DASHOST_PARAM_STRING, "gamma", "a keyword or a number", "\"scale\"", -INFINITY, INFINITY, NULL};
static const dashost_param_spec p_weights = {sizeof(dashost_param_spec), DASHOST_PARAM_WEIGHTS, "weights", "non-negative weights", "{}", 0, INFINITY, NULL};
static const dashost_param_spec *const all_params[] = {&p_flag, &p_count, &p_seedless, &p_rate, &p_scale, &p_mode, &p_gamma, &p_weights};
static const dashost_param_spec *const few_params[] = {&p_rate, &p_weights};

static const dashost_detector_api detector_api = {sizeof(dashost_detector_api), refuse_create, ignore_destroy, refuse_fit, refuse_score, NULL};
static const dashost_policy_api policy_api = {sizeof(dashost_policy_api), refuse_create, ignore_destroy, refuse_generate, NULL};
static const dashost_classifier_api classifier_api = {sizeof(dashost_classifier_api), refuse_create, ignore_destroy, refuse_classifier_fit, refuse_score, NULL};
static const dashost_fusion_api fusion_api = {sizeof(dashost_fusion_api), refuse_create, ignore_destroy, refuse_fuse, NULL};

static const dashost_plugin_descriptor detector = {sizeof(dashost_plugin_descriptor), DASHOST_KIND_DETECTOR, "fz_detector", "1.0.0",
    "fuzz fixture detector", "Refuses to work; its schema has every parameter type.", "fz_policy", all_params, 8, &detector_api};
static const dashost_plugin_descriptor policy = {sizeof(dashost_plugin_descriptor), DASHOST_KIND_POLICY, "fz_policy", "1.0.0",
    "fuzz fixture policy", "", NULL, all_params, 8, &policy_api};
static const dashost_plugin_descriptor classifier = {sizeof(dashost_plugin_descriptor), DASHOST_KIND_CLASSIFIER, "fz_classifier", "1.0.0",
    "fuzz fixture classifier", "", NULL, few_params, 2, &classifier_api};
static const dashost_plugin_descriptor fusion = {sizeof(dashost_plugin_descriptor), DASHOST_KIND_FUSION, "fz_fusion", "1.0.0",
    "fuzz fixture fusion", "", NULL, few_params, 2, &fusion_api};
static const dashost_plugin_descriptor *const plugins[] = {&detector, &policy, &classifier, &fusion};
static const dashost_library_descriptor library = {DASHOST_ABI_MAJOR, DASHOST_ABI_MINOR, sizeof(dashost_library_descriptor), 4, plugins};

const dashost_library_descriptor *dashost_library_entry(void) { return &library; }
