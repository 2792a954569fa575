import CDashostPlugin

/// The classifier type this library exports (one plugin per library); file-private, see DetectorExport.
private var exportedClassifier: ClassifierPlugin.Type?

private typealias ClassifierBox = InstanceBox<ClassifierPlugin>

/// The `DASHOST_EXT_HELDOUT` table, offered only when the exported type can give held-out scores.
private let heldOutExtension: UnsafeRawPointer = {
    var ext = dashost_heldout_ext()
    ext.struct_size = UInt32(MemoryLayout<dashost_heldout_ext>.size)
    ext.heldout_proba = { instance, out, n, err in
        guarded(err) {
            try ClassifierBox.from(instance).writePerTrainingRow(out, n, what: "held-out probability") {
                try ($0 as? HeldOutClassifierPlugin)?.heldOutProbability()
            }
        }
    }
    return leak(ext)
}()

extension PluginExport {
    /// The descriptor of an enhancement-classifier plugin implemented by `type`.
    public static func classifier(_ type: ClassifierPlugin.Type, name: String, version: String,
                                  summary: String) -> UnsafePointer<dashost_plugin_descriptor> {
        precondition(exportedClassifier == nil || exportedClassifier == type, "a library exports one classifier")
        exportedClassifier = type
        var api = dashost_classifier_api()
        api.struct_size = UInt32(MemoryLayout<dashost_classifier_api>.size)
        api.create = { json, seed, out, err in
            guarded(err) {
                let out = try nonNull(out, "out")
                let plugin = try construct(json) { try exportedClassifier!.init(params: $0, seed: seed) }
                out.pointee = ClassifierBox(plugin).retainedPointer()
            }
        }
        api.fit = { instance, X, y, err in
            guarded(err) {
                let box = try ClassifierBox.from(instance)
                box.fittedColumns = nil
                let view = try MatrixView.checked(X, what: "X")
                let labels = try checkedLabels(y, rows: view.rows)
                try box.plugin.fit(view, labels: labels)
                box.fittedColumns = view.cols
                box.fittedRows = view.rows
            }
        }
        api.predict_proba = { instance, X, out, err in
            guarded(err) {
                let box = try ClassifierBox.from(instance)
                let view = try MatrixView.checked(X, what: "X")
                try box.requireFitted(columns: view.cols, kind: "classifier")
                let buffer = UnsafeMutableBufferPointer(start: try nonNull(out, "out_proba"), count: view.rows)
                try box.plugin.predictProbability(view, into: buffer)
                if let i = buffer.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
                    throw PluginError.internalError("plugin produced probability \(buffer[i]) outside [0, 1] at row \(i)")
                }
            }
        }
        api.destroy = { ClassifierBox.release($0) }
        api.get_extension = { id in
            guard let id, String(cString: id) == DASHOST_EXT_HELDOUT,
                  exportedClassifier is HeldOutClassifierPlugin.Type else { return nil }
            return heldOutExtension
        }
        return makeDescriptor(kind: DASHOST_KIND_CLASSIFIER, api: leak(api), name: name, version: version,
                              summary: summary, defaultParams: defaults { try type.init(params: $0, seed: 0) })
    }
}

/// Validates labels: one per row, each exactly 0 or 1, both classes present.
func checkedLabels(_ y: dashost_vector, rows: Int) throws -> UnsafeBufferPointer<Double> {
    guard Int(y.length) == rows else {
        throw PluginError.shape("y has \(y.length) labels but X has \(rows) rows")
    }
    let labels = UnsafeBufferPointer(start: try nonNull(y.data, "y"), count: rows)
    if let i = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
        throw PluginError.shape("label \(labels[i]) at row \(i) is not 0 or 1")
    }
    guard labels.contains(0), labels.contains(1) else {
        throw PluginError.shape("y must contain both classes (0 = normal, 1 = anomaly)")
    }
    return labels
}
