"""course_utils.scaling: the same gradient descent on dask arrays, and chunked data on disk."""

import subprocess
import sys

import dask
import dask.array as da
import numpy as np
import pytest

from course_utils import (
    DivergenceError,
    GradientDescentRegressor,
    chunk_gradients,
    load_chunked_regression,
    make_chunked_regression,
    write_chunked_regression,
)

N, D = 2_000, 4


@pytest.fixture(scope="module")
def data():
    X, y, _ = make_chunked_regression(N, D, chunk_size=N, random_state=3)
    return X, y


def _dask(X, y, rows):
    return da.from_array(X, chunks=(rows, -1)), da.from_array(y, chunks=rows)


def _same_fit(a, b, tol=1e-10):
    np.testing.assert_allclose(b.coef_, a.coef_, rtol=0, atol=tol)
    np.testing.assert_allclose(b.intercept_, a.intercept_, rtol=0, atol=tol)
    np.testing.assert_allclose(b.loss_curve_, a.loss_curve_, rtol=tol, atol=tol)
    np.testing.assert_allclose(b.initial_loss_, a.initial_loss_, rtol=tol)
    assert (a.n_iter_, a.t_, a.n_features_in_) == (b.n_iter_, b.t_, b.n_features_in_)


# ---- full batch: the in-memory fit, chunk by chunk ------------------------------------------

@pytest.mark.parametrize("rows", [N, 500, 700, 1_999, 64], ids=[
    "single-chunk", "even-chunks", "ragged-last-chunk", "one-row-left-over", "many-chunks"])
def test_full_batch_on_dask_equals_the_in_memory_fit(data, rows):
    X, y = data
    params = dict(learning_rate=0.3, epochs=40)
    expected = GradientDescentRegressor(**params).fit(X, y)
    fitted = GradientDescentRegressor(**params).fit(*_dask(X, y, rows))
    _same_fit(expected, fitted)


