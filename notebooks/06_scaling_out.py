# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 06 — Scaling out: the same gradient descent on Dask
#
# Lesson 03 ended with SGD streaming a file too big for memory, one chunk at a time. The
# next question is what to do when the data do not fit on *one machine* at all. In practice
# nobody writes a distributed engine for that: we hand the chunks to an existing one. This
# lesson uses **Dask**, which runs on a laptop with no setup (its threaded scheduler) and on a
# cluster with the same code (`dask.distributed`).
#
# **You will learn**
# - why full-batch gradient descent parallelises: the gradient is a sum over samples, so each
#   chunk computes its own share $X_k^\top g_k$ and only $d + 1$ numbers travel;
# - to train `GradientDescentRegressor` on a lazy, chunked dask array read from disk, and to
#   check that the result equals the in-memory fit;
# - to run the very same fit on a cluster of two worker processes, and where the time goes;
# - how mini-batch and SGD stream over the chunks, and what changes on a real cluster.
#
# **Prerequisites:** lesson 03 (full batch vs mini-batch, epochs, streaming with
# `partial_fit`).
#
# **Class time:** about 30 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 15 seconds on a laptop (starting the two worker processes is part of it).

# %%
import logging
import tempfile
from pathlib import Path

import dask
import dask.array as da
import matplotlib.pyplot as plt
import numpy as np
from distributed import Client, LocalCluster

from course_utils import (
    GradientDescentRegressor,
    NormalEquationRegressor,
    chunk_gradients,
    load_chunked_regression,
    make_chunked_regression,
    plot_chunk_gradients,
    time_call,
    write_chunked_regression,
)
from course_utils.plotting import setup_notebook

