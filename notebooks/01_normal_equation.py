# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 01 — The normal equation: least squares in one line of algebra
#
# **You will learn**
# - how a linear model $\hat y = b + w_1 x_1 + \dots + w_d x_d$ becomes one matrix product
#   $\tilde X\theta$, and why the design matrix $\tilde X$ carries a column of ones;
# - how minimising the residual sum of squares leads to the *normal equation*
#   $\hat\theta = (\tilde X^\top \tilde X)^{-1} \tilde X^\top y$, and how to check the answer
#   against scikit-learn;
# - why you never compute that inverse: `inv` vs `solve` vs `lstsq` vs `pinv`, the condition
#   number, collinear columns and the minimum-norm answer;
# - what the closed form costs ($O(nd^2 + d^3)$), which is why lesson 03 trains by gradient descent;
# - why OLS is still taught: unbiased, BLUE, fast;
# - what a standard error, a confidence interval and $R^2$ mean, read from `ols_summary`, and how a
#   randomised experiment turns a coefficient into an effect with its interval.
#
# **Prerequisites:** numpy arrays, matrix multiplication, a derivative.
#
# **Class time:** about 60 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 35 seconds (`make notebooks` on 2 shared cores).

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats
from sklearn.datasets import make_regression
from sklearn.linear_model import LinearRegression, Ridge

from course_utils import (
    NormalEquationRegressor,
    add_intercept,
    load_housing,
    load_ill_conditioned,
    make_collinear,
    ols_summary,
    plot_cost_scaling,
    plot_fit,
    plot_flat_valley,
    plot_histograms,
    plot_intervals,
    plot_solver_accuracy,
    time_call,
)
from course_utils.plotting import setup_notebook

