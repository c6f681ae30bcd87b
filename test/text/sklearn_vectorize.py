"""Reference for test/text/vectorizers.test.ts: scikit-learn's vectorizer on the texts given.

Reads JSON {"texts": [...], "kind": "tfidf"|"count", "params": {...}} on stdin and writes
{"vocabulary": [...], "indptr": [...], "indices": [...], "values": [...], "idf": [...],
"total": [...]} (total = corpus frequency of every term before max_features, for tie checks).
"""
import json
import sys

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

req = json.load(sys.stdin)
params = dict(req["params"])
if "ngram_range" in params:
    params["ngram_range"] = tuple(params["ngram_range"])
cls = TfidfVectorizer if req["kind"] == "tfidf" else CountVectorizer
v = cls(**params)
X = v.fit_transform(req["texts"]).tocsr()
X.sort_indices()
out = {
    "vocabulary": [str(t) for t in v.get_feature_names_out()],
    "indptr": X.indptr.tolist(),
    "indices": X.indices.tolist(),
    "values": X.data.tolist(),
}
if req["kind"] == "tfidf" and getattr(v, "use_idf", False):
    out["idf"] = v.idf_.tolist()
# Corpus frequency of every term with the same analyzer and no cut, to tell ties at the maxFeatures cut.
full_params = {k: p for k, p in params.items() if k in ("lowercase", "token_pattern", "stop_words", "ngram_range", "binary", "min_df", "max_df")}
full = CountVectorizer(**full_params)
C = full.fit_transform(req["texts"])
out["total"] = dict(zip([str(t) for t in full.get_feature_names_out()], [int(x) for x in C.sum(axis=0).A1]))
json.dump(out, sys.stdout)
