/// Policy programs the algorithmist tests install, build and vet, as an LLM's replies would carry them.
enum PolicyPrograms {
    /// A C policy that does what the code prompt asks: scores the training rows with the detector,
    /// seeds from the upper half of them, and moves each seed by half a column spread.
    static let goodC = #"""
    #include "dashost_plugin.h"
    #include <math.h>
    #include <stdlib.h>

    /* Policy: borderline seeds (the upper half of the detector's training scores), each moved by
     * Gaussian steps of half its column's spread, so the rows stay near the data the detector accepts. */
    dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples, dashost_score_callback model,
                                           dashost_matrix X_train, double *out, dashost_error *err) {
        uint64_t n = X_train.rows, d = X_train.cols;
        double *scores = malloc(n * sizeof *scores), *spread = malloc(d * sizeof *spread);
        if (scores == NULL || spread == NULL) {
            free(scores); free(spread);
            return dashost_error_set(err, DASHOST_ERR_NO_MEMORY, "out of memory");
        }
        if (model.score(model.context, X_train, scores, err) != DASHOST_OK) {
            free(scores); free(spread);
            return DASHOST_ERR_CALLBACK;
        }
        host->column_stats(host, X_train, NULL, NULL, NULL, spread);
        double median = host->quantile(host, scores, n, 0.5);
        for (uint64_t i = 0; i < n_samples; i++) {
            uint64_t r = host->random_below(host, n);
            while (scores[r] < median) r = host->random_below(host, n);
            for (uint64_t j = 0; j < d; j++) {
                double step = spread[j] > 0 ? 0.5 * spread[j] : 0.1;
                out[i * d + j] = X_train.data[r * d + j] + step * host->random_normal(host);
            }
        }
        free(scores); free(spread);
        return DASHOST_OK;
    }
    """#

    /// `goodC` as an LLM's reply: the policy, the program, the explanation.
    static func reply(_ source: String, language: String = "c") -> String {
        """
        **Policy.** Seed from borderline training rows (the upper half of the detector's scores) and move each a little.

        ```\(language)
        \(source)
        ```

        **Explanation.** The detector scores such rows like its normal fringe, yet they leave the data.
        """
    }

    /// A C program that does not compile (an undeclared name).
    static let brokenC = #"""
    #include "dashost_plugin.h"
    dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples, dashost_score_callback model,
                                           dashost_matrix X_train, double *out, dashost_error *err) {
        return undeclared_helper(out);
    }
    """#

    /// A C policy that crashes (writes through a null pointer).
    static let crashingC = #"""
    #include "dashost_plugin.h"
    #include <stddef.h>
    dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples, dashost_score_callback model,
                                           dashost_matrix X_train, double *out, dashost_error *err) {
        volatile double *nowhere = NULL;
        *nowhere = 1.0;
        return DASHOST_OK;
    }
    """#

    /// A C policy that returns NaN everywhere.
    static let nanC = #"""
    #include "dashost_plugin.h"
    #include <math.h>
    dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples, dashost_score_callback model,
                                           dashost_matrix X_train, double *out, dashost_error *err) {
        for (uint64_t i = 0; i < n_samples * X_train.cols; i++) out[i] = NAN;
        return DASHOST_OK;
    }
    """#

    /// A Python policy of the paper release's shape: imports inside, NearestNeighbors, unseeded
    /// NumPy draws, `model.predict_score` on arrays, the policy and explanation as comments.
    static let goodPython = #"""
    def generate_hard_anomalies(n_samples, model, X_train):
        # Policy: take the training rows the detector scores highest (borderline), and move each
        # towards one of its nearest neighbours and a little beyond, with Gaussian jitter.
        # Explanation: such rows lie at the detector's own acceptance boundary.
        import numpy as np
        from sklearn.neighbors import NearestNeighbors
        scores = model.predict_score(X_train)
        borderline = np.argsort(scores)[len(scores) // 2:]
        nn = NearestNeighbors(n_neighbors=5).fit(X_train)
        _, neighbours = nn.kneighbors(X_train[borderline])
        spread = X_train.std(axis=0) + 1e-6
        rows = []
        for _ in range(n_samples):
            i = np.random.randint(len(borderline))
            j = neighbours[i, np.random.randint(1, 5)]
            seed = X_train[borderline[i]]
            step = 1.5 * (seed - X_train[j]) + 0.3 * spread * np.random.randn(X_train.shape[1])
            rows.append(seed + step)
        candidates = np.array(rows)
        model.predict_score(candidates)
        return candidates
    """#

    /// The body of a C `generate_hard_anomalies` wrapped in the signature.
    static func c(_ body: String, includes: [String] = []) -> String {
        (["#include \"dashost_plugin.h\""] + includes.map { "#include <\($0)>" }).joined(separator: "\n") + """

        dashost_status generate_hard_anomalies(const dashost_host *host, uint64_t n_samples, dashost_score_callback model,
                                               dashost_matrix X_train, double *out, dashost_error *err) {
        \(body)
        }
        """
    }

    /// Misbehaving C programs by what they do wrong, each with a fragment of the message the user sees.
    static let badC: [(what: String, source: String, message: String)] = [
        ("does not compile", brokenC, "the C compiler rejected the program"),
        ("crashes", crashingC, "SIGSEGV"),
        ("loops forever", c("for (;;) { } return DASHOST_OK;"), "did not finish generate within"),
        ("allocates without bound", c("for (;;) { double *p = malloc((size_t)1 << 28); if (p == NULL) abort(); p[0] = 1; }",
                                      includes: ["stdlib.h"]), "SIGABRT"),
        ("returns NaN", nanC, "not finite"),
        ("writes past its output", c("for (uint64_t i = 0; i <= n_samples * X_train.cols; i++) out[i] = 1.0 + i; return DASHOST_OK;"),
         "wrote past the end of its output"),
        ("ignores the score callback", c("for (uint64_t i = 0; i < n_samples * X_train.cols; i++) out[i] = 50.0 * host->random_uniform(host); return DASHOST_OK;"),
         "never called the detector's score callback"),
        ("returns training rows", c("""
            double s[1]; dashost_matrix one = {X_train.data, 1, X_train.cols};
            if (model.score(model.context, one, s, err) != DASHOST_OK) return DASHOST_ERR_CALLBACK;
            for (uint64_t i = 0; i < n_samples; i++) memcpy(out + i * X_train.cols, X_train.data + (i % X_train.rows) * X_train.cols, X_train.cols * sizeof(double));
            return DASHOST_OK;
            """, includes: ["string.h"]), "exact copies of training rows"),
        ("is easy", c("""
            double s[1]; dashost_matrix one = {X_train.data, 1, X_train.cols};
            if (model.score(model.context, one, s, err) != DASHOST_OK) return DASHOST_ERR_CALLBACK;
            for (uint64_t i = 0; i < n_samples * X_train.cols; i++) out[i] = 1000.0 + host->random_uniform(host);
            return DASHOST_OK;
            """), "easier to spot than random noise"),
        ("opens a network socket", c("int fd = socket(AF_INET, SOCK_STREAM, 0); (void)fd; return DASHOST_OK;", includes: ["sys/socket.h"]),
         "rule 'no network'"),
        ("writes a file outside its scratch folder", c("FILE *f = fopen(\"/tmp/dashost-policy-escape.txt\", \"w\"); if (f) fclose(f); return DASHOST_OK;",
                                                       includes: ["stdio.h"]), "rule 'no writes outside the scratch folder"),
    ]
}
