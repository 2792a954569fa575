import CDashostPlugin

// The C functions of every detector of the library: one `dashost_detector_api` shared by all of
// them, dispatching on the descriptor `create` receives.

private typealias DetectorBox = InstanceBox<DetectorPlugin>

/// The `DASHOST_EXT_TRAINING_SCORES` table, offered to the detectors whose type provides it.
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
    return UnsafeRawPointer(leak(ext))
}()

/// The detectors' function table.
let detectorAPI: UnsafeRawPointer = {
    var api = dashost_detector_api()
    api.struct_size = UInt32(MemoryLayout<dashost_detector_api>.size)
    api.create = { descriptor, host, seed, out, err in
        guarded(err) {
            let out = try nonNull(out, "out")
            let host = try nonNull(host, "host")
            guard case .detector(let type) = try PluginTable.pluginForCreate(descriptor).implementation else {
                throw PluginError.invalidArgument("create: the descriptor is not a detector's")
            }
            out.pointee = DetectorBox(try type.init(params: PluginParams(host: host), seed: seed)).retainedPointer()
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
            try box.plugin.score(view, into: UnsafeMutableBufferPointer(start: try nonNull(out, "out_scores"), count: view.rows))
        }
    }
    api.destroy = { DetectorBox.release($0) }
    api.get_extension = { descriptor, id in
        PluginTable.extensionTable(descriptor, id, [DASHOST_EXT_TRAINING_SCORES: trainingScoresExtension])
    }
    return UnsafeRawPointer(leak(api))
}()
