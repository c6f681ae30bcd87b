"""scikit-learn's permutation_importance and partial_dependence on a wasmlp model.

Reads a JSON file written by explain.test.ts: the data, the fitted StandardScaler and the
network's weights. The model is re-run here as a scikit-learn classifier (numpy forward pass in
float64), so scikit-learn's own inspection functions drive it. Prints JSON.
"""
import json
import sys

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import partial_dependence, permutation_importance


class WasmlpNetwork(BaseEstimator, ClassifierMixin):
    def __init__(self, spec=None):
        self.spec = spec

    def fit(self, X, y):  # already fitted by wasmlp
        return self

    def _forward(self, X):
        a = (np.asarray(X, dtype=np.float64) - self.mean_) / self.scale_
        for layer in self.spec["layers"]:
            a = a @ np.asarray(layer["kernel"]).reshape(layer["shape"]) + np.asarray(layer["bias"])
            act = layer["activation"]
            if act == "relu":
                a = np.maximum(a, 0)
            elif act == "tanh":
                a = np.tanh(a)
            elif act == "sigmoid":
                a = 1 / (1 + np.exp(-a))
            elif act != "linear":
                raise ValueError(act)
        return a

    def predict_proba(self, X):
        p = np.clip(self._forward(X)[:, 0], 0, 1)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return self.classes_[(self.predict_proba(X)[:, 1] > 0.5).astype(int)]


spec = json.load(open(sys.argv[1]))
model = WasmlpNetwork(spec)
model.mean_ = np.asarray(spec["mean"])
model.scale_ = np.asarray(spec["scale"])
model.classes_ = np.asarray(spec["classes"])
X = np.asarray(spec["x"], dtype=np.float64)
y = np.asarray(spec["y"])
imp = permutation_importance(model, X, y, scoring=spec["scoring"], n_repeats=spec["nRepeats"], random_state=0)
pd = partial_dependence(model, X, [spec["pdFeature"]], grid_resolution=spec["gridResolution"], percentiles=(0.05, 0.95), kind="average", method="brute")
print(json.dumps({
    "proba": model.predict_proba(X)[:, 1].tolist(),
    "mean": imp.importances_mean.tolist(),
    "std": imp.importances_std.tolist(),
    "pdGrid": pd["values"][0].tolist(),
    "pdAverage": pd["average"][0].tolist(),
}))