rng = setup_notebook(seed=6)
print(f"dask {dask.__version__}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The gradient is a sum over chunks
#
# With the half squared error, the objective of lesson 03 is a mean over the $n$ samples,
# $J(\theta) = \frac1n \sum_i \frac12 (x_i^\top w + b - y_i)^2$, so its gradient is a sum too.
# Write $g_i = x_i^\top w + b - y_i$ (the derivative of the loss with respect to the
# prediction) and split the rows of $X$ into chunks $X_1, \dots, X_K$:
#
# $$\frac{\partial J}{\partial b} = \frac1n \sum_{k=1}^K \mathbf 1^\top g_k, \qquad
#   \nabla_w J = \frac1n \sum_{k=1}^K X_k^\top g_k .$$
#
# Each chunk can compute its share where it lies, without seeing any other chunk, and send
# $d + 1$ numbers; someone adds them up. The next cell splits 1 000 samples of 3 features into
# chunks of 300 rows (the last chunk holds the 100 left over), asks each chunk for its share
# at $\theta = 0$, and checks that the shares add up to the gradient computed on all the data
# at once.

# %%
X_small, y_small, _ = make_chunked_regression(1_000, 3, chunk_size=300, random_state=6)
X_chunks = da.from_array(X_small, chunks=(300, 3))  # a dask array: 4 chunks of rows
y_chunks = da.from_array(y_small, chunks=300)
bounds, shares = chunk_gradients(X_chunks, y_chunks)  # one row per chunk: (1/n)(1'g_k, X_k'g_k)

g_all = -y_small  # g = Xw + b - y at theta = 0
full_gradient = np.r_[g_all.mean(), X_small.T @ g_all / len(y_small)]
np.testing.assert_allclose(shares.sum(axis=0), full_gradient, atol=1e-12)
print("rows of each chunk:", [f"{a}-{b - 1}" for a, b in bounds])
print("sum of the chunks' shares:", np.round(shares.sum(axis=0), 4))
print("gradient on all the data: ", np.round(full_gradient, 4), "-> matches")

# %%
plot_chunk_gradients(bounds, shares,
                     title="Each chunk sends its share of the gradient to one sum",
                     gradient_label=r"share of $\partial J/\partial\theta_j$ (units of y)")
plt.show()

# %% [markdown]
# The intercept's bar is the mean of $-y$ split four ways: each chunk contributes in
# proportion to its rows, which is why the short last chunk sends the smallest share. This is
# all full-batch gradient descent needs: one pass in which every chunk computes its share,
# one sum, one step. It is a *reduction*, the bread and butter of every distributed engine.
#
# ## 2. Data that do not fit: a data set written chunk by chunk
#
# Real data that do not fit in memory live in many files. `write_chunked_regression` writes
# a seeded regression data set of any size in that shape: it draws, writes and forgets one
# chunk at a time, so writing 10 million rows never holds more than one chunk. Here we keep
# it small enough for a lesson, 400 000 samples of 20 standard-normal features in 8 chunks
# of 50 000 rows ($y = 5 + Xw + \varepsilon$ with noise variance 1), in a temporary folder.
# `load_chunked_regression` opens it **lazily**: the dask arrays it returns only know the
# shape and the chunks; nothing is read until a computation needs it.

# %%
workdir = tempfile.TemporaryDirectory()
folder = Path(workdir.name) / "regression"
info = write_chunked_regression(folder, 400_000, 20, chunk_size=50_000, random_state=6)
X, y = load_chunked_regression(folder)

files = sorted(p.name for p in (folder / "X").glob("*.npy"))
print(f"on disk: {len(files)} files of X ({files[0]} ... {files[-1]}) and as many of y, "
      f"{info['nbytes'] / 1e6:.1f} MB in all")
print(f"X: a lazy {type(X).__module__.split('.')[0]} array of shape {X.shape}, "
      f"{X.numblocks[0]} chunks of {X.chunks[0][0]:,} rows ({X.nbytes / X.numblocks[0] / 1e6:.1f} MB "
      "each)")
print(f"y: shape {y.shape}, the same row chunks as X: {y.chunks[0] == X.chunks[0]}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The same estimator on a dask array
#
# `GradientDescentRegressor.fit` recognises a dask array and trains on its chunks: in every
# epoch each chunk computes its share (reading its file), Dask adds the shares, and the
# estimator takes the step. Everything else is the training loop of lesson 03: the same
# steps, the same loss curve, the same divergence checks and stopping rule. The features
# are standardised, so the bowl is round and $\eta = 0.8$ converges in a few epochs.
#
# First on Dask's **threaded scheduler**, which runs the chunks on this machine's cores:

# %%
params = dict(learning_rate=0.8, epochs=10)
with dask.config.set(scheduler="threads"):
    threaded = GradientDescentRegressor(**params).fit(X, y)
print(f"{threaded.n_iter_} epochs, loss J per epoch:", np.round(threaded.loss_curve_, 4))

# %% [markdown]
# Is it the same fit? These data do fit in memory, so we can load them and compare with the
# in-memory estimator (equal up to rounding: the sums are added in another order) and with
# the exact least-squares solution of lesson 01.

# %%
X_mem, y_mem = X.compute(), y.compute()
in_memory = GradientDescentRegressor(**params).fit(X_mem, y_mem)
np.testing.assert_allclose(threaded.coef_, in_memory.coef_, rtol=0, atol=1e-10)
np.testing.assert_allclose(threaded.intercept_, in_memory.intercept_, rtol=0, atol=1e-10)
np.testing.assert_allclose(threaded.loss_curve_, in_memory.loss_curve_, rtol=1e-10)
exact = NormalEquationRegressor().fit(X_mem, y_mem)
np.testing.assert_allclose(threaded.coef_, exact.coef_, atol=1e-4)
print("dask (threads) = in-memory fit to 1e-10, and = least squares to 1e-4: matches")
print(f"intercept {threaded.intercept_:.4f} (true 5.0), first weights "
      f"{np.round(threaded.coef_[:4], 3)} (true {info['coef'][:4]})")
del X_mem, y_mem

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. The same fit on a cluster
#
# A **cluster** is a scheduler that hands out tasks and workers that run them, each a
# separate process (on a real cluster, on separate machines). `LocalCluster` starts one on
# this machine: two worker processes with one thread each, listening on localhost only, with
# the dashboard (a web page showing the tasks) switched off. Once a `Client` is connected,
# every Dask computation runs on the cluster: the estimator's code does not change at all.

# %%
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       dashboard_address=None, host="127.0.0.1", silence_logs=logging.ERROR)
client = Client(cluster)
workers = client.scheduler_info()["workers"].values()
print(f"cluster: {len(workers)} worker processes, "
      f"{sum(w['nthreads'] for w in workers)} threads in all, localhost only, no dashboard")

# %%
on_cluster = GradientDescentRegressor(**params).fit(X, y)
np.testing.assert_allclose(on_cluster.coef_, threaded.coef_, rtol=0, atol=1e-12)
np.testing.assert_allclose(on_cluster.intercept_, threaded.intercept_, rtol=0, atol=1e-12)
np.testing.assert_allclose(on_cluster.loss_curve_, threaded.loss_curve_, rtol=1e-12)
print("two worker processes = threaded scheduler (coefficients, intercept, loss curve): matches")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Where the time goes
#
# The next cell times one epoch four ways. On this scale the cluster is *slower* than the
# threads, and seeing why is the point:
#
# - **in memory**: lesson 03's estimator on numpy arrays already in RAM (two products,
#   $Xw$ and $g^\top X$, per epoch);
# - **threads**: the same arithmetic, plus reading each chunk's file (here from the operating
#   system's file cache, so mostly a memory copy) and a few dozen tasks to schedule;
# - **cluster, from disk**: every epoch the workers read the files again and each task is a
#   message between processes: a fixed cost per task and per round trip;
# - **cluster, persisted**: `client.persist` reads the chunks once into the workers' memory,
#   so an epoch sends only $\theta$ out and $d + 1$ numbers per chunk back.
#
# Full-batch gradient descent needs one round trip per epoch, so the fixed cost per round
# trip is paid every epoch; it only pays off when each chunk holds far more work than here.

# %%
# NBVAL_IGNORE_OUTPUT
# (wall-clock times differ between machines and runs, so this cell's output is not compared)
def epoch_seconds(data_X, data_y, extra=3):
    """One epoch: (fit with 1 + extra epochs - fit with 1 epoch) / extra (setup left out)."""
    one = time_call(lambda: GradientDescentRegressor(**{**params, "epochs": 1}).fit(
        data_X, data_y), repeats=1)[0]
    more = time_call(lambda: GradientDescentRegressor(**{**params, "epochs": 1 + extra}).fit(
        data_X, data_y), repeats=1)[0]
    return max(more - one, 0.0) / extra


X_keep, y_keep = client.persist([X, y])  # the chunks now live in the workers' memory
times = {"cluster, persisted": epoch_seconds(X_keep, y_keep),
         "cluster, from disk": epoch_seconds(X, y)}
client.close()  # back to the threaded scheduler
cluster.close()
with dask.config.set(scheduler="threads"):
    times["threads, from disk"] = epoch_seconds(X, y)
X_mem, y_mem = X.compute(), y.compute()
times["in memory (numpy)"] = epoch_seconds(X_mem, y_mem)
for name, seconds in sorted(times.items(), key=lambda kv: kv[1]):
    print(f"{name:>20}: {1e3 * seconds:7.1f} ms per epoch, "
          f"{1e9 * seconds / len(y_mem):6.1f} ns per sample")
del X_mem, y_mem

# %% [markdown]
# The cluster is closed (its worker processes have exited); Dask is back on its threads. On
# one machine with two cores, threads share memory and win over processes. Even they pay a
# fixed cost per epoch (the tasks, the files), which on 8 chunks of 8 MB is a large part of
# the epoch; it shrinks as the chunks grow. On the course's benchmark (`make bench`), one
# epoch over 10 million rows read from disk in 40 chunks of 40 MB on the threaded scheduler
# runs at least as fast per sample as numpy on data held in memory, while memory stays at a
# few chunks. A cluster wins when the data are larger than one machine's memory or disk, or
# the work per chunk is heavy enough that the fixed cost per task disappears in it.
#
# ## 5. Mini-batch and SGD: streaming over the chunks
#
# Mini-batch gradient descent cannot be a single reduction: each update depends on the
# previous one. On a dask array it **streams**: the chunks come into memory one at a time, in
# a new random order every epoch, each chunk shuffled, and its batches are the updates of
# lesson 03. Both orders are drawn from `random_state`, so the fit is reproducible; it
# differs from the in-memory fit (which shuffles all rows together) only by SGD's noise.
# (Batches never straddle two chunks, so an epoch makes $\sum_k \lceil n_k/m \rceil$ updates.)

# %%
stream = dict(learning_rate=0.02, batch_size=256, epochs=2, random_state=0)
streamed = GradientDescentRegressor(**stream).fit(X, y)
again = GradientDescentRegressor(**stream).fit(X, y)
np.testing.assert_array_equal(streamed.coef_, again.coef_)
X_mem, y_mem = X.compute(), y.compute()
mini_in_memory = GradientDescentRegressor(**stream).fit(X_mem, y_mem)
np.testing.assert_allclose(streamed.coef_, mini_in_memory.coef_, atol=0.06)
np.testing.assert_allclose(streamed.coef_, exact.coef_, atol=0.06)
print(f"{streamed.t_:,} updates in 2 epochs; the same random_state gives the same coefficients")
print("largest difference to the in-memory mini-batch fit:",
      f"{np.abs(streamed.coef_ - mini_in_memory.coef_).max():.3f} (SGD noise, below 0.06)")
del X_mem, y_mem

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. What changes on a real cluster
#
# Only the address the client connects to. The scheduler of a real cluster runs on some
# machine of it (started by the cluster's administrator, by `dask-scheduler` and
# `dask-worker`, or by a cloud or HPC launcher), and the client is given its address:
#
# ```python
# client = Client("tcp://scheduler.example.org:8786")  # the one line that changes
# X, y = load_chunked_regression("/shared/regression")  # a folder every worker can read
# model = GradientDescentRegressor(learning_rate=0.8, epochs=10).fit(X, y)
# ```
#
# Two things to know: the files must be where *every worker* can read them (a shared
# filesystem or an object store), because the tasks that read them run on the workers; and
# `client.persist` is worth its memory whenever the data are read for many epochs.
#
# ## 7. When chunks do not line up
#
# Each chunk of $X$ must come with the targets of the *same* rows, or no chunk could compute
# its share alone. A $y$ chunked differently is refused with the fix in the message:

# %% tags=["raises-exception"]
y_misaligned = y.rechunk(40_000)
GradientDescentRegressor().fit(X, y_misaligned)

# %% [markdown]
# The fix the message names, `y.rechunk(X.chunks[0])`, gives $y$ exactly $X$'s row chunks;
# then the fit runs. The temporary folder is deleted at the end:

# %%
realigned = GradientDescentRegressor(**params).fit(X, y_misaligned.rechunk(X.chunks[0]))
np.testing.assert_allclose(realigned.coef_, threaded.coef_, rtol=0, atol=1e-12)
print("after y.rechunk(X.chunks[0]): the same fit as before")
workdir.cleanup()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - The gradient of a mean loss is a sum over samples: each chunk computes
#   $(\mathbf 1^\top g_k, X_k^\top g_k)$ on its own, and one sum gives the full gradient.
#   Full-batch gradient descent is one reduction per epoch.
# - `GradientDescentRegressor` trains on a lazy dask array with the same training loop; on
#   Dask's threads and on a cluster of two processes it gives the in-memory fit (to 1e-10).
# - Mini-batch and SGD stream over the chunks in a random order drawn from `random_state`.
# - A cluster adds a fixed cost per task and per round trip; it pays off for data larger than
#   one machine or heavy chunks. Moving to a real cluster changes only the scheduler address.
#
# ## Exercises
#
# 1. Refit section 3 with 4 and with 32 chunks (`X.rechunk((12_500, 20))` and the same for
#    `y`): do the coefficients change? Does the time per epoch?
# 2. Time an epoch of the streaming fit of section 5 with `batch_size=256` and with
#    `batch_size=50_000` (one update per chunk). Why is the second one so much faster per
#    epoch, and why does it need more epochs?
# 3. With the half squared error, $J$ and its gradient need only $X^\top X$, $X^\top y$,
#    $\mathbf 1^\top X$ and $y^\top y$: sums over chunks as well. Compute them in one pass
#    with dask and solve the normal equation; compare with section 3.

# %% [markdown] slideshow={"slide_type": "skip"}
# ## Going further
#
# - The cluster of section 4 was two processes on this machine. On a real cluster, start a
#   scheduler and workers on the machines (`dask scheduler`, `dask worker tcp://host:8786`)
#   and pass `Client("tcp://host:8786")` instead of `Client(LocalCluster(...))`: the fit cell
#   does not change.
# - Full-batch gradient descent sends one round trip per epoch; methods that need fewer
#   epochs (the normal equation of exercise 3, or quasi-Newton methods such as L-BFGS on the
#   same chunked sums) send fewer. Which one wins depends on d and on the network.
