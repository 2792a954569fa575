/// Expected texts of the built-in plugins (`BuiltInPluginTextTests`).
enum BuiltInPluginTexts {
    /// Each plugin's description, as in `git show a10c387:registry.json`.
    static let descriptions: [String: String] = [
        "iforest": #"Isolation Forest. Builds an ensemble of 100 isolation trees, each on a random subsample of 256 training rows drawn without replacement. Each tree splits recursively on a uniformly chosen feature at a split value drawn uniformly between that feature's minimum and maximum in the node, until a row is isolated or the height limit ceil(log2(256)) is reached. The anomaly score of a row is 2^(-E[h(x)]/c(256)), where h(x) is the path length from the root to the leaf the row falls in (plus the average path length c(size) of an unbuilt subtree at external nodes) and c(n) = 2H(n-1) - 2(n-1)/n normalises it. Rows that are isolated by few random axis-parallel splits (short paths) score high. Weakness: splits are axis-parallel and drawn within the observed range of each feature, so points that combine individually normal feature values in a novel way, or that lie inside the bounding box in sparse regions between clusters, need long paths and look normal."#,
        "pca": #"Principal Component Analysis detector. Standardises each feature with the training mean and standard deviation, fits PCA on the standardised training data keeping all components, and scores a row by the sum over components of its squared projection onto that component divided by the component's explained variance (a Mahalanobis-type distance in the principal basis, dominated by the minor components). Rows far from the principal subspace, i.e. violating the correlation structure of the training data, score high. Weakness: deviations along the major components are divided by large variances, so points that stay inside the principal subspace but lie far out along the major directions score as normal."#,
        "ocsvm": #"One-Class Support Vector Machine. Maps training rows to a feature space with an RBF kernel exp(-gamma ||x - y||^2), gamma = 1/d, and finds the maximum-margin hyperplane separating the data from the origin with a fraction nu = 0.5 of rows allowed outside (support vectors). The decision function is a weighted sum S(x) of kernel values to the support vectors minus an offset rho; the anomaly score is -log S(x), a strictly increasing function of minus the decision value (PyOD's score, same ranking), so rows outside the learned boundary score high and rows far from every support vector stay distinguishable. Weakness: the boundary is a smooth level set of a kernel density-like function; points just outside it, in regions where the training data is sparse but near the boundary, receive scores close to those of normal boundary rows."#,
        "ecod": #"ECOD (Empirical-Cumulative-distribution-based Outlier Detection). For every feature it estimates the empirical cumulative distribution function of the training data, left and right tails. A row's tail probabilities are read feature by feature; the score is the largest of three aggregates: the sum over features of -log left-tail probability, the sum of -log right-tail probability, and the sum using, per feature, the tail indicated by the sign of that feature's skewness. Features are treated independently. Weakness: dependence between features is ignored, so a row whose every feature value is individually common, but whose combination of values never occurs in normal data, gets a low score."#,
        "lof": #"Local Outlier Factor with 20 neighbours. For each training row it computes the k-distance (distance to its 20th nearest neighbour), the reachability distance of a row from a neighbour (the larger of their distance and the neighbour's k-distance) and the local reachability density lrd (inverse of the mean reachability distance to its neighbours). A row's score is the mean lrd of its 20 nearest training neighbours divided by its own lrd, about 1 inside clusters and large for rows in regions sparser than their neighbourhood. Weakness: the measure is relative and local, so a small, tight group of anomalous points, whose members are each other's nearest neighbours, has a density similar to its neighbours' and scores as normal."#,
        "knn": #"k-Nearest-Neighbours distance detector with k = 5. Stores the training rows; the anomaly score of a row is its Euclidean distance to its 5th nearest training row (training rows exclude themselves). Rows far from all training data score high. Weakness: the score is one global distance scale, the same for dense and sparse regions, so a point several times farther from a dense group of rows than they are from each other (a local outlier) still scores lower than ordinary rows in sparse regions; a small, dense cluster of anomalies placed in a sparse region, or points close to a few training rows, also get low scores."#,
        "drl": #"DRL (Decomposed Representation Learning), a neural one-class detector. Standardises each feature with the training mean and standard deviation. An encoder (two fully connected layers of 128 units, LeakyReLU) maps a row to a representation h; a second network maps the same row to 5 weights; a fixed set of 5 random orthonormal basis vectors is shared by all rows. Training (Adam, 200 epochs) makes every normal row's representation equal to its weighted combination of the basis vectors, with two small extra terms: the decoded representation must point in the direction of the input row, and the weight vectors of different rows are pushed apart. The anomaly score of a row is the mean squared difference between its representation and its weighted basis combination: rows whose representation cannot be written in the basis the normal rows share score high. No layer has a bias and LeakyReLU is positively homogeneous, so the score of a standardised row is its squared distance from the training mean times a factor that depends only on its direction from the mean, learned from the normal rows in that direction. Weakness: rows close to the training mean score low whatever their direction, so anomalies in empty regions near the centre of the data (between clusters, or in a hole of the normal data) look normal; along the directions in which normal rows decompose well, points only moderately farther out than the normal rows (a normal row pushed 1.5 to 2 times as far from the mean) score within the normal rows' spread; and the networks fit the training rows only, so points in sparse but normal-looking regions between training rows can score low."#,
        "iforest_policy": #"IForest-aware synthesis: novel combinations of per-feature normal values and controlled extrapolation from borderline rows, kept only while the detector's path lengths stay long."#,
        "pca_policy": #"PCA-aware synthesis: moves borderline rows far out along the major principal components while staying inside the principal subspace."#,
        "ocsvm_policy": #"OCSVM-aware synthesis: walks borderline rows away from the data centre until they just cross the detector's boundary (bisection on the step)."#,
        "ecod_policy": #"ECOD-aware synthesis: per-feature values from each marginal's central range, recombined to break the dependence structure."#,
        "lof_policy": #"LOF-aware synthesis: small, tight micro-clusters placed in sparse regions near borderline rows."#,
        "knn_policy": #"KNN-aware synthesis: local outliers that the global k-th neighbour distance misses, single points one to three of their seed's 5-neighbour distances outward from any training row, kept while KNN still scores them as normal."#,
        "gaussian_noise_policy": #"Baseline (paper appendix 6.13.1): Gaussian noise added to random training rows."#,
        "uniform_policy": #"Baseline (paper appendix 6.13.1): uniform random rows in the per-feature training range, widened by a margin."#,
        "smote_policy": #"Baseline (paper appendix 6.13.1): SMOTE-style extrapolation x + f (x - neighbour), f in [0.5, 1.5]."#,
        "python_policy": #"Runs the function generate_hard_anomalies(n_samples, model, X_train) of a Python file (the 'script' param; e.g. an LLM-written policy) in a sandboxed Python child process (no network, no writes outside a scratch folder, no new processes, time and memory limits). model.predict_score(X) calls the host's score callback of the fitted detector; random and numpy.random are seeded from the seed; the result must be a finite (n_samples, d) array."#,
        "random_forest": #"Random forest (100 CART trees, bootstrap, sqrt(d) features per split, Gini) with out-of-bag held-out probabilities."#,
        "decision_tree": #"CART decision tree (Gini, unlimited depth) with 5-fold cross-fitted held-out probabilities."#,
        "svm": #"C-SVM, RBF kernel, gamma = scale, Platt probabilities (libsvm), with cross-fitted held-out probabilities."#,
        "minmax_sum": #"The paper's rule: sum of per-column min-max scaled scores (min/max of the training reference), weighted (weights.classifier = lambda)."#,
        "rank_average": #"Weighted mean of each column's empirical CDF position among its training reference scores."#,
        "zscore_sum": #"Weighted sum of per-column z-scores against the training reference mean and standard deviation."#,
        "robust_sum": #"The method's default rule: the detector min-max scaled between its training minimum and its 0.99 training quantile (robust to extreme training scores), plus lambda times the classifier's probability as is (not rescaled by the spread of its held-out normal scores); lambda = weights.classifier = 1, the paper's default."#,
    ]

