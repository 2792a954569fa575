# An example synthesis policy in the shape the LLM-DAS method's LLM writes them (run through dashost's
# python_policy plugin; docs/plugin-guide.md, "Policies in Python").
#
# Policy: take the training rows the detector finds most borderline (highest scores), and push each a
# short, random distance away from its nearest training neighbours; keep the candidates the detector
# still scores no higher than the borderline rows themselves (hard anomalies: off the data, but normal
# to this detector). Candidates that score too high are pulled back halfway.
#
# Explanation: a detector with one global distance or density scale misses points that sit just
# outside the data in regions where the rows are sparse; those are what the classifier must learn.


def generate_hard_anomalies(n_samples, model, X_train):
    import numpy as np
    from sklearn.neighbors import NearestNeighbors

    X_train = np.asarray(X_train, dtype=float)
    n, d = X_train.shape
    scores = model.predict_score(X_train)
    # The most borderline quarter of the training rows (at least one).
    top = np.argsort(scores)[-max(1, n // 4):]
    threshold = np.quantile(scores, 0.9)

    k = min(5, n - 1) if n > 1 else 1
    nn = NearestNeighbors(n_neighbors=k + 1 if n > 1 else 1).fit(X_train)
    distances, _ = nn.kneighbors(X_train[top])
    scale = distances[:, -1:] + 1e-12

    pick = np.random.randint(0, len(top), size=n_samples)
    seeds = top[pick]
    direction = np.random.normal(size=(n_samples, d))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True) + 1e-12
    step = np.random.uniform(1.0, 3.0, size=(n_samples, 1))
    radius = scale[pick]
    synthetic = X_train[seeds] + direction * step * radius

    # Pull back the candidates the detector already scores as clear anomalies.
    for _ in range(3):
        s = model.predict_score(synthetic)
        too_far = s > threshold * 2
        if not np.any(too_far):
            break
        synthetic[too_far] = (synthetic[too_far] + X_train[seeds[too_far]]) / 2
    return synthetic
