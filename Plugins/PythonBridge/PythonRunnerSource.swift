/// The program the Python child runs (`python -B -s -c <source>`), embedded so that nothing has to be
/// found on disk. It speaks `BridgeMessage` frames: it reads INIT and TRAIN from descriptor 3, loads
/// the policy script with importlib (from the bytes the host hashed, so a pinned script cannot be
/// swapped between the check and the run), seeds `random` and NumPy's global generator, calls the
/// function with a `model` whose `predict_score` sends SCORE requests on descriptor 4 and reads SCORES
/// back, checks the result and sends RESULT, or ERROR with the traceback.
///
/// The ERROR kinds are `PythonErrorKind`'s raw values. Keep the seeding lines in step with
/// docs/plugin-guide.md ("Policies in Python") and the reference driver of PythonBridgeTests.
enum PythonRunnerSource {
    static let text = #"""
import os, sys, struct
sys.stdout = sys.stderr  # the policy's print() goes to the host's log, never into the protocol
_HEADER = struct.Struct('<IIQQQ')  # type, reserved, a, b, payload bytes
_IN = os.fdopen(3, 'rb', buffering=0)
_OUT = 4

def _read_exact(n):
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = _IN.readinto(view[got:])
        if not k:
            os._exit(3)  # the host is gone
        got += k
    return buf

def _write_all(data):
    view = memoryview(data).cast('B')
    while len(view):
        k = os.write(_OUT, view)
        view = view[k:]

def _send(kind, a, b, payload=b''):
    payload = memoryview(payload).cast('B')
    _write_all(_HEADER.pack(kind, 0, a, b, len(payload)))
    _write_all(payload)

def _receive():
    kind, _, a, b, n = _HEADER.unpack(bytes(_read_exact(_HEADER.size)))
    return kind, a, b, _read_exact(n)

def _error(kind, text):
    _send(6, kind, 0, text.encode('utf-8', 'replace'))

def _traceback(e):
    import traceback
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == '<string>':
        tb = tb.tb_next  # the runner's own frames, above the policy's
    return ''.join(traceback.format_exception(type(e), e, tb))

def _make_model(np, cols):
    class Model:
        __slots__ = ()

        def predict_score(self, X):
            """Scores of the rows of X by the fitted detector (higher = more anomalous)."""
            X = np.asarray(X, dtype=np.float64)
            if X.ndim == 1:
                X = X.reshape(1, -1)
            if X.ndim != 2:
                raise ValueError('predict_score(X) takes a 2-D array of shape (rows, %d) or one row of %d values, '
                                 'got a %d-D array of shape %s' % (cols, cols, X.ndim, tuple(X.shape)))
            if X.shape[1] != cols:
                raise ValueError('predict_score(X): X has %d columns, but the detector was fitted on %d'
                                 % (X.shape[1], cols))
            if X.shape[0] == 0:
                return np.empty(0, dtype=np.float64)
            bad = int(X.size - np.count_nonzero(np.isfinite(X)))
            if bad:
                raise ValueError('predict_score(X): X has %d non-finite values (NaN or infinity); '
                                 'the detector scores finite rows only' % bad)
            _send(3, X.shape[0], cols, np.ascontiguousarray(X, dtype='<f8').tobytes())
            kind, rows, _, payload = _receive()
            if kind != 4 or rows != X.shape[0]:
                raise RuntimeError('dashost: unexpected answer to a score request')
            return np.frombuffer(payload, dtype='<f8').astype(np.float64)

        def __getattr__(self, name):
            raise AttributeError("the model exposes only predict_score(X): it has no attribute '%s'" % name)

        def __repr__(self):
            return '<dashost model: predict_score(X) of a detector fitted on %d columns>' % cols

    return Model()

def _main():
    try:
        import numpy as np
    except BaseException as e:
        _error(2, '%s: %s' % (type(e).__name__, e))
        return
    _, n_samples, seed, init = _receive()
    function, path, source = bytes(init).split(b'\0', 2)
    function, path = function.decode('utf-8'), os.fsdecode(path)
    _, rows, cols, data = _receive()
    X_train = np.array(np.frombuffer(data, dtype='<f8'), dtype=np.float64, order='C').reshape(rows, cols)
    del data

    import importlib.abc, importlib.util

    class Loader(importlib.abc.SourceLoader):
        def get_filename(self, fullname):
            return path

        def get_data(self, p):
            if p == path:
                return source
            with open(p, 'rb') as f:
                return f.read()

    name = 'dashost_policy'
    spec = importlib.util.spec_from_file_location(name, path, loader=Loader())
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as e:
        _error(3, _traceback(e))
        return
    fn = getattr(module, function, None)
    if not callable(fn):
        defined = sorted(k for k, v in vars(module).items()
                         if callable(v) and not k.startswith('_') and getattr(v, '__module__', None) == name)
        _error(4, "%s defines no function '%s'%s" % (os.path.basename(path), function,
               ' (it defines: %s)' % ', '.join(defined) if defined else ''))
        return

    import random
    random.seed(seed)
    np.random.seed(seed % 2**32)
    try:
        result = fn(int(n_samples), _make_model(np, cols), X_train)
    except BaseException as e:
        _error(1, _traceback(e))
        return
    if result is None:
        _error(5, '%s returned None, expected an array of shape (%d, %d)' % (function, n_samples, cols))
        return
    try:
        out = np.asarray(result, dtype=np.float64)
    except Exception as e:
        _error(5, '%s returned a %s that NumPy cannot convert to a float64 array (%s: %s)'
               % (function, type(result).__name__, type(e).__name__, e))
        return
    if out.shape != (n_samples, cols):
        _error(5, '%s returned shape %s, expected (%d, %d)' % (function, tuple(int(s) for s in out.shape), n_samples, cols))
        return
    bad = int(out.size - np.count_nonzero(np.isfinite(out)))
    if bad:
        _error(6, '%s returned %d non-finite value%s (NaN or infinity) in its (%d, %d) result; every value must be finite'
               % (function, bad, '' if bad == 1 else 's', n_samples, cols))
        return
    _send(5, n_samples, cols, np.ascontiguousarray(out, dtype='<f8').tobytes())

_main()
"""#
}