    /// Each plugin's summary, default policy and parameter schema, as rendered before the defaults were folded.
    static let schemas: [String: String] = [
"decision_tree": #"""
summary: CART decision tree (scikit-learn defaults), cross-fitted held-out probabilities
param max_depth type=2 default=0 range=0.0...100000.0 doc=maximum depth of a tree (root = 0); 0 = unlimited, grow until leaves are pure or too small
param min_samples_split type=2 default=2 range=2.0...2147483647.0 doc=a node with fewer samples than this becomes a leaf
param min_samples_leaf type=2 default=1 range=1.0...2147483647.0 doc=each child of a split keeps at least this many samples
param max_features type=4 default="all" range=-inf...inf doc=features examined per node: "sqrt", "log2", "all", or a number as a string, a fraction in (0, 1) or a count >= 1
param criterion type=4 default="gini" range=-inf...inf choices=gini,entropy doc=impurity measure of a split
param splitter type=4 default="hist" range=-inf...inf choices=exact,hist doc=split search: exact (scikit-learn's sorting search) or hist (quantile-bin histograms on nodes of >= 1024 rows)
param heldout_folds type=2 default=5 range=2.0...100.0 doc=stratified folds of the cross-fitted held-out probabilities

"""#,
"drl": #"""
summary: Decomposed Representation Learning (Ye et al., ICLR 2025; the release's setting: 200 epochs, hidden 128, 5 basis vectors)
default_policy: gaussian_noise_policy
param epochs type=2 default=200 range=1.0...100000.0 doc=passes over the training rows
param batch_size type=2 default=512 range=1.0...1000000.0 doc=rows per Adam step, taken in row order (the last batch of an epoch may be smaller)
param learning_rate type=3 default=0.05 range=1e-08...10.0 doc=Adam's initial learning rate
param lr_decay type=3 default=0.98 range=0.01...1.0 doc=factor on the learning rate after each epoch
param weight_decay type=3 default=1e-05 range=0.0...1.0 doc=Adam's L2 weight decay, added to the gradient (PyTorch's weight_decay)
param hidden type=2 default=128 range=1.0...4096.0 doc=width of the representation h and of the hidden layers
param basis type=2 default=5 range=1.0...4096.0 doc=number of frozen orthonormal basis vectors (at most hidden)
param alpha type=3 default=0.01 range=0.0...1000.0 doc=weight of the alignment term mean(1 - cos(g(h), x))
param beta type=3 default=0.01 range=0.0...1000.0 doc=weight of the separation term (mean pairwise cosine of the basis weights over 80 % of a batch)

"""#,
"ecod": #"""
summary: ECOD as PyOD (empirical-CDF tail probabilities), per-row ECDFs fitted on the training rows
default_policy: ecod_policy
param aggregation type=4 default="pyod" range=-inf...inf choices=pyod,max_of_sums doc=pyod: per column the largest tail score, summed (PyOD); max_of_sums: the largest of the three tail sums (the paper)
param transductive type=1 default=false range=-inf...inf doc=refit the ECDFs on the training rows plus the scored batch, exactly as PyOD (scores then depend on the batch)

"""#,
"ecod_policy": #"""
summary: Hard anomalies for ECOD: per-feature common values in novel combinations (correlations broken)
param background_share type=3 default=0.0 range=0.0...1.0 doc=share of the synthetic rows drawn uniformly from the widened training box instead of by the policy
param background_widen type=3 default=0.1 range=0.0...10.0 doc=widening of each side of a feature's range for the background rows, as a fraction of its width
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)
param borderline_quantile type=3 default=0.8 range=0.0...1.0 doc=training rows whose detector score is at or above this quantile of the training scores seed the anomalies
param feature_fraction type=3 default=0.5 range=0.0...1.0 doc=share of the features redrawn from their marginals (before the hardness scale)
param central_range type=3 default=0.9 range=0.0...1.0 doc=central share of each feature's training values that redrawn values come from
param oversample type=2 default=4 range=1.0...100.0 doc=candidates made per requested anomaly in each filtering round (the detector keeps the hard ones)
param max_rounds type=2 default=3 range=1.0...10.0 doc=filtering rounds before the lowest-scoring rejected candidates fill any gap

"""#,
"gaussian_noise_policy": #"""
summary: Baseline: Gaussian noise (per-feature std units) added to random training rows
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=scales the noise: 2x at low, 1x at medium, 0.5x at high
param noise_scale type=3 default=0.5 range=0.0...100.0 doc=noise standard deviation, in units of each feature's standard deviation (before the hardness scale)

"""#,
"iforest": #"""
summary: Isolation Forest (scikit-learn/PyOD defaults: 100 trees, 256 rows per tree)
default_policy: iforest_policy
param n_estimators type=2 default=100 range=1.0...100000.0 doc=number of isolation trees
param max_samples type=2 default=256 range=1.0...100000000.0 doc=training rows drawn (without replacement) per tree, capped at the number of training rows
param max_features type=3 default=1.0 range=1e-09...1.0 doc=fraction of the columns each tree splits on

"""#,
"iforest_policy": #"""
summary: Hard anomalies for IForest: borderline rows extrapolated or recombined per feature, kept if IForest still scores them normal
param background_share type=3 default=0.0 range=0.0...1.0 doc=share of the synthetic rows drawn uniformly from the widened training box instead of by the policy
param background_widen type=3 default=0.1 range=0.0...10.0 doc=widening of each side of a feature's range for the background rows, as a fraction of its width
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)
param borderline_quantile type=3 default=0.8 range=0.0...1.0 doc=training rows whose detector score is at or above this quantile of the training scores seed the anomalies
param extrapolation_min type=3 default=0.05 range=0.0...10.0 doc=lower end of the extrapolation factor away from the data (before the hardness scale)
param extrapolation_max type=3 default=0.25 range=0.0...10.0 doc=upper end of the extrapolation factor away from the data (before the hardness scale)
param extrapolation_share type=3 default=0.5 range=0.0...1.0 doc=probability that a candidate is made by extrapolating a borderline row
param swap_share type=3 default=0.25 range=0.0...1.0 doc=probability that a candidate is made by swapping features between borderline rows
param feature_fraction type=3 default=0.3 range=0.0...1.0 doc=share of the features a swap or marginal move replaces (before the hardness scale)
param oversample type=2 default=4 range=1.0...100.0 doc=candidates made per requested anomaly in each filtering round (the detector keeps the hard ones)
param max_rounds type=2 default=3 range=1.0...10.0 doc=filtering rounds before the lowest-scoring rejected candidates fill any gap

"""#,
"knn": #"""
summary: k-nearest-neighbour distance (PyOD defaults: 5 neighbours, distance to the 5th)
default_policy: knn_policy
param n_neighbors type=2 default=5 range=1.0...100000.0 doc=neighbours k (capped at training rows - 1)
param method type=4 default="largest" range=-inf...inf choices=largest,mean,median doc=score: largest (distance to the k-th neighbour), mean or median of the k distances

"""#,
"knn_policy": #"""
summary: Hard anomalies for KNN: local outliers, single points one to three 5-neighbour scales from any training row
param background_share type=3 default=0.0 range=0.0...1.0 doc=share of the synthetic rows drawn uniformly from the widened training box instead of by the policy
param background_widen type=3 default=0.1 range=0.0...10.0 doc=widening of each side of a feature's range for the background rows, as a fraction of its width
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)
param borderline_quantile type=3 default=0.0 range=0.0...1.0 doc=training rows whose detector score is at or above this quantile of the training scores seed the anomalies
param neighbors type=2 default=5 range=1.0...1000.0 doc=neighbourhood size that defines a seed's local scale (k-distance) and outward direction
param cluster_size type=2 default=1 range=1.0...1000.0 doc=points per micro-cluster
param step_min type=3 default=1.0 range=0.0...100.0 doc=lower end of the distance of a cluster centre from its seed, in seed k-distances (before the hardness scale)
param step_max type=3 default=3.0 range=0.0...100.0 doc=upper end of the distance of a cluster centre from its seed, in seed k-distances (before the hardness scale)
param spread type=3 default=0.1 range=0.0...10.0 doc=radius of a micro-cluster, in seed k-distances
param direction_jitter type=3 default=0.25 range=0.0...10.0 doc=random tilt of the outward direction (0 = exactly away from the neighbours' mean)
param oversample type=2 default=4 range=1.0...100.0 doc=candidates made per requested anomaly in each filtering round (the detector keeps the hard ones)
param max_rounds type=2 default=3 range=1.0...10.0 doc=filtering rounds before the lowest-scoring rejected candidates fill any gap

"""#,
"lof": #"""
summary: Local Outlier Factor, novelty mode (PyOD/scikit-learn defaults: 20 neighbours)
default_policy: lof_policy
param n_neighbors type=2 default=20 range=1.0...100000.0 doc=neighbours k of the local reachability density (capped at training rows - 1)

"""#,
"lof_policy": #"""
summary: Hard anomalies for LOF: tight micro-clusters in the sparse surroundings of borderline rows
param background_share type=3 default=0.0 range=0.0...1.0 doc=share of the synthetic rows drawn uniformly from the widened training box instead of by the policy
param background_widen type=3 default=0.1 range=0.0...10.0 doc=widening of each side of a feature's range for the background rows, as a fraction of its width
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)
param borderline_quantile type=3 default=0.8 range=0.0...1.0 doc=training rows whose detector score is at or above this quantile of the training scores seed the anomalies
param neighbors type=2 default=20 range=1.0...1000.0 doc=neighbourhood size that defines a seed's local scale (k-distance) and outward direction
param cluster_size type=2 default=5 range=1.0...1000.0 doc=points per micro-cluster
param step_min type=3 default=0.25 range=0.0...100.0 doc=lower end of the distance of a cluster centre from its seed, in seed k-distances (before the hardness scale)
param step_max type=3 default=1.0 range=0.0...100.0 doc=upper end of the distance of a cluster centre from its seed, in seed k-distances (before the hardness scale)
param spread type=3 default=0.1 range=0.0...10.0 doc=radius of a micro-cluster, in seed k-distances
param direction_jitter type=3 default=0.25 range=0.0...10.0 doc=random tilt of the outward direction (0 = exactly away from the neighbours' mean)
param oversample type=2 default=4 range=1.0...100.0 doc=candidates made per requested anomaly in each filtering round (the detector keeps the hard ones)
param max_rounds type=2 default=3 range=1.0...10.0 doc=filtering rounds before the lowest-scoring rejected candidates fill any gap

"""#,
"minmax_sum": #"""
summary: min-max scaled on reference scores (no clipping; constant reference -> 0), weighted sum
param unscaled type=4 default="" range=-inf...inf doc=comma-separated score columns added as they are, without normalisation (probabilities)
param upper_quantile type=3 default=1.0 range=1e-09...1.0 doc=top of each scaled column's range: this quantile of its training reference (1 = the maximum)
param weights type=5 default={} range=0.0...inf doc=weight (>= 0) per score column name; a column not named has weight 1

"""#,
"ocsvm": #"""
summary: One-class SVM via libsvm (PyOD defaults: RBF, gamma = 1/d, nu = 0.5)
default_policy: ocsvm_policy
param kernel type=4 default="rbf" range=-inf...inf choices=linear,poly,rbf,sigmoid doc=kernel: rbf exp(-gamma |u - v|^2), linear, poly or sigmoid
param nu type=3 default=0.5 range=1e-12...1.0 doc=upper bound on the fraction of training rows outside the boundary
param gamma type=3 default=0.0 range=0.0...1000000000000.0 doc=kernel coefficient of rbf, poly and sigmoid; 0 = auto = 1 / number of columns
param degree type=2 default=3 range=0.0...100.0 doc=degree of the poly kernel
param coef0 type=3 default=0.0 range=-inf...inf doc=constant term of the poly and sigmoid kernels
param tol type=3 default=0.001 range=1e-15...1000.0 doc=libsvm's stopping tolerance
param shrinking type=1 default=true range=-inf...inf doc=use libsvm's shrinking heuristic
param cache_size type=3 default=200.0 range=1.0...1000000.0 doc=libsvm's kernel cache, in MB
param score type=4 default="auto" range=-inf...inf choices=auto,decision,log_kernel_sum doc=score scale: decision (PyOD's, minus the decision value), log_kernel_sum (-log of the RBF kernel sum, same ranking), auto (log_kernel_sum for rbf, else decision)

"""#,
"ocsvm_policy": #"""
summary: Hard anomalies for OCSVM: borderline rows walked outward until their score just crosses the boundary (bisection)
param background_share type=3 default=0.0 range=0.0...1.0 doc=share of the synthetic rows drawn uniformly from the widened training box instead of by the policy
param background_widen type=3 default=0.1 range=0.0...10.0 doc=widening of each side of a feature's range for the background rows, as a fraction of its width
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)
param borderline_quantile type=3 default=0.8 range=0.0...1.0 doc=training rows whose detector score is at or above this quantile of the training scores seed the anomalies
param boundary_quantile type=3 default=0.95 range=0.0...1.0 doc=quantile of the training scores taken as the detector's boundary
param margin type=3 default=0.25 range=0.0...10.0 doc=overshoot past the crossing step, as a fraction of it (before the hardness scale)
param direction_jitter type=3 default=0.1 range=0.0...10.0 doc=random tilt of the outward direction (0 = exactly away from the centre)
param initial_step type=3 default=0.25 range=1e-06...100.0 doc=first step tried, in standard deviations along the standardised direction
param max_doublings type=2 default=10 range=1.0...30.0 doc=most doublings of the step while looking for the boundary crossing
param bisection_steps type=2 default=10 range=0.0...50.0 doc=bisection iterations on the crossing step

"""#,
"pca": #"""
summary: PCA outlier score as PyOD (weighted distances to principal axes; zero-variance axes dropped)
default_policy: pca_policy
param n_components type=2 default=0 range=0.0...1000000.0 doc=principal components fitted; 0 = all, min(rows, columns)
param n_selected_components type=2 default=0 range=0.0...1000000.0 doc=components in the score, counted from the smallest variance (PyOD); 0 = all fitted
param standardization type=1 default=true range=-inf...inf doc=standardise each column with the training mean and standard deviation first
param weighted type=1 default=true range=-inf...inf doc=divide each component's distance by its explained-variance ratio

"""#,
"pca_policy": #"""
summary: Hard anomalies for PCA: borderline rows pushed far out along the principal components while staying in the principal subspace
param background_share type=3 default=0.0 range=0.0...1.0 doc=share of the synthetic rows drawn uniformly from the widened training box instead of by the policy
param background_widen type=3 default=0.1 range=0.0...10.0 doc=widening of each side of a feature's range for the background rows, as a fraction of its width
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=how close to the normal data the anomalies are: low (far, easy to detect), medium, high (close to the detector's boundary)
param borderline_quantile type=3 default=0.8 range=0.0...1.0 doc=training rows whose detector score is at or above this quantile of the training scores seed the anomalies
param variance_kept type=3 default=0.9 range=0.01...1.0 doc=share of the standardised variance the principal subspace explains
param step_min type=3 default=1.0 range=0.0...100.0 doc=lower end of the outward step along the principal components, in component standard deviations (before the hardness scale)
param step_max type=3 default=3.0 range=0.0...100.0 doc=upper end of the outward step along the principal components, in component standard deviations (before the hardness scale)
param direction_jitter type=3 default=0.25 range=0.0...10.0 doc=random tilt of the outward direction (0 = exactly away from the centre)
param residual_scale type=3 default=0.5 range=0.0...1.0 doc=factor on the seed's residual outside the principal subspace (0 = exactly in the subspace)
param rotation_share type=3 default=0.0 range=0.0...1.0 doc=probability that a candidate is the seed turned at its own standardised distance from the centre instead of stepped outward
param max_rotation type=3 default=1.5707963267948966 range=0.0...3.141592653589793 doc=largest angle a candidate is turned by, in radians (before the hardness scale)
param oversample type=2 default=4 range=1.0...100.0 doc=candidates made per requested anomaly in each filtering round (the detector keeps the hard ones)
param max_rounds type=2 default=3 range=1.0...10.0 doc=filtering rounds before the lowest-scoring rejected candidates fill any gap

"""#,
"python_policy": #"""
summary: Runs generate_hard_anomalies(n_samples, model, X_train) of a Python file in a sandboxed Python child; model.predict_score calls the detector
param script type=4 default="" range=-inf...inf doc=path of the .py file defining the policy function (required; read-only to the policy)
param function type=4 default="generate_hard_anomalies" range=-inf...inf doc=name of the function called as f(n_samples, model, X_train)
param sha256 type=4 default="" range=-inf...inf doc=SHA-256 (hex) the script must have before it runs; empty: not checked
param python type=4 default="" range=-inf...inf doc=the Python interpreter; empty: $DASHOST_PYTHON, else /usr/bin/python3, else python3 on PATH
param timeout_seconds type=3 default=600.0 range=0.1...604800.0 doc=wall-time limit of the Python child, in seconds; it is killed after it
param memory_mb type=2 default=4096 range=64.0...1048576.0 doc=address-space limit of the Python child, in MiB

"""#,
"random_forest": #"""
summary: random forest (scikit-learn defaults), out-of-bag held-out probabilities
param n_estimators type=2 default=100 range=1.0...100000.0 doc=number of trees
param max_depth type=2 default=0 range=0.0...100000.0 doc=maximum depth of a tree (root = 0); 0 = unlimited, grow until leaves are pure or too small
param min_samples_split type=2 default=2 range=2.0...2147483647.0 doc=a node with fewer samples than this becomes a leaf
param min_samples_leaf type=2 default=1 range=1.0...2147483647.0 doc=each child of a split keeps at least this many samples
param max_features type=4 default="sqrt" range=-inf...inf doc=features examined per node: "sqrt", "log2", "all", or a number as a string, a fraction in (0, 1) or a count >= 1
param criterion type=4 default="gini" range=-inf...inf choices=gini,entropy doc=impurity measure of a split
param splitter type=4 default="hist" range=-inf...inf choices=exact,hist doc=split search: exact (scikit-learn's sorting search) or hist (quantile-bin histograms on nodes of >= 1024 rows)

"""#,
"rank_average": #"""
summary: mid-rank empirical CDF of reference scores, weighted mean
param unscaled type=4 default="" range=-inf...inf doc=comma-separated score columns added as they are, without normalisation (probabilities)
param weights type=5 default={} range=0.0...inf doc=weight (>= 0) per score column name; a column not named has weight 1

"""#,
"robust_sum": #"""
summary: detector min-max scaled to its training 0.99 quantile plus the classifier's probability as is, weighted sum
param unscaled type=4 default="classifier" range=-inf...inf doc=comma-separated score columns added as they are, without normalisation (probabilities)
param upper_quantile type=3 default=0.99 range=1e-09...1.0 doc=top of each scaled column's range: this quantile of its training reference (1 = the maximum)
param weights type=5 default={} range=0.0...inf doc=weight (>= 0) per score column name; a column not named has weight 1

"""#,
"smote_policy": #"""
summary: Baseline: SMOTE-style extrapolation x + lambda (x - neighbour), lambda in [0.5, 1.5]
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=scales lambda: 2x at low, 1x at medium, 0.5x at high
param neighbors type=2 default=5 range=1.0...1000.0 doc=nearest neighbours a partner row is drawn from (SMOTE's k)
param lambda_min type=3 default=0.5 range=0.0...100.0 doc=lower end of the extrapolation factor lambda of x + lambda (x - neighbour) (before the hardness scale)
param lambda_max type=3 default=1.5 range=0.0...100.0 doc=upper end of the extrapolation factor lambda of x + lambda (x - neighbour) (before the hardness scale)

"""#,
"svm": #"""
summary: C-SVC with RBF kernel and Platt probabilities (scikit-learn SVC(probability=True))
param C type=3 default=1.0 range=2.2250738585072014e-308...1000000000000.0 doc=regularisation: the penalty on margin violations
param kernel type=4 default="rbf" range=-inf...inf choices=rbf,linear,poly,sigmoid doc=kernel: rbf, linear, poly or sigmoid
param gamma type=4 default="scale" range=-inf...inf doc=kernel coefficient: "scale" (1 / (columns * variance of X)), "auto" (1 / columns) or a positive number as a string
param degree type=2 default=3 range=1.0...100.0 doc=degree of the poly kernel
param coef0 type=3 default=0.0 range=-inf...inf doc=constant term of the poly and sigmoid kernels
param tol type=3 default=0.001 range=1e-12...1.0 doc=libsvm's stopping tolerance
param cache_size type=3 default=200.0 range=1.0...65536.0 doc=libsvm's kernel cache, in MB
param shrinking type=1 default=true range=-inf...inf doc=use libsvm's shrinking heuristic
param heldout_folds type=2 default=5 range=2.0...100.0 doc=stratified folds whose out-of-fold decision values give the held-out probabilities

"""#,
"uniform_policy": #"""
summary: Baseline: uniform random points in the feature ranges widened by 10%
param hardness type=4 default="medium" range=-inf...inf choices=low,medium,high doc=scales the widening: 2x at low, 1x at medium, 0.5x at high
param widen type=3 default=0.1 range=0.0...100.0 doc=widening of each side of a feature's range, as a fraction of its width (before the hardness scale)

"""#,
"zscore_sum": #"""
summary: standardised on reference scores (std 0 -> 1), weighted sum
param unscaled type=4 default="" range=-inf...inf doc=comma-separated score columns added as they are, without normalisation (probabilities)
param weights type=5 default={} range=0.0...inf doc=weight (>= 0) per score column name; a column not named has weight 1

"""#,
    ]
}
