/*
 * Compile-time checks of the ABI's layout on x86-64 (LP64) and i386 (ILP32, where 64-bit fields are 4-aligned). The header
 * is the contract; this file only makes SwiftPM build it as a C module and fails the build if a
 * change to the header moved a field that released plugins rely on. The 32-bit branch is compiled
 * by the SDK's layout test (`clang --target=i386-linux-gnu -fsyntax-only`).
 *
 * SPDX-License-Identifier: MIT
 */
#include "dashost_plugin.h"

#define DASHOST_ASSERT_OFFSET(type, field, expected) \
    _Static_assert(offsetof(type, field) == (expected), #type "." #field " moved: that is an ABI break")
#define DASHOST_ASSERT_SIZE(type, expected) \
    _Static_assert(sizeof(type) == (expected), "sizeof(" #type ") changed: that is an ABI break")

/* P = pointer size: every offset below is written in terms of it, so one list serves both widths. */
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
#define P 8
#elif UINTPTR_MAX == 0xFFFFFFFFu
#define P 4
#else
#error "dashost supports 32- and 64-bit targets"
#endif

/* Fixed-width fields first, then pointers: on 64-bit every pointer is 8-aligned. */
DASHOST_ASSERT_OFFSET(dashost_library_descriptor, abi_major, 0);
DASHOST_ASSERT_OFFSET(dashost_library_descriptor, abi_minor, 4);
DASHOST_ASSERT_OFFSET(dashost_library_descriptor, struct_size, 8);
DASHOST_ASSERT_OFFSET(dashost_library_descriptor, plugin_count, 12);
DASHOST_ASSERT_OFFSET(dashost_library_descriptor, plugins, 16);

DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, kind, 4);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, name, 8);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, version, 8 + P);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, summary, 8 + 2 * P);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, description, 8 + 3 * P);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, default_policy, 8 + 4 * P);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, params, 8 + 5 * P);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, param_count, 8 + 6 * P);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, api, 8 + 7 * P);

DASHOST_ASSERT_OFFSET(dashost_param_spec, type, 4);
DASHOST_ASSERT_OFFSET(dashost_param_spec, name, 8);
DASHOST_ASSERT_OFFSET(dashost_param_spec, doc, 8 + P);
DASHOST_ASSERT_OFFSET(dashost_param_spec, default_value, 8 + 2 * P);
DASHOST_ASSERT_OFFSET(dashost_param_spec, minimum, 8 + 3 * P);
DASHOST_ASSERT_OFFSET(dashost_param_spec, maximum, 16 + 3 * P);
DASHOST_ASSERT_OFFSET(dashost_param_spec, choices, 24 + 3 * P);

/* The host table: three uint32 then host_data, aligned to P. */
#define HOST_FN(i) (((12 + P - 1) / P) * P + P + (i) * P)
DASHOST_ASSERT_OFFSET(dashost_host, abi_major, 4);
DASHOST_ASSERT_OFFSET(dashost_host, abi_minor, 8);
DASHOST_ASSERT_OFFSET(dashost_host, host_data, ((12 + P - 1) / P) * P);
DASHOST_ASSERT_OFFSET(dashost_host, param_bool, HOST_FN(0));
DASHOST_ASSERT_OFFSET(dashost_host, param_weights_entry, HOST_FN(5));
DASHOST_ASSERT_OFFSET(dashost_host, log, HOST_FN(6));
DASHOST_ASSERT_OFFSET(dashost_host, thread_budget, HOST_FN(9));
DASHOST_ASSERT_OFFSET(dashost_host, random_uniform, HOST_FN(10));
DASHOST_ASSERT_OFFSET(dashost_host, random_permutation, HOST_FN(13));
DASHOST_ASSERT_OFFSET(dashost_host, quantile, HOST_FN(14));
DASHOST_ASSERT_OFFSET(dashost_host, nearest_rows, HOST_FN(16));
DASHOST_ASSERT_OFFSET(dashost_host, get_extension, HOST_FN(17));
DASHOST_ASSERT_SIZE(dashost_host, HOST_FN(18));

/* Kind tables: struct_size, then one pointer per function. */
DASHOST_ASSERT_OFFSET(dashost_detector_api, create, P);
DASHOST_ASSERT_OFFSET(dashost_detector_api, destroy, 2 * P);
DASHOST_ASSERT_OFFSET(dashost_detector_api, fit, 3 * P);
DASHOST_ASSERT_OFFSET(dashost_detector_api, score, 4 * P);
DASHOST_ASSERT_OFFSET(dashost_detector_api, get_extension, 5 * P);
DASHOST_ASSERT_SIZE(dashost_detector_api, 6 * P);
DASHOST_ASSERT_OFFSET(dashost_policy_api, generate, 3 * P);
DASHOST_ASSERT_OFFSET(dashost_policy_api, get_extension, 4 * P);
DASHOST_ASSERT_OFFSET(dashost_classifier_api, fit, 3 * P);
DASHOST_ASSERT_OFFSET(dashost_classifier_api, predict_proba, 4 * P);
DASHOST_ASSERT_OFFSET(dashost_fusion_api, fuse, 3 * P);

DASHOST_ASSERT_OFFSET(dashost_matrix, rows, P);
DASHOST_ASSERT_OFFSET(dashost_matrix, cols, P + 8);
DASHOST_ASSERT_OFFSET(dashost_score_callback, context, P);
DASHOST_ASSERT_OFFSET(dashost_score_column, scores, P);

#undef P

/** The ABI version this copy of the header declares, for hosts that want it at run time. */
uint32_t dashost_sdk_abi_major(void) { return DASHOST_ABI_MAJOR; }
