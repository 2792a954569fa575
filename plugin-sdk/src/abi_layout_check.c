/*
 * Compile-time checks of the ABI's layout on the platforms dashost supports. The header is the
 * contract; this file only makes SwiftPM build it as a C module and fails the build if a change to
 * the header moved a field that released plugins rely on.
 */
#include "dashost_plugin.h"

#define DASHOST_ASSERT_OFFSET(type, field, expected) \
    _Static_assert(offsetof(type, field) == (expected), #type "." #field " moved: that is an ABI break")

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
DASHOST_ASSERT_OFFSET(dashost_matrix, rows, 8);
DASHOST_ASSERT_OFFSET(dashost_matrix, cols, 16);
DASHOST_ASSERT_OFFSET(dashost_detector_api, create, 8);
DASHOST_ASSERT_OFFSET(dashost_detector_api, fit, 16);
DASHOST_ASSERT_OFFSET(dashost_detector_api, score, 24);
DASHOST_ASSERT_OFFSET(dashost_detector_api, destroy, 32);
DASHOST_ASSERT_OFFSET(dashost_detector_api, get_extension, 40);
DASHOST_ASSERT_OFFSET(dashost_policy_api, generate, 16);
DASHOST_ASSERT_OFFSET(dashost_classifier_api, predict_proba, 24);
DASHOST_ASSERT_OFFSET(dashost_fusion_api, fuse, 16);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, name, 8);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, kind, 32);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, api, 40);
DASHOST_ASSERT_OFFSET(dashost_plugin_descriptor, default_params, 48);
#endif

/** The ABI version this copy of the header declares, for hosts that want it at run time. */
uint32_t dashost_sdk_abi_major(void) { return DASHOST_ABI_MAJOR; }
