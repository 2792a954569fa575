import CDashostPlugin

/// The detector type this library exports (one plugin per library). File-private, so each plugin
/// library keeps its own copy even when several are loaded into one process.
private var exportedDetector: DetectorPlugin.Type?

private typealias DetectorBox = InstanceBox<DetectorPlugin>

/// The `DASHOST_EXT_TRAINING_SCORES` table, offered only when the exported type provides it.
private let trainingScoresExtension: UnsafeRawPointer = {
    var ext = dashost_training_scores_ext()
    ext.struct_size = UInt32(MemoryLayout<dashost_training_scores_ext>.size)
    ext.training_scores = { instance, out, n, err in
        guarded(err) {
            try DetectorBox.from(instance).writePerTrainingRow(out, n, what: "training score") {
                try ($0 as? TrainingScoresDetectorPlugin)?.trainingScores()
            }
        }
    }
    return leak(ext)
}()

extension PluginExport {
    /// The descriptor of a detector plugin implemented by `type`.
    public static func detector(_ type: DetectorPlugin.Type, name: String, version: String,
                                summary: String) -> UnsafePointer<dashost_plugin_descriptor> {
        precondition(exportedDetector == nil || exportedDetector == type, "a library exports one detector")
        exportedDetector = type
        var api = dashost_detector_api()
        api.struct_size = UInt32(MemoryLayout<dashost_detector_api>.size)
        api.create = { json, seed, out, err in
            guarded(err) {
                let out = try nonNull(out, "out")
                let plugin = try construct(json) { try exportedDetector!.init(params: $0, seed: seed) }
                out.pointee = DetectorBox(plugin).retainedPointer()
            }
        }
        api.fit = { instance, X, err in
            guarded(err) {
                let box = try DetectorBox.from(instance)
                box.fittedColumns = nil
                let view = try MatrixView.checked(X, what: "X")
                try box.plugin.fit(view)
                box.fittedColumns = view.cols
                box.fittedRows = view.rows
            }
        }
        api.score = { instance, X, out, err in
            guarded(err) {
                let box = try DetectorBox.from(instance)
                let view = try MatrixView.checked(X, what: "X")
                try box.requireFitted(columns: view.cols, kind: "detector")
                let buffer = UnsafeMutableBufferPointer(start: try nonNull(out, "out_scores"), count: view.rows)
                try box.plugin.score(view, into: buffer)
                try checkFinite(buffer, what: "score")
            }
        }
        api.destroy = { DetectorBox.release($0) }
        api.get_extension = { id in
            guard let id, String(cString: id) == DASHOST_EXT_TRAINING_SCORES,
                  exportedDetector is TrainingScoresDetectorPlugin.Type else { return nil }
            return trainingScoresExtension
        }
        return makeDescriptor(kind: DASHOST_KIND_DETECTOR, api: leak(api), name: name, version: version,
                              summary: summary, defaultParams: defaults { try type.init(params: $0, seed: 0) })
    }
}