rng = setup_notebook(seed=0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The model in matrix form
#
# A linear model predicts with a weighted sum of the $d$ features plus a constant, the
# intercept $b$:
#
# $$\hat y = f(x;\theta) = b + w_1 x_1 + w_2 x_2 + \dots + w_d x_d, \qquad \theta = (b, w).$$
#
# Stack the $n$ samples $x_i$ as the rows of the $n \times d$ feature matrix $X$. If every row
# starts with a $1$, the intercept becomes just another coefficient and the whole model is one
# matrix product:
#
# $$
# y = \tilde X\theta + \varepsilon, \qquad
# \tilde X = [\mathbf 1, X] = \begin{bmatrix}
# 1 & x_{11} & \cdots & x_{1d}\\
# 1 & x_{21} & \cdots & x_{2d}\\
# \vdots & \vdots & & \vdots\\
# 1 & x_{n1} & \cdots & x_{nd}
# \end{bmatrix},\qquad
# \theta = \begin{bmatrix}b\\ w_1\\ \vdots\\ w_d\end{bmatrix}.
# $$
#
# $\tilde X$ is the **design matrix**, $n \times (d+1)$; $\varepsilon$ is the noise the model
# cannot explain. (Statistics texts, and the lecture, write the parameters as $\beta$; this
# course writes $\theta = (b, w)$ throughout.) `add_intercept` prepends the column of ones. The
# next cell builds $\tilde X$ for three houses described by size (m²) and age (years), and
# predicts their prices with one product.

# %%
features = np.array([[70.0, 12.0], [120.0, 3.0], [45.0, 40.0]])  # size (m²), age (years)
X_tilde = add_intercept(features)
theta = np.array([50.0, 3.0, -1.5])  # intercept b (k€), then w: k€ per m², k€ per year of age
print("design matrix X~ (ones, size, age):")
print(X_tilde)
print("predicted prices X~ @ theta (k€):", X_tilde @ theta)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Least squares and the normal equation
#
# We choose $\theta$ to make the **residual sum of squares** as small as possible:
#
# $$\mathrm{RSS}(\theta) = \lVert y - \tilde X\theta\rVert^2
# = y^\top y - 2\theta^\top \tilde X^\top y + \theta^\top \tilde X^\top \tilde X \theta .$$
#
# It is a quadratic bowl in $\theta$. Its gradient is
#
# $$\nabla_\theta \mathrm{RSS} = -2\tilde X^\top y + 2\tilde X^\top \tilde X\theta ,$$
#
# and setting it to zero gives the **normal equation**
#
# $$\tilde X^\top \tilde X\,\theta = \tilde X^\top y \quad\Longrightarrow\quad
# \hat\theta = (\tilde X^\top \tilde X)^{-1}\tilde X^\top y .$$
#
# "Normal" because $\tilde X^\top(y - \tilde X\hat\theta) = 0$: the residual vector is
# orthogonal (normal) to every column of $\tilde X$. That gives us a check that does not need
# scikit-learn. (The lecture's cost is this sum; the course's objective $J$ from lesson 02 on
# is the mean, with a factor ½: $J = \mathrm{RSS}/(2n)$. Dividing by a constant moves no
# minimiser.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. A published example, reproduced exactly
#
# A classic textbook example draws 500 points on a line $y = 3x + 2$ with Gaussian noise of
# standard deviation 2, seeded with the legacy `np.random.seed(42)` so that everyone gets the
# same numbers. The normal equation is one line of numpy; the published answer is
# $\hat\theta = (\hat b, \hat w) \approx (1.92335698,\ 3.01642164)$.

# %%
np.random.seed(42)  # noqa: NPY002 -- the legacy global seed, to reproduce published numbers
x = np.linspace(1, 10, 500)
y = 3 * x + 2 + np.random.normal(0, 2, size=500)  # noqa: NPY002

X_tilde = add_intercept(x.reshape(-1, 1))
theta_hat = np.linalg.inv(X_tilde.T @ X_tilde) @ X_tilde.T @ y  # as written (section 4: why not)
print(f"normal equation theta = (b, w) = ({theta_hat[0]:.8f}, {theta_hat[1]:.8f})")

np.testing.assert_allclose(theta_hat, [1.92335698, 3.01642164], atol=5e-9)
np.testing.assert_allclose(X_tilde.T @ (y - X_tilde @ theta_hat), 0.0, atol=1e-8)  # residual ⟂
lin = LinearRegression().fit(x.reshape(-1, 1), y)
np.testing.assert_allclose([lin.intercept_, lin.coef_[0]], theta_hat, rtol=1e-10)
print("matches the published values; residuals are orthogonal to X; LinearRegression agrees")

# %% [markdown]
# The fitted line sits almost on top of the true one: 500 points pin the slope down to
# about $\pm 0.03$.

# %%
grid = np.array([1.0, 10.0])
ax = plot_fit(
    x, y,
    {"true line  y = 3x + 2": (grid, 3 * grid + 2),
     f"normal equation  y = {theta_hat[1]:.3f}x + {theta_hat[0]:.3f}":
         (grid, theta_hat[0] + theta_hat[1] * grid)},
    title="500 noisy points and the least-squares line",
    xlabel="x (arbitrary units)", ylabel="y (arbitrary units)",
)
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Multiple regression
#
# Nothing changes with more features: $\tilde X$ just gets more columns. scikit-learn's
# `make_regression` draws five features and a target with a known intercept (here $\pi$) and
# known coefficients. Without noise, least squares must recover them exactly. The tested
# estimator `NormalEquationRegressor` does the same algebra after centring the data (so the
# intercept is never mixed into the penalty in section 4).

# %%
np.random.seed(42)  # noqa: NPY002 -- make_regression draws from the global seed
X5, y5, true_coef = make_regression(n_samples=500, n_features=5, bias=np.pi, coef=True)
ne = NormalEquationRegressor().fit(X5, y5)
lr = LinearRegression().fit(X5, y5)

print("true coefficients:", np.round(true_coef, 6), "  intercept: pi")
print("normal equation  :", np.round(ne.coef_, 6), f"  intercept: {ne.intercept_:.6f}")
np.testing.assert_allclose(ne.intercept_, np.pi, rtol=1e-10)
np.testing.assert_allclose(ne.coef_, true_coef, rtol=1e-10)
np.testing.assert_allclose(ne.coef_, lr.coef_, rtol=1e-10)
np.testing.assert_allclose(ne.intercept_, lr.intercept_, rtol=1e-10)
print("intercept pi and all five coefficients recovered; LinearRegression agrees")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. `inv` vs `solve` vs `lstsq` vs `pinv`: numerical pitfalls
#
# Four ways to compute the same $\hat\theta$ (multiply-adds
# counted for $n$ rows and $d$ columns):
#
# | method | computes | cost | when $\tilde X$ is nearly collinear |
# |---|---|---|---|
# | `inv` | $(\tilde X^\top \tilde X)^{-1}$, then multiplies | $nd^2 + d^3$ | error grows like $\kappa(\tilde X)^2$ |
# | `solve` | `np.linalg.solve`: LU factor of $\tilde X^\top \tilde X$, two triangular solves | $nd^2 + 2d^3/3$ | error grows like $\kappa(\tilde X)^2$ |
# | `lstsq` | SVD of $\tilde X$ itself | $\approx 2nd^2 + d^3$ (larger constant) | error grows like $\kappa(\tilde X)$ |
# | `pinv` | $\tilde X^+ = V\Sigma^{+}U^\top$, then multiplies | as `lstsq` | minimum-norm answer |
#
# $\tilde X^\top \tilde X$ is symmetric positive definite, so `NormalEquationRegressor(method="solve")`
# uses a Cholesky factor ($d^3/3$, half of LU) instead. The
# **condition number** $\kappa(\tilde X) = \sigma_{\max}/\sigma_{\min}$ measures how much relative
# errors in the data (or in floating-point rounding, $\approx 10^{-16}$) can be amplified in
# $\hat\theta$. Forming $\tilde X^\top \tilde X$ *squares* it: $\kappa(\tilde X^\top \tilde X) = \kappa(\tilde X)^2$.
#
# To see the difference we need a known exact answer: polynomial features
# $1, x, x^2, \dots, x^k$ on $[0, 1]$ (more alike as $k$ grows) and $y = \tilde X\,\mathbf{1}$
# without noise, so the true $\theta$ is all ones.

# %%
routes = {  # the four ways, exactly as one would type them
    "inv": lambda X, y: np.linalg.inv(X.T @ X) @ (X.T @ y),
    "solve": lambda X, y: np.linalg.solve(X.T @ X, X.T @ y),  # LU (the table's cost)
    "lstsq": lambda X, y: np.linalg.lstsq(X, y, rcond=None)[0],
    "pinv": lambda X, y: np.linalg.pinv(X) @ y,
}
x01 = np.linspace(0, 1, 200)
degrees = np.arange(1, 13)
conds, errors = [], {name: [] for name in routes}
for k in degrees:
    Xk = np.vander(x01, k + 1, increasing=True)
    yk = Xk @ np.ones(k + 1)
    conds.append(np.linalg.cond(Xk))
    for name, route in routes.items():
        try:
            b = route(Xk, yk)
            errors[name].append(np.linalg.norm(b - 1) / np.linalg.norm(np.ones(k + 1)))
        except np.linalg.LinAlgError:  # "Singular matrix": the library refused to answer
            errors[name].append(np.inf)

conds = np.array(conds)
plot_solver_accuracy(
    conds, errors,
    references={r"$10^{-16}\,\kappa(\tilde X)$": 1e-16 * conds, r"$10^{-16}\,\kappa(\tilde X)^2$": 1e-16 * conds**2},
    title="Accuracy of the four solvers on polynomial features of degree 1 to 12",
    xlabel=r"condition number $\kappa(\tilde X)$ of $\tilde X = [1, x, \dots, x^k]$ (dimensionless)",
    ylabel=r"relative error $\|\hat\theta - \theta\| / \|\theta\|$ (dimensionless)")
plt.show()

# %% [markdown]
# The two normal-equation solvers follow the $\kappa^2$ line and have lost every digit by
# degree 12; the SVD-based ones follow $\kappa$ and keep about seven. *How* `inv` and `solve`
# break down depends on your CPU: on some, the linear-algebra library notices that
# $\tilde X^\top \tilde X$ is singular to working precision and raises `LinAlgError` (a cross at the top of the
# figure); on others it returns digits that are pure rounding noise. Both mean the same thing:
# no reliable answer. The claim, checked in a form that holds on every CPU (we assert bounds,
# not digits, and count a refusal as a breakdown):

# %%
i = len(degrees) - 1
print(f"degree {degrees[i]}: kappa(X~) = {conds[i]:.1e}, kappa(X~^T X~) = kappa^2 = {conds[i] ** 2:.1e}")
for name in ["lstsq", "pinv"]:
    assert errors[name][i] < 1e-5, name
    print(f"  {name:5s} relative error below 1e-5 (about seven digits kept)")
for name in ["inv", "solve"]:
    assert errors[name][i] > 1e-2, name  # inf (refused) counts: no digit is kept either way
    print(f"  {name:5s} relative error above 1e-2, or refused (no reliable digit left)")

# %% [markdown]
# The lesson: **solve, never invert; prefer an SVD-based least-squares solver when columns are
# nearly collinear.** (Real measurements do this too: "Going further" at the end shows it on
# the breast-cancer data.)
#
# ### Collinear columns and the minimum-norm answer
#
# Now the extreme case: the second feature is an exact copy of the first. The data follow
# $y = 1 + 3x + \varepsilon$, so any split $w_1 + w_2$ of the slope fits equally well and
# $X^\top X$ is singular. The methods that invert it refuse, with an error that says why
# and what to do instead (this cell is *expected* to fail):

# %% tags=["raises-exception"]
X_dup, y_dup = make_collinear(100, random_state=0)
NormalEquationRegressor(method="solve").fit(X_dup, y_dup)

# %% [markdown]
# The RSS surface shows why: it is not a bowl but a valley, flat along the line
# $w_1 + w_2 = \hat w$, where $\hat w$ is the least-squares slope of $y$ on the single column
# (near the true 3, not equal to it: the data are noisy). Among the infinitely many minimisers,
# `lstsq` and `pinv` return the one with the smallest norm $\lVert w\rVert$, which is the point
# of the valley closest to the origin: $w_1 = w_2 = \hat w / 2$. `LinearRegression` does the
# same.

# %%
w1, w2 = np.meshgrid(np.linspace(-1.5, 4.5, 121), np.linspace(-1.5, 4.5, 121))
xd, yd = X_dup[:, 0] - X_dup[:, 0].mean(), y_dup - y_dup.mean()
rss = ((yd[:, None, None] - (w1 + w2)[None] * xd[:, None, None]) ** 2).sum(axis=0)
min_norm = NormalEquationRegressor(method="pinv").fit(X_dup, y_dup).coef_
w_total = min_norm.sum()  # the fitted slope, shared by every minimiser
plot_flat_valley(
    w1, w2, rss, line=([-1.5, 4.5], [w_total + 1.5, w_total - 4.5]), point=min_norm,
    line_label=f"every minimiser: $w_1 + w_2 = {w_total:.3f}$",
    point_label=f"minimum norm ({min_norm[0]:.3f}, {min_norm[1]:.3f})",
    title="RSS of a duplicated column: a flat valley, not a bowl",
    xlabel=r"$w_1$ (y units per x unit)", ylabel=r"$w_2$ (y units per x unit)")
plt.show()

# %%
lr_dup = LinearRegression().fit(X_dup, y_dup)
for method in ["lstsq", "pinv"]:
    coef = NormalEquationRegressor(method=method).fit(X_dup, y_dup).coef_
    np.testing.assert_allclose(coef, lr_dup.coef_, rtol=1e-8)
    print(f"{method:5s} coef = {np.round(coef, 6)}  (sum {coef.sum():.6f})")
np.testing.assert_allclose(min_norm[0], min_norm[1], rtol=1e-10)
slope_one_column = LinearRegression().fit(X_dup[:, :1], y_dup).coef_[0]
np.testing.assert_allclose(w_total, slope_one_column, rtol=1e-10)
np.testing.assert_allclose(w_total, 2.993, atol=5e-4)  # the number the text and legend use
print(f"lstsq and pinv return the minimum-norm solution, as LinearRegression does: "
      f"w1 = w2 = {min_norm[0]:.4f}, half the fitted slope {w_total:.3f} (true slope 3)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. What the closed form costs
#
# Counting floating-point operations for `NormalEquationRegressor(method="solve")`:
#
# - forming $X^\top X$: $n d^2$ multiply-adds (it dominates when $n \gg d$);
# - forming $X^\top y$: $n d$;
# - Cholesky factorisation of the $d \times d$ matrix: $d^3/3$ (`np.linalg.solve`'s LU:
#   $2d^3/3$).
#
# So the cost is $O(nd^2 + d^3)$: linear in the number of samples, quadratic to cubic in
# the number of features. Counted for a few sizes:

# %%
for n, d in [(10_000, 10), (10_000, 1_000), (10_000_000, 100), (1_000_000, 10_000)]:
    flops = n * d**2 + d**3 / 3
    print(f"n = {n:>10,}  d = {d:>6,}:  n d^2 + d^3/3 = {flops:9.2e} multiply-adds")

# %% [markdown]
# A million samples with ten thousand features needs $10^{14}$ operations and an
# $X^\top X$ of 800 MB before any solving ("Going further" times fits on your machine). Many
# models (logistic regression, any loss but squared error, neural networks) have no closed
# form at all. **Gradient descent**, whose epoch costs $O(nd)$, solves both: lesson 03.
#
# ## 6. Why OLS is still taught: unbiased for any zero-mean noise
#
# If $y = \tilde X\theta + \varepsilon$ with $\mathbb E[\varepsilon] = 0$, then
# $\mathbb E[\hat\theta] = (\tilde X^\top \tilde X)^{-1}\tilde X^\top\,\mathbb E[y] = \theta$:
# the estimator is
# **unbiased**, and nothing in that line needs the noise to be normal. If moreover the errors are
# uncorrelated with equal variance, the Gauss–Markov theorem makes OLS the **best linear unbiased
# estimator** (BLUE): no other unbiased estimator that is linear in $y$ has a smaller variance.
#
# A seeded Monte Carlo study checks the first claim: 4 000 data sets of 30 points with the
# same $x$, true line $y = 2 + 0.5x$, and three zero-mean noises of equal variance: normal,
# skewed (a shifted exponential), heavy-tailed (Student's $t$, 3 degrees of freedom). All
# 4 000 fits are one matrix product with the pseudo-inverse.

# %%
mc = np.random.default_rng(2024)
n_obs, n_sim, sigma = 30, 4_000, 1.0
x_mc = np.linspace(0, 10, n_obs)
X_mc = add_intercept(x_mc.reshape(-1, 1))
noises = {
    "normal": mc.normal(0, sigma, size=(n_obs, n_sim)),
    "skewed (exponential − 1)": mc.exponential(sigma, size=(n_obs, n_sim)) - sigma,
    "heavy-tailed (t, 3 df)": mc.standard_t(3, size=(n_obs, n_sim)) * sigma / np.sqrt(3.0),
}
hat = np.linalg.pinv(X_mc)  # (2, n_obs); row 1 maps y to the slope
slopes = {name: (hat @ (2.0 + 0.5 * x_mc[:, None] + eps))[1] for name, eps in noises.items()}
plot_histograms(slopes, truth=0.5,
                title="Sampling distribution of the OLS slope (4 000 data sets each)",
                xlabel="estimated slope (y units per x unit)")
plt.show()

# %%
theory_se = sigma * np.sqrt(np.linalg.inv(X_mc.T @ X_mc)[1, 1])
for name, s in slopes.items():
    mc_error = s.std() / np.sqrt(n_sim)
    print(f"{name:26s} mean slope = {s.mean():.4f}  sd = {s.std():.4f}  (theory sd {theory_se:.4f})")
    assert abs(s.mean() - 0.5) < 4 * mc_error, name  # unbiased within Monte Carlo error
    np.testing.assert_allclose(s.std(), theory_se, rtol=0.05)
print("unbiased under all three noises, with the variance sigma^2 (X^T X)^-1 predicts")

# %% [markdown]
# Three very different noise distributions, one sampling distribution centred on the truth,
# all with the spread $\sigma^2 (X^\top X)^{-1}$ predicts.
#
# ## 7. Standard errors and confidence intervals
#
# That spread is what a **standard error** is: the standard deviation of an estimate over
# repeated samples, $\mathrm{se}(\hat\theta_j) = \sigma\sqrt{[(\tilde X^\top \tilde
# X)^{-1}]_{jj}}$. With one data set and $\sigma$ unknown, we use $\hat\sigma^2 =
# \mathrm{RSS}/(n - p)$ ($p = d + 1$ parameters), and the **95 % confidence interval** is
# $\hat\theta_j \pm t_{n-p,\,0.975}\,\widehat{\mathrm{se}}_j$ (a Student's $t$ quantile).
# "95 %" describes the procedure: over repeated samples, 95 % of such intervals contain the
# true value. Both claims, checked on the normal-noise data sets within four Monte Carlo
# standard errors: $1/\sqrt{2 \cdot 3999} \approx 1.1\,\%$ for the standard deviation of
# 4 000 normal draws, $\sqrt{0.95 \cdot 0.05 / 4000} \approx 0.34$ points for a binomial share.

# %%
Y_mc = 2.0 + 0.5 * x_mc[:, None] + noises["normal"]  # the normal-noise data sets, one per column
theta_mc = hat @ Y_mc  # (b, w) of every data set
sigma_hat = np.sqrt(((Y_mc - X_mc @ theta_mc) ** 2).sum(axis=0) / (n_obs - 2))
se_hat = sigma_hat * theory_se / sigma  # theory_se / sigma = sqrt([(X~^T X~)^-1]_11)
low, high = theta_mc[1] + np.outer([-1, 1], stats.t.ppf(0.975, df=n_obs - 2) * se_hat)
coverage = np.mean((low <= 0.5) & (0.5 <= high))
np.testing.assert_allclose(theta_mc[1].std(ddof=1), theory_se, rtol=4 / np.sqrt(2 * (n_sim - 1)))
assert abs(coverage - 0.95) < 4 * np.sqrt(0.95 * 0.05 / n_sim)
print(f"sd of the 4 000 slopes {theta_mc[1].std(ddof=1):.4f} = standard error {theory_se:.4f} "
      f"(within 4.5 %); intervals covering 0.5: {100 * coverage:.1f} % (95 ± 1.4)")

# %% [markdown]
# The first 50 intervals: each data set has its own $\hat w$ and width ($\hat\sigma$); about
# one in twenty misses.

# %%
plot_intervals(theta_mc[1, :50], low[:50], high[:50], truth=0.5,
               title="95 % confidence intervals of the slope, 50 simulated data sets",
               xlabel="slope w (y units per x unit)", ylabel="data set")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Reading a fit: `ols_summary` and $R^2$
#
# `ols_summary` reports it all for one data set (the 500 points of section 3), with standard
# errors from the SVD of $\tilde X$, never an inverse. $R^2 = 1 - \mathrm{RSS}/\mathrm{TSS}$,
# $\mathrm{TSS} = \sum_i (y_i - \bar y)^2$, is the share of the variance of $y$ the model
# explains. Any added column raises it, even pure noise, so the **adjusted**
# $\bar R^2 = 1 - (1 - R^2)\frac{n-1}{n-p}$ charges for each parameter. By hand:

# %%
fit = ols_summary(x.reshape(-1, 1), y, feature_names=["x"])
print(fit)
rss, tss = np.sum((y - X_tilde @ theta_hat) ** 2), np.sum((y - y.mean()) ** 2)
r2, n_pts = 1 - rss / tss, len(y)
adj_r2 = 1 - (1 - r2) * (n_pts - 1) / (n_pts - 2)  # p = 2 parameters
np.testing.assert_allclose([r2, adj_r2, np.sqrt(rss / (n_pts - 2))], [fit.r2, fit.adj_r2, fit.sigma], rtol=1e-10)
print(f"by hand: R² = {r2:.4f}, adjusted R² = {adj_r2:.4f}: matches ols_summary")

# %% [markdown]
# The slope's standard error is section 3's "±0.03"; "Going further" checks the whole table
# against statsmodels.
#
# ## 8. Two more reasons to teach OLS: fast, and an effect with its interval
#
# **Fast.** A fitted linear model predicts with $d$ multiply-adds and one add: that is why
# high-frequency trading, where a decision takes microseconds, often runs linear signals. Timed:

# %%
# NBVAL_IGNORE_OUTPUT
# (wall-clock times differ between machines and runs, so this output is not compared)
w5, b5 = ne.coef_, ne.intercept_  # the five-feature model of section 3
x_one, X_batch = X5[0], np.random.default_rng(3).normal(size=(1_000_000, 5))
t_one, _ = time_call(lambda: x_one @ w5 + b5, repeats=1_000)
t_batch, _ = time_call(lambda: X_batch @ w5 + b5, repeats=5)
print(f"one prediction   : {t_one * 1e6:.2f} µs (5 multiply-adds; most of it is Python's call)")
print(f"10^6 predictions : {t_batch * 1e3:.1f} ms, {t_batch * 1e3:.1f} ns per prediction")

# %% [markdown]
# **Unbiased, so a coefficient can be an effect.** Policy asks what a change *causes*. When
# a coin decides who is treated (a randomised experiment), treatment is unrelated to
# everything else that moves the outcome, so its coefficient is an unbiased estimate of the
# effect, and its interval says how sure we are. 400 pupils, half tutored (true effect +4):

# %%
trial = np.random.default_rng(7)
prior = trial.normal(60, 10, size=400)  # last year's score (points)
tutored = trial.integers(0, 2, size=400).astype(float)  # the coin flip
score = 10 + 0.8 * prior + 4.0 * tutored + trial.normal(0, 8, size=400)
effect = ols_summary(np.column_stack([tutored, prior]), score,
                     feature_names=["tutored", "prior_score"]).table.loc["tutored"]
assert effect.ci_low < 4.0 < effect.ci_high  # this interval covers the truth (1 in 20 would not)
print(f"effect of tutoring: {effect.coef:.2f} points, 95 % interval "
      f"[{effect.ci_low:.2f}, {effect.ci_high:.2f}], p = {effect.p_value:.1e} (true effect 4)")

# %% [markdown]
# Without the coin (weaker pupils choosing tutoring), leaving out the prior score would mix the
# two: exercise 6. Fast, exact, unbiased, BLUE, with honest error bars: that is why OLS is
# the baseline every other model in this course is measured against.
#
# ## Summary
#
# - A linear model is $\hat y = \tilde X\theta$, $\theta = (b, w)$, once the design matrix
#   $\tilde X = [\mathbf 1, X]$ carries a column of ones.
# - Least squares minimises $\lVert y - \tilde X\theta\rVert^2$; its gradient vanishes at the
#   normal equation $\tilde X^\top \tilde X\theta = \tilde X^\top y$, where residuals are
#   orthogonal to the columns of $\tilde X$.
# - Never invert: `solve` (Cholesky) is fastest when $X$ is well conditioned; `lstsq` / `pinv`
#   (SVD) lose half as many digits and return the minimum-norm answer for collinear columns
#   (ridge's $X^\top X + \alpha I$, in "Going further", is always invertible).
# - The closed form costs $O(nd^2 + d^3)$ and exists only for squared error: lesson 03
#   trains by gradient descent instead.
# - OLS is unbiased whatever the distribution of the noise, as long as its mean is zero, and
#   BLUE when errors are uncorrelated with equal variance; a prediction costs $d$ multiply-adds.
# - A standard error is the spread of an estimate over repeated samples,
#   $\hat\sigma\sqrt{[(\tilde X^\top\tilde X)^{-1}]_{jj}}$; 95 % of 95 % intervals cover the
#   truth. $R^2$ is the share of variance explained, $\bar R^2$ charges for each parameter:
#   `ols_summary` reports them all. In a randomised experiment a coefficient is an effect.
#
# ## Exercises
#
# 1. **By hand.** For the three points $(0, 1), (1, 3), (2, 5)$, write $\tilde X$ and $y$,
#    compute $\tilde X^\top \tilde X$ and $\tilde X^\top y$ on paper, solve for $\theta$, and
#    check with
#    `NormalEquationRegressor`.
# 2. **Orthogonality.** For the five-feature example, verify that
#    $\tilde X^\top(y - \tilde X\hat\theta) = 0$ with `add_intercept`. Why must the residuals also sum to zero when there is an intercept?
# 3. **Forgotten ones.** Fit the 500-point example with `fit_intercept=False` and no column
#    of ones. No warning appears: a line through the origin is a valid model, just another
#    one. What slope does it have, how much larger is its RSS, and what does the mean of its
#    residuals tell you?
# 4. **Conditioning.** Rescale the `mean area` column of the breast-cancer data by $10^{6}$.
#    How do $\kappa(X)$ and the coefficients change? Which method notices?
# 5. **Bias under misspecification.** Repeat the Monte Carlo study with noise whose mean
#    depends on $x$ (e.g. $0.1x^2 - \text{its average}$). Is the slope still unbiased? Why not?
# 6. **No coin.** In the tutoring example let weaker pupils choose tutoring
#    (`tutored = prior < 55`). Fit `score` on `tutored` alone, then with `prior_score`. Which
#    interval covers the true effect 4, and why?

# %% [markdown] slideshow={"slide_type": "skip"}
# ## Going further
#
# Optional depth for a second reading or a longer class: the same numerical story on real
# measurements, ridge, the neural-network view, `ols_summary` checked against statsmodels, $R^2$
# against adjusted $R^2$, and the cost of section 5 measured on this machine.
#
# ### A real ill-conditioned dataset
#
# Real data do this too. In the Wisconsin breast-cancer measurements (shipped with
# scikit-learn, no download), a tumour's mean radius, perimeter and area are almost functions of
# each other. We predict the `worst area` from the ten `mean ...` features. `NormalEquationRegressor`
# implements all four methods; we compare each with `LinearRegression` (which uses an SVD).

# %% slideshow={"slide_type": "skip"}
X_bc, y_bc = load_ill_conditioned()
Xc = X_bc.to_numpy() - X_bc.to_numpy().mean(axis=0)
print(f"{X_bc.shape[0]} tumours, {X_bc.shape[1]} features")
print(f"condition number of centred X     : {np.linalg.cond(Xc):.2e}")
print(f"condition number of centred X^T X : {np.linalg.cond(Xc.T @ Xc):.2e}  (= the square)")

ref = LinearRegression().fit(X_bc, y_bc)
for method in ["inv", "solve", "lstsq", "pinv"]:
    model = NormalEquationRegressor(method=method).fit(X_bc, y_bc)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(model.predict(X_bc), ref.predict(X_bc), rtol=1e-8)
    print(f"  {method:5s} coefficients match LinearRegression to 1e-6 relative")

# %% [markdown] slideshow={"slide_type": "skip"}
# With $\kappa(X^\top X) \approx 10^{10}$ the normal equation *may* lose up to ten of its
# sixteen digits. The rounding bound is a worst case, and on these data all four methods
# still agree to six digits and more, but the polynomial example above shows the worst case
# does happen, and one more nearly collinear column would bring it here. The lesson:
# **solve, never invert; prefer an SVD-based least-squares solver when columns are nearly
# collinear.**

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Ridge: $X^\top X + \alpha I$ is always invertible
#
# Back to the duplicated column of section 4. Adding $\alpha\lVert w\rVert^2$ to the RSS (on
# centred data, so that $b$ is not penalised)
# changes the normal equation to $(X^\top X + \alpha I)w = X^\top y$. For any $\alpha > 0$ that matrix is positive
# definite, so `solve` works again, and the answer is scikit-learn's `Ridge` (the intercept
# is not penalised). Lesson 05 is about choosing $\alpha$; here is the preview.

# %% slideshow={"slide_type": "skip"}
for alpha in [0.01, 1.0, 100.0]:
    ridge_ne = NormalEquationRegressor(alpha=alpha, method="solve").fit(X_dup, y_dup)
    ridge_sk = Ridge(alpha=alpha).fit(X_dup, y_dup)
    np.testing.assert_allclose(ridge_ne.coef_, ridge_sk.coef_, rtol=1e-8)
    np.testing.assert_allclose(ridge_ne.intercept_, ridge_sk.intercept_, rtol=1e-8)
    print(f"alpha = {alpha:6.2f}: coef = {np.round(ridge_ne.coef_, 4)}  matches Ridge")

# %% [markdown] slideshow={"slide_type": "skip"}
# As $\alpha \to 0$ ridge tends to the minimum-norm solution $(1.497, 1.497)$; a larger
# $\alpha$ shrinks both coefficients.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The same model is a neural-network layer
#
# A fully connected layer in PyTorch, `torch.nn.Linear(in_features, out_features)`, computes
# $y = xA^\top + b$ with a weight matrix $A$ of shape `(out_features, in_features)` and a bias
# $b$ of shape `(out_features,)`. Linear regression is that layer with `out_features = 1`:
# $A$ is `coef_` as a row and $b$ is `intercept_`. numpy alone shows the correspondence:

# %% slideshow={"slide_type": "skip"}
A = ne.coef_.reshape(1, -1)  # shape (out_features=1, in_features=5), like nn.Linear.weight
b = np.array([ne.intercept_])  # shape (1,), like nn.Linear.bias
layer_output = X5 @ A.T + b  # what nn.Linear.forward computes, shape (n, 1)
print("weight shape", A.shape, "bias shape", b.shape, "output shape", layer_output.shape)
np.testing.assert_allclose(layer_output[:, 0], ne.predict(X5), rtol=1e-12)
print("x A^T + b equals NormalEquationRegressor.predict: a linear layer is linear regression")

# %% [markdown] slideshow={"slide_type": "skip"}
# A network trains that layer by gradient descent on the squared error; the closed form
# reaches the same weights in one step. Stack layers with nonlinearities between them and the
# closed form is gone, but the loss and the gradient (lessons 02 and 03) stay.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### `ols_summary` against statsmodels
#
# statsmodels' `OLS` is the field's reference for these numbers. The next cell first checks
# that `ols_summary` gives the by-hand standard error and interval of section 7 (data set 1),
# then compares every field with statsmodels on the 500 points of section 3 and on the
# housing data of lesson 04 (six numeric columns, names kept), with 90 % intervals this time.
# p-values get an absolute tolerance too: the slope of section 3 has $t \approx 90$, so its
# p-value is below $10^{-300}$, where a relative rounding difference of $10^{-14}$ in $t$
# already changes it by about $t^2 \cdot 10^{-14} \approx 10^{-10}$ relative; every p-value below $10^{-14}$ reads "zero" all the same.

# %% slideshow={"slide_type": "skip"}
import statsmodels.api as sm  # the field's reference (in the course environment, not in course_utils)

one = ols_summary(x_mc.reshape(-1, 1), Y_mc[:, 0]).table.loc["x0"]
np.testing.assert_allclose([one.std_err, one.ci_low, one.ci_high], [se_hat[0], low[0], high[0]], rtol=1e-10)
print("data set 1 of section 7: ols_summary's standard error and interval are the by-hand ones")
housing = load_housing()
X_house = housing[["size_m2", "rooms", "age_years", "dist_centre_km", "garden", "month_sold"]]
cases = {"500 points of section 3": (x.reshape(-1, 1), y),
         "housing, 6 numeric columns": (X_house, housing["price_keur"])}
for name, (X_case, y_case) in cases.items():
    ours = ols_summary(X_case, y_case, level=0.9)
    ref = sm.OLS(np.asarray(y_case, float), sm.add_constant(np.asarray(X_case, float))).fit()
    ci = np.asarray(ref.conf_int(alpha=0.1))
    for column, theirs in [("coef", ref.params), ("std_err", ref.bse), ("t", ref.tvalues),
                           ("ci_low", ci[:, 0]), ("ci_high", ci[:, 1])]:
        np.testing.assert_allclose(ours.table[column], theirs, rtol=1e-8)
    np.testing.assert_allclose(ours.table["p_value"], ref.pvalues, rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose([ours.r2, ours.adj_r2, ours.sigma],
                               [ref.rsquared, ref.rsquared_adj, np.sqrt(ref.scale)], rtol=1e-8)
    assert ours.df_resid == ref.df_resid
    print(f"{name}: coef, std_err, t, p, intervals, R², adjusted R², sigma, df match statsmodels")
print(ours)

# %% [markdown] slideshow={"slide_type": "skip"}
# In the housing table `rooms` and `month_sold` have intervals that straddle 0: with the size
# known, neither moves the price (as `make_housing` built them). `dist_centre_km` and
# `age_years` enter the true price nonlinearly, which lesson 04 takes up.
#
# ### $R^2$ against adjusted $R^2$
#
# Ten columns of pure noise next to $x$ in the 500-point example: $R^2$ goes up, as it
# always does for a larger model, while adjusted $R^2$ goes down, as it should.

# %% slideshow={"slide_type": "skip"}
junk = np.random.default_rng(5).normal(size=(len(y), 10))  # ten columns of pure noise
more = ols_summary(np.column_stack([x, junk]), y)
print(f"R²: {fit.r2:.5f} -> {more.r2:.5f}   adjusted R²: {fit.adj_r2:.5f} -> {more.adj_r2:.5f}")
assert more.r2 > fit.r2 and more.adj_r2 < fit.adj_r2

# %% [markdown] slideshow={"slide_type": "skip"}
# ### What the fit costs on this machine
#
# The next cell times `NormalEquationRegressor.fit` against the number of features and of
# samples. Its output is not compared by the tests (`NBVAL_IGNORE_OUTPUT`) because times vary
# between machines; only the shape of the curves matters.

# %% slideshow={"slide_type": "skip"}
# NBVAL_IGNORE_OUTPUT
# (wall-clock times differ on every machine, so this cell's output is not compared)
def fit_seconds(n, d):
    """Best of 3 wall-clock times of one fit on n×d standard-normal data."""
    Xt = np.random.default_rng(1).normal(size=(n, d))
    yt = Xt @ np.ones(d)
    return time_call(lambda: NormalEquationRegressor().fit(Xt, yt), repeats=3)[0]


d_values = [50, 100, 200, 400]
n_values = [20_000, 40_000, 80_000, 160_000]
t_d = [fit_seconds(20_000, d) for d in d_values]
t_n = [fit_seconds(n, 100) for n in n_values]

plot_cost_scaling(
    [{"x": d_values, "measured": t_d, "power": 2, "reference": r"$\propto d^2$",
      "title": "Fit time against features (n = 20 000)", "xlabel": "number of features d"},
     {"x": n_values, "measured": t_n, "power": 1, "reference": r"$\propto n$",
      "title": "Fit time against samples (d = 100)", "xlabel": "number of samples n"}],
    ylabel="fit time (s)")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# Time grows linearly in $n$, as counted. Against $d$ it grows *slower* than $d^2$ at these
# sizes: the work does grow as $d^2$, but BLAS runs bigger matrix products at a higher rate
# per operation, until the cache and the cores are saturated.
