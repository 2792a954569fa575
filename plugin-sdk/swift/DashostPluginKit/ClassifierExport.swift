import CDashostPlugin

// The C functions of every enhancement classifier of the library: one `dashost_classifier_api`
// shared by all of them, dispatching on the descriptor `create` receives.

private typealias ClassifierBox = InstanceBox<ClassifierPlugin>

/// The `DASHOST_EXT_HELDOUT` table, offered to the classifiers whose type can give held-out scores.
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
    return UnsafeRawPointer(leak(ext))
}()

/// The classifiers' function table.
let classifierAPI: UnsafeRawPointer = {
    var api = dashost_classifier_api()
    api.struct_size = UInt32(MemoryLayout<dashost_classifier_api>.size)
    api.create = { descriptor, host, seed, out, err in
        guarded(err) {
            let out = try nonNull(out, "out")
            let host = try nonNull(host, "host")
            guard case .classifier(let type) = try PluginTable.pluginForCreate(descriptor).implementation else {
                throw PluginError.invalidArgument("create: the descriptor is not a classifier's")
            }
            out.pointee = ClassifierBox(try type.init(params: PluginParams(host: host), seed: seed)).retainedPointer()
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
            try box.plugin.predictProbability(
                view, into: UnsafeMutableBufferPointer(start: try nonNull(out, "out_proba"), count: view.rows))
        }
    }
    api.destroy = { ClassifierBox.release($0) }
    api.get_extension = { descriptor, id in
        PluginTable.extensionTable(descriptor, id, [DASHOST_EXT_HELDOUT: heldOutExtension])
    }
    return UnsafeRawPointer(leak(api))
}()

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
