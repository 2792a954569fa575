import DashostPluginKit

// libdashost_python_bridge.so: python_policy, a synthesis policy written in Python (the paper's
// LLM-written generate_hard_anomalies), run in a sandboxed Python child process.

private let library = PluginLibraryExport([
    .policy(
        PythonPolicyPlugin.self, name: "python_policy", version: "1.0.0",
        summary: "Runs generate_hard_anomalies(n_samples, model, X_train) of a Python file in a sandboxed Python child; model.predict_score calls the detector",
        description: "Runs the function generate_hard_anomalies(n_samples, model, X_train) of a Python file (the 'script' param; e.g. an LLM-written policy) in a sandboxed Python child process (no network, no writes outside a scratch folder, no new processes, time and memory limits). model.predict_score(X) calls the host's score callback of the fitted detector; random and numpy.random are seeded from the seed; the result must be a finite (n_samples, d) array."),
])

/// The library's one exported symbol: its descriptor, listing the plugin above.
@_cdecl("dashost_library_entry")
public func dashostLibraryEntry() -> UnsafeRawPointer { library.descriptor }
