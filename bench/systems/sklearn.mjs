// scikit-learn's MLPClassifier through `python3 -c`, only where `import sklearn` works (Debian's
// python3-sklearn); otherwise the column is skipped and the reason recorded.
import { execFileSync } from 'node:child_process';

// The first interpreter that imports sklearn: PATH's python3 may be a pyenv build without it while
// Debian's /usr/bin/python3 has python3-sklearn.
const CANDIDATES = ['python3', '/usr/bin/python3'];
let python = null;

// OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on some machines here to keep old OpenBLAS builds
// correct; they slow a current numpy, so they are unset for the timed peer only.
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;

/** Returns null when usable, else why not. */
export function available() {
  const reasons = [];
  for (const candidate of CANDIDATES) {
    try {
      execFileSync(candidate, ['-c', 'import sklearn'], { stdio: 'pipe', env });
      python = candidate;
      return null;
    } catch (e) {
      reasons.push(`${candidate}: ${String(e.stderr ?? e.message).trim().split('\n').pop()}`);
    }
  }
  return `no python3 imports sklearn (${reasons.join('; ')}); apt-get install python3-sklearn`;
}

export function version() {
  return python ? execFileSync(python, ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'], { env }).toString().trim() : null;
}

// Times the fits inside Python (interpreter start-up excluded), one entry per fold.
const W1_SCRIPT = `
import json, sys, time
from sklearn.neural_network import MLPClassifier
import numpy as np
folds = json.load(sys.stdin)
out = []
for i, f in enumerate(folds):
    xtr = np.array(f['xTrain'], dtype=np.float32).reshape(-1, 60); ytr = np.array(f['yTrain'])
    xte = np.array(f['xTest'], dtype=np.float32).reshape(-1, 60); yte = np.array(f['yTest'])
    t0 = time.perf_counter()
    clf = MLPClassifier(hidden_layer_sizes=(60,), activation='relu', solver='adam', learning_rate_init=0.001,
                        batch_size=5, max_iter=f['epochs'], shuffle=True, random_state=i + 1, tol=0.0,
                        n_iter_no_change=10**9, alpha=0.0)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        clf.fit(xtr, ytr)
    ms = (time.perf_counter() - t0) * 1000
    out.append({'ms': ms, 'acc': float((clf.predict(xte) == yte).mean())})
print(json.dumps(out))
`;

export const W1_SETTINGS = 'scikit-learn MLPClassifier(60, relu, adam 0.001, batch 5, 100 epochs, alpha 0, no early stop)';

/** Trains the given folds; returns [{ ms, acc }]. */
export function w1Folds(folds, epochs = 100) {
  const payload = JSON.stringify(folds.map((f) => ({ xTrain: Array.from(f.xTrain.data), yTrain: Array.from(f.yTrain), xTest: Array.from(f.xTest.data), yTest: Array.from(f.yTest), epochs })));
  if (!python && available()) throw new Error('scikit-learn is not available');
  return JSON.parse(execFileSync(python, ['-c', W1_SCRIPT], { input: payload, maxBuffer: 1 << 26, env }).toString());
}

// W5: TF-IDF + MLP on the SMS texts, each fold vectorized and trained inside the timing.
const TEXT_SCRIPT = `
import json, sys, time, warnings
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neural_network import MLPClassifier
req = json.load(sys.stdin)
lines = [l for l in open(req['path'], encoding='utf8').read().split('\\n')[1:] if l]
texts = np.array([l.split('\\t', 1)[1] for l in lines], dtype=object)
y = np.array([1 if l.startswith('spam\\t') else 0 for l in lines])
out = []
for i, f in enumerate(req['folds']):
    tr, te = np.array(f['train']), np.array(f['test'])
    t0 = time.perf_counter()
    v = TfidfVectorizer(max_features=4096, sublinear_tf=True)
    xtr = v.fit_transform(texts[tr]); xte = v.transform(texts[te])
    clf = MLPClassifier(hidden_layer_sizes=(64,), random_state=i + 1)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        clf.fit(xtr, y[tr])
    acc = float((clf.predict(xte) == y[te]).mean())
    out.append({'ms': (time.perf_counter() - t0) * 1000, 'acc': acc, 'iters': int(clf.n_iter_)})
print(json.dumps(out))
`;

export const TEXT_SETTINGS = 'scikit-learn TfidfVectorizer(max_features=4096, sublinear_tf=True) + MLPClassifier(64) (defaults: adam 0.001, batch 200, up to 200 epochs, stops when the loss stalls)';

/** Vectorizes and trains each fold ({ train, test } row indices into the file's rows); returns [{ ms, acc, iters }]. */
export function textFolds(path, folds) {
  if (!python && available()) throw new Error('scikit-learn is not available');
  return JSON.parse(execFileSync(python, ['-c', TEXT_SCRIPT], { input: JSON.stringify({ path, folds }), maxBuffer: 1 << 26, env }).toString());
}

// W6: HistGradientBoostingClassifier (defaults) on the folds the recipe uses, encoded the same way.
const HGB_SCRIPT = `
import json, sys, time
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
folds = json.load(sys.stdin)
out = []
for i, f in enumerate(folds):
    xtr = np.array(f['xTrain'], dtype=np.float32).reshape(len(f['yTrain']), -1); ytr = np.array(f['yTrain'])
    xte = np.array(f['xTest'], dtype=np.float32).reshape(len(f['yTest']), -1); yte = np.array(f['yTest'])
    t0 = time.perf_counter()
    clf = HistGradientBoostingClassifier(random_state=1).fit(xtr, ytr)
    ms = (time.perf_counter() - t0) * 1000
    out.append({'ms': ms, 'acc': float((clf.predict(xte) == yte).mean())})
print(json.dumps(out))
`;

export const HGB_SETTINGS = 'scikit-learn HistGradientBoostingClassifier(random_state=1), defaults';

/** Fits HistGradientBoostingClassifier on each fold's matrices; returns [{ ms, acc }] (fit time only). */
export function hgbFolds(folds) {
  const payload = JSON.stringify(folds.map((f) => ({ xTrain: Array.from(f.xTrain.data), yTrain: Array.from(f.yTrain), xTest: Array.from(f.xTest.data), yTest: Array.from(f.yTest) })));
  if (!python && available()) throw new Error('scikit-learn is not available');
  return JSON.parse(execFileSync(python, ['-c', HGB_SCRIPT], { input: payload, maxBuffer: 1 << 26, env }).toString());
}