@pytest.mark.parametrize("params", [
    dict(alpha=0.05), dict(loss="huber"), dict(loss="absolute_error"), dict(fit_intercept=False),
    dict(schedule="inverse_time", t1=5.0), dict(tol=1e-4, epochs=500),
], ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_full_batch_on_dask_equals_in_memory_for_every_setting(data, params):
    X, y = data
    expected = GradientDescentRegressor(learning_rate=0.2, epochs=30).set_params(**params)
    fitted = GradientDescentRegressor(learning_rate=0.2, epochs=30).set_params(**params)
    _same_fit(expected.fit(X, y), fitted.fit(*_dask(X, y, 300)))


def test_gamma_loss_and_a_starting_point_on_dask(data):
    X, y = data
    y_pos = np.exp(0.1 * X[:, 0])
    start = dict(coef_init=np.full(D, 0.01), intercept_init=0.1)
    params = dict(loss="gamma", learning_rate=0.1, epochs=20)
    expected = GradientDescentRegressor(**params).fit(X, y_pos, **start)
    fitted = GradientDescentRegressor(**params).fit(*_dask(X, y_pos, 600), **start)
    _same_fit(expected, fitted)


def test_float32_and_numpy_y_beside_a_dask_X(data):
    X, y = data
    expected = GradientDescentRegressor(learning_rate=0.3, epochs=10).fit(X.astype(np.float32), y)
    X32 = da.from_array(X.astype(np.float32), chunks=(400, -1))
    fitted = GradientDescentRegressor(learning_rate=0.3, epochs=10).fit(X32, y)  # y: numpy
    _same_fit(expected, fitted)


def test_partial_fit_on_dask_takes_the_in_memory_steps(data):
    X, y = data
    expected, fitted = GradientDescentRegressor(learning_rate=0.3), GradientDescentRegressor(
        learning_rate=0.3)
    Xd, yd = _dask(X, y, 450)
    for _ in range(3):
        expected.partial_fit(X, y)
        fitted.partial_fit(Xd, yd)
    _same_fit(expected, fitted)
    assert fitted.loss_curve_.shape == (3,)


def test_record_path_and_divergence_on_dask(data):
    X, y = data
    expected = GradientDescentRegressor(learning_rate=0.3, epochs=5, record_path=True).fit(X, y)
    fitted = GradientDescentRegressor(learning_rate=0.3, epochs=5, record_path=True).fit(
        *_dask(X, y, 500))
    np.testing.assert_allclose(fitted.path_, expected.path_, atol=1e-12)
    with pytest.raises(DivergenceError, match="learning_rate=5.0") as info:
        GradientDescentRegressor(learning_rate=5.0, epochs=50).fit(*_dask(X, y, 500))
    assert info.value.epoch >= 1 and info.value.loss_curve.size == info.value.epoch


def test_the_result_does_not_depend_on_the_scheduler(data):
    X, y = data
    Xd, yd = _dask(X, y, 500)
    with dask.config.set(scheduler="threads"):
        threaded = GradientDescentRegressor(learning_rate=0.3, epochs=15).fit(Xd, yd)
    with dask.config.set(scheduler="synchronous"):
        serial = GradientDescentRegressor(learning_rate=0.3, epochs=15).fit(Xd, yd)
    _same_fit(threaded, serial, tol=1e-12)


def test_a_distributed_client_gives_the_same_fit(data):
    distributed = pytest.importorskip("distributed")
    X, y = data
    Xd, yd = _dask(X, y, 500)
    expected = GradientDescentRegressor(learning_rate=0.3, epochs=5).fit(Xd, yd)
    streamed = GradientDescentRegressor(learning_rate=0.05, epochs=2, batch_size=32,
                                        random_state=0).fit(Xd, yd)
    # in-process workers: the client path without sockets (lesson 06 runs two processes)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        fitted = GradientDescentRegressor(learning_rate=0.3, epochs=5).fit(Xd, yd)
        again = GradientDescentRegressor(learning_rate=0.05, epochs=2, batch_size=32,
                                         random_state=0).fit(Xd, yd)
    _same_fit(expected, fitted, tol=1e-12)
    np.testing.assert_array_equal(again.coef_, streamed.coef_)


# ---- streaming mini-batch and SGD over the blocks -------------------------------------------

@pytest.mark.parametrize(("batch_size", "learning_rate"), [(1, 0.01), (16, 0.05), (200, 0.3)])
def test_streaming_is_deterministic_and_within_sgd_noise(data, batch_size, learning_rate):
    X, y = data
    Xd, yd = _dask(X, y, 700)
    params = dict(learning_rate=learning_rate, epochs=3, batch_size=batch_size, random_state=7)
    first = GradientDescentRegressor(**params).fit(Xd, yd)
    second = GradientDescentRegressor(**params).fit(Xd, yd)
    np.testing.assert_array_equal(first.coef_, second.coef_)
    assert first.intercept_ == second.intercept_
    other = GradientDescentRegressor(**{**params, "random_state": 8}).fit(Xd, yd)
    assert not np.array_equal(first.coef_, other.coef_)
    in_memory = GradientDescentRegressor(**params).fit(X, y)
    exact = np.linalg.lstsq(np.c_[np.ones(N), X], y, rcond=None)[0]
    for model in (first, in_memory):  # both wander around the least-squares solution
        np.testing.assert_allclose(np.r_[model.intercept_, model.coef_], exact, atol=0.15)
    np.testing.assert_allclose(first.coef_, in_memory.coef_, atol=0.15)
    # an epoch makes sum over blocks of ceil(n_k / m) updates (batches stay inside a block)
    per_epoch = sum(-(-rows // batch_size) for rows in (700, 700, 600))
    assert first.t_ == 3 * per_epoch
    np.testing.assert_allclose(first.loss_curve_[-1], 0.5 * np.mean(
        (y - first.predict(X)) ** 2), rtol=1e-10)


def test_streaming_without_shuffle_equals_the_in_memory_pass_over_one_block(data):
    X, y = data
    params = dict(learning_rate=0.02, epochs=2, batch_size=50, shuffle=False)
    in_memory = GradientDescentRegressor(**params).fit(X, y)
    one_block = GradientDescentRegressor(**params).fit(*_dask(X, y, N))
    np.testing.assert_allclose(one_block.coef_, in_memory.coef_, atol=1e-12)
    np.testing.assert_allclose(one_block.loss_curve_, in_memory.loss_curve_, rtol=1e-10)


def test_streaming_partial_fit_continues_the_update_counter(data):
    X, y = data
    Xd, yd = _dask(X, y, 500)
    model = GradientDescentRegressor(learning_rate=0.01, batch_size=100, random_state=0)
    model.partial_fit(Xd, yd)
    assert model.t_ == 20
    model.partial_fit(Xd, yd)
    assert model.t_ == 40 and model.loss_curve_.shape == (2,)
    again = GradientDescentRegressor(learning_rate=0.01, batch_size=100, random_state=0)
    again.partial_fit(Xd, yd).partial_fit(Xd, yd)
    np.testing.assert_array_equal(model.coef_, again.coef_)


def test_streaming_path_per_epoch_only(data):
    X, y = data
    Xd, yd = _dask(X, y, 500)
    model = GradientDescentRegressor(learning_rate=0.01, epochs=3, batch_size=100,
                                     record_path="epoch", random_state=0).fit(Xd, yd)
    assert model.path_.shape == (4, D + 1)
    with pytest.raises(ValueError, match="record_path='epoch'"):
        GradientDescentRegressor(batch_size=100, record_path=True).fit(Xd, yd)


# ---- bad chunked input: an error that names the problem and the fix --------------------------

def _from_pieces(pieces, declared):
    """A dask array whose chunks claim the ``declared`` shapes, whatever the pieces really are."""
    return da.concatenate([da.from_delayed(dask.delayed(p), shape=s, dtype=float)
                           for p, s in zip(pieces, declared, strict=True)])


def test_a_chunk_of_the_wrong_shape_is_a_clear_error(data):
    X, y = data
    pieces = [X[:500], X[500:1000, :3], X[1000:]]  # the second chunk lost a column
    Xd = _from_pieces(pieces, [(500, D), (500, D), (1000, D)])
    yd = da.from_array(y, chunks=((500, 500, 1000),))
    with pytest.raises(ValueError, match=r"chunk 1 of X .*shape \(500, 3\).*declares \(500, 4\)"):
        GradientDescentRegressor(epochs=2).fit(Xd, yd)
    with pytest.raises(ValueError, match="chunk 1 of X"):  # streaming: found on the first pass
        GradientDescentRegressor(epochs=1, batch_size=10, random_state=0, shuffle=False).fit(
            Xd, yd)


def test_a_target_chunk_of_the_wrong_length_is_a_clear_error(data):
    X, y = data
    yd = _from_pieces([y[:500], y[500:999], y[1000:]], [(500,), (500,), (1000,)])
    Xd = da.from_array(X, chunks=((500, 500, 1000), (D,)))
    with pytest.raises(ValueError, match=r"chunk 1 of y .*\(499,\).*declares \(500,\)"):
        GradientDescentRegressor(epochs=2).fit(Xd, yd)


def test_y_chunks_not_aligned_with_X_is_a_clear_error_naming_the_fix(data):
    X, y = data
    Xd, yd = da.from_array(X, chunks=(500, D)), da.from_array(y, chunks=400)
    with pytest.raises(ValueError, match=r"do not line up.*y = y\.rechunk\(X\.chunks\[0\]\)"):
        GradientDescentRegressor().fit(Xd, yd)
    fitted = GradientDescentRegressor(learning_rate=0.3, epochs=5).fit(Xd, yd.rechunk(Xd.chunks[0]))
    _same_fit(GradientDescentRegressor(learning_rate=0.3, epochs=5).fit(X, y), fitted)


@pytest.mark.parametrize(("make", "match"), [
    (lambda X, y: (da.from_array(X, chunks=(500, 2)), da.from_array(y, chunks=500)),
     r"column blocks.*X\.rechunk\(\{1: -1\}\)"),
    (lambda X, y: (da.from_array(X[:, 0], chunks=500), da.from_array(y, chunks=500)),
     r"2-D.*X\.reshape\(-1, 1\)"),
    (lambda X, y: (da.from_array(X, chunks=(500, D)), da.from_array(y[:-1], chunks=500)),
     "2,000 samples.*1,999 values"),
    (lambda X, y: (da.from_array(X, chunks=(500, D))[da.from_array(y, chunks=500) > 0],
                   da.from_array(y, chunks=500)),
     r"unknown size.*compute_chunk_sizes\(\)"),
    (lambda X, y: (da.from_array(X, chunks=(500, D)).astype(str), da.from_array(y, chunks=500)),
     "must hold numbers"),
    (lambda X, y: (da.from_array(X[:0], chunks=(500, D)), da.from_array(y[:0], chunks=500)),
     "at least one sample"),
])
def test_bad_dask_input_names_the_problem(data, make, match):
    X, y = data
    with pytest.raises((ValueError, TypeError), match=match):
        GradientDescentRegressor().fit(*make(X, y))


def test_nan_and_huge_values_in_a_chunk_are_refused(data):
    X, y = data
    bad = X.copy()
    bad[1234, 2] = np.nan
    with pytest.raises(ValueError, match="1 NaN or infinite"):
        GradientDescentRegressor().fit(*_dask(bad, y, 500))
    bad[1234, 2] = 1e160
    with pytest.raises(ValueError, match="overflow float64"):
        GradientDescentRegressor().fit(*_dask(bad, y, 500))
    with pytest.raises(ValueError, match="strictly positive target"):
        GradientDescentRegressor(loss="gamma").fit(*_dask(X, y - y.max(), 500))


def test_partial_fit_with_another_number_of_features_is_refused(data):
    X, y = data
    model = GradientDescentRegressor().partial_fit(*_dask(X, y, 500))
    with pytest.raises(ValueError, match="X has 3 features.*expecting 4"):
        model.partial_fit(*_dask(X[:, :3], y, 500))


# ---- the picture: partial gradients that add up -------------------------------------------------

def test_chunk_gradients_add_up_to_the_full_gradient(data):
    X, y = data
    w, b = np.linspace(-1, 1, D), 0.5
    bounds, partials = chunk_gradients(*_dask(X, y, 700), coef=w, intercept=b)
    np.testing.assert_array_equal(bounds, [[0, 700], [700, 1400], [1400, 2000]])
    r = X @ w + b - y
    np.testing.assert_allclose(partials.sum(axis=0), np.r_[r.mean(), r @ X / N], atol=1e-12)
    np.testing.assert_allclose(partials[2], np.r_[r[1400:].sum(), r[1400:] @ X[1400:]] / N,
                               atol=1e-12)
    with pytest.raises(ValueError, match="4 values"):
        chunk_gradients(*_dask(X, y, 700), coef=[1.0])


# ---- data that do not fit: written chunk by chunk, opened lazily ------------------------------

def test_written_data_load_lazily_and_equal_the_in_memory_generator(tmp_path, monkeypatch):
    from course_utils import scaling

    largest = []
    original = scaling._regression_chunk

    def spy(base, index, rows, coef, settings):
        largest.append(rows)
        return original(base, index, rows, coef, settings)

    monkeypatch.setattr(scaling, "_regression_chunk", spy)
    info = write_chunked_regression(tmp_path / "data", 1_050, 3, chunk_size=250, noise=0.5,
                                    random_state=11)
    assert max(largest) == 250 and len(largest) == 5  # never more than a chunk at a time
    assert info["chunks"] == (250, 250, 250, 250, 50) and info["nbytes"] == 1_050 * 4 * 8
    X, y = load_chunked_regression(tmp_path / "data")
    assert isinstance(X, da.Array) and isinstance(y, da.Array)
    assert X.chunks == ((250, 250, 250, 250, 50), (3,)) and y.chunks == (X.chunks[0],)
    X_mem, y_mem, coef = make_chunked_regression(1_050, 3, chunk_size=250, noise=0.5,
                                                 random_state=11)
    np.testing.assert_array_equal(X.compute(), X_mem)
    np.testing.assert_array_equal(y.compute(), y_mem)
    np.testing.assert_array_equal(info["coef"], coef)
    exact = np.linalg.lstsq(np.c_[np.ones(1_050), X_mem], y_mem, rcond=None)[0]
    np.testing.assert_allclose(exact, np.r_[5.0, coef], atol=0.1)  # y = 5 + X w + noise
    fitted = GradientDescentRegressor(learning_rate=0.5, epochs=60).fit(X, y)
    np.testing.assert_allclose(np.r_[fitted.intercept_, fitted.coef_], exact, atol=1e-8)


def test_writer_refuses_a_folder_in_use_and_the_loader_a_missing_one(tmp_path):
    write_chunked_regression(tmp_path / "a", 10, 2, chunk_size=4)
    with pytest.raises(FileExistsError, match="not empty"):
        write_chunked_regression(tmp_path / "a", 10, 2, chunk_size=4)
    with pytest.raises(FileNotFoundError, match="write_chunked_regression"):
        load_chunked_regression(tmp_path / "b")
    with pytest.raises(ValueError, match="chunk_size"):
        write_chunked_regression(tmp_path / "c", 10, 2, chunk_size=0)


def test_a_corrupted_chunk_file_is_a_clear_error(tmp_path):
    write_chunked_regression(tmp_path / "d", 100, 3, chunk_size=40)
    np.save(tmp_path / "d" / "X" / "1.npy", np.zeros((40, 2)))
    with pytest.raises(ValueError, match=r"chunk 1 of X \(rows 40 to 80\)"):
        GradientDescentRegressor().fit(*load_chunked_regression(tmp_path / "d"))


def test_course_utils_imports_without_importing_dask():
    code = "import sys, course_utils; sys.exit('dask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
