# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 04 — Feature engineering: curves, splines and interactions with a linear model
#
# A linear model is linear in its **parameters**, not in its inputs. Replace the input $x$ by
# a vector of new features $\varphi(x)$, such as $x^2$, a bump-shaped spline or a product
# $x_1 x_2$, and the same least-squares machinery fits curves and interactions.
#
# **You will learn**
# - to spot a missing curve in a residual plot;
# - polynomial features: under- and over-fitting as the degree grows, train against
#   validation error, and why high-degree polynomials go wild at the edges of the data;
# - B-spline features (the Cox–de Boor recursion), and why splines are the practical
#   choice: local, stable at the edges;
# - interaction terms: when the effect of one feature depends on another (a housing dataset);
# - the basis-function view $\hat y = \theta^\top\varphi(x)$, and pipelines that match
#   scikit-learn's `PolynomialFeatures` and `SplineTransformer`.
#
# **Prerequisites:** lesson 01 (the normal equation, condition numbers), lesson 03 (gradient
# descent), a train/validation split.
#
# **Class time:** about 60 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 20 seconds (`make notebooks` on 2 shared cores).

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_score, learning_curve, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (
    OneHotEncoder,
    PolynomialFeatures,
    SplineTransformer,
    StandardScaler,
)

from course_utils import (
    CollinearityError,
    NormalEquationRegressor,
    PolynomialBasis,
    SplineBasis,
    add_interactions,
    add_intercept,
    bias_variance,
    bspline_basis,
    cross_val_scores,
    demand_curve,
    housing_truth,
    kfold_indices,
    learning_curve_scores,
    load_housing,
    make_demand,
    plot_basis,
    plot_bias_variance,
    plot_curve_spread,
    plot_cv_scores,
    plot_fit,
    plot_groups,
    plot_learning_curve,
    plot_lines,
    plot_residual_scatter,
    plot_z_scores,
    polynomial_regression,
    root_mean_squared_error,
)
from course_utils.plotting import WIDE, setup_notebook

rng = setup_notebook(seed=4)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Why nonlinearity: a straight line on curved data
#
# Electricity demand depends on the weather: people heat on cold days and cool on hot ones.
# `make_demand` draws a year of days from such a curve (`demand_curve`), with noise of
# standard deviation $\sigma = 2.5$ GW. We fit the line $\hat y = b + wT$ and look at its
# **residuals** $y - \hat y$.

# %%
T_year, y_year = make_demand(365, random_state=1)
line = NormalEquationRegressor().fit(T_year.reshape(-1, 1), y_year)
resid_line = y_year - line.predict(T_year.reshape(-1, 1))
grid_T = np.linspace(T_year.min(), T_year.max(), 300)

fig, axes = plt.subplots(1, 2, figsize=WIDE)
plot_fit(T_year, y_year,
         {f"straight line (RMSE {root_mean_squared_error(y_year, line.predict(T_year.reshape(-1, 1))):.2f} GW)":
          (grid_T, line.predict(grid_T.reshape(-1, 1))),
          "true curve": (grid_T, demand_curve(grid_T))},
         title="A year of daily demand: the line misses the curve",
         xlabel="mean daily temperature (°C)", ylabel="electricity demand (GW)", ax=axes[0])
plot_residual_scatter(T_year, resid_line, title="Residuals of the straight line",
               xlabel="mean daily temperature (°C)", ylabel="residual (GW)", ax=axes[1])
plt.show()

# %% [markdown]
# The residuals of a good model look like noise: no shape, centred on zero everywhere. Here
# they form a **U**: the line is too low on cold and on hot days and too high in between.
# That shape is the curve the model could not express ("Going further" puts numbers on it).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Polynomial features
#
# The oldest fix: add powers of the input, $\varphi(T) = (T, T^2, \dots, T^D)$, and fit
# $\hat y = \theta_0 + \theta_1 T + \dots + \theta_D T^D$ by least squares. With several
# inputs, `PolynomialBasis` builds every product of total degree $\le D$ (the columns of
# scikit-learn's `PolynomialFeatures`: "Going further" checks it).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Fits of increasing degree
#
# To see over-fitting we need a small training set: 25 days, drawn with another seed. Before
# taking powers we standardise the temperature ($z = (T - \bar T)/s_T$): the powers of
# values near 20 differ by orders of magnitude and make $X$ ill-conditioned (lesson 01).
# The pipeline is *scale → polynomial basis → normal equation*; the next cell fits degrees 1,
# 3 and 12.

# %%
T_train, y_train = make_demand(25, random_state=7)
T_val, y_val = make_demand(2000, random_state=2)
inside = (T_val >= T_train.min()) & (T_val <= T_train.max())  # validate inside the training range
T_val, y_val = T_val[inside], y_val[inside]


grid_train = np.linspace(T_train.min(), T_train.max(), 400)
curves = {}
for degree in [1, 3, 12]:
    model = polynomial_regression(degree).fit(T_train.reshape(-1, 1), y_train)
    curves[f"degree {degree}"] = (grid_train, model.predict(grid_train.reshape(-1, 1)))
ax = plot_fit(T_train, y_train, curves, title="Polynomial fits to 25 days",
              xlabel="mean daily temperature (°C)", ylabel="electricity demand (GW)",
              data_label="training days")
ax.set_ylim(20, 75)
plt.show()

# %% [markdown]
# Degree 1 is too stiff (**under-fitting**: high bias). Degree 3 follows the curve. Degree
# 12 has enough freedom to chase the noise of individual days (**over-fitting**: high
# variance), and it wiggles most where the data are sparse, at the ends: a polynomial is *global*, every
# coefficient acts on the whole line ("Going further" measures the edges).
#
# ### Train and validation error against the degree
#
# Training error can only go down as the degree grows: each model contains the previous one.
# The error on 1 800 new days (inside the training range) tells the truth. The noise level
# $\sigma = 2.5$ GW is the best any model can do.

# %%
degrees = np.arange(1, 13)
train_err, val_err = [], []
for degree in degrees:
    model = polynomial_regression(degree).fit(T_train.reshape(-1, 1), y_train)
    train_err.append(root_mean_squared_error(y_train, model.predict(T_train.reshape(-1, 1))))
    val_err.append(root_mean_squared_error(y_val, model.predict(T_val.reshape(-1, 1))))
train_err, val_err = np.array(train_err), np.array(val_err)

ax = plot_lines(degrees, {"training error (25 days)": train_err,
                          f"validation error ({len(T_val):,} days)": val_err},
                title="Under- and over-fitting: error against polynomial degree",
                xlabel="polynomial degree D", ylabel="RMSE (GW)")
ax.axhline(2.5, color="k", ls=":", label="noise level σ = 2.5 GW")
ax.legend()
plt.show()

# %%
best = int(degrees[val_err.argmin()])
for d in [1, best, 12]:
    print(f"degree {d:2d}: training RMSE {train_err[d - 1]:.2f} GW, validation RMSE {val_err[d - 1]:.2f} GW")
assert np.all(np.diff(train_err) <= 1e-9)  # nested models: the training error never rises
assert 2 <= best <= 4 and val_err[-1] > 3 * val_err.min()
print(f"training error never rises; validation error is lowest at degree {best} and 3x higher at 12")

# %% [markdown]
# **The protocol, stated once.** Three sets of rows, three roles: the **training** set fits
# $\theta$; the **validation** set chooses the setting (degree, knots, later α); the **test**
# set is held back until every choice is made and used once, for the error you report (choosing
# on it makes that error optimistic). With few rows, k-fold cross-validation on the training
# rows replaces the validation set ("Going further" does it on the 25 days).
#
# ## 3. Spline features
#
# Splines fix the edges by being **local**. Cut the range into pieces at *knots*
# $t_0 < t_1 < \dots$, and build functions that are polynomials of low degree $k$ on each
# piece, joined smoothly. The standard basis is the **B-splines** $B_{i,k}$, defined by the
# Cox–de Boor recursion:
#
# $$B_{i,0}(x) = \begin{cases}1 & t_i \le x < t_{i+1}\\ 0 & \text{otherwise}\end{cases},
# \qquad
# B_{i,k}(x) = \frac{x - t_i}{t_{i+k} - t_i}\,B_{i,k-1}(x)
#            + \frac{t_{i+k+1} - x}{t_{i+k+1} - t_{i+1}}\,B_{i+1,k-1}(x).$$
#
# Each $B_{i,k}$ is nonzero only on $[t_i, t_{i+k+1})$, has $k-1$ continuous derivatives,
# and the functions sum to 1. `SplineBasis` places `n_knots` knots on the training range
# (evenly, or at quantiles), adds $k$ more beyond each end, and returns the
# $n_\text{knots} + k - 1$ functions. The next cell draws the basis for degrees 0 to 3 on the
# knots `SplineBasis` places for the year of temperatures.

# %%
grid_year = np.linspace(T_year.min(), T_year.max(), 500)
fig, axes = plt.subplots(2, 2, figsize=(15, 8), sharex=True)
for degree, ax in zip(range(4), axes.ravel(), strict=True):
    knots = SplineBasis(n_knots=6, degree=degree).fit(T_year.reshape(-1, 1)).knots_[:, 0]
    plot_basis(grid_year, bspline_basis(grid_year, knots, degree),
               knots=knots[degree:len(knots) - degree],
               title=f"degree {degree}: {6 + degree - 1} B-splines", ax=ax,
               xlabel="mean daily temperature (°C)" if degree >= 2 else "")
plt.show()

# %% [markdown]
# Degree 0 gives steps (one indicator per interval), degree 1 hats (broken lines), degree 3
# smooth bumps. The recursion fits in a few lines of numpy. The next cell writes it out,
# vectorised over the points, and checks it against `SplineBasis` ("Going further" checks
# scikit-learn's `SplineTransformer` too, and that the functions sum to 1).

# %%
def cox_de_boor(x, t, k):
    """All B-splines of degree k on knots t at the points x (x inside [t[k], t[-k-1]))."""
    B = ((t[:-1] <= x[:, None]) & (x[:, None] < t[1:])).astype(float)  # degree 0
    for p in range(1, k + 1):
        i = np.arange(len(t) - 1 - p)
        B = ((x[:, None] - t[i]) / (t[i + p] - t[i]) * B[:, :-1]
             + (t[i + p + 1] - x[:, None]) / (t[i + p + 1] - t[i + 1]) * B[:, 1:])
    return B


X_year = T_year.reshape(-1, 1)
spline = SplineBasis(n_knots=6, degree=3).fit(X_year)
x_in = grid_year[:-1]  # the recursion above leaves out the right end point (half-open interval)
B_ours = cox_de_boor(x_in, spline.knots_[:, 0], 3)
np.testing.assert_allclose(B_ours, spline.transform(x_in.reshape(-1, 1)), atol=1e-12)
print(f"{B_ours.shape[1]} cubic B-splines: the recursion gives SplineBasis's columns (to 1e-12)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The fitted curve
#
# A spline model is $\hat y = \sum_j \theta_j B_j(T)$: each coefficient scales one bump, and
# the bumps add up to the curve. The next cell fits the year of days with 6 knots and draws
# the weighted bumps $\theta_j B_j(T)$ and their sum. (The bumps already sum to the constant
# 1, so we fit no separate intercept; section 6 shows what goes wrong if you fit both.)

# %%
spline_fit = make_pipeline(SplineBasis(n_knots=6), NormalEquationRegressor(fit_intercept=False))
spline_fit.fit(X_year, y_year)
theta = spline_fit[-1].coef_
Phi_grid = spline_fit[0].transform(grid_year.reshape(-1, 1))

ax = plot_basis(grid_year, Phi_grid * theta, total=Phi_grid @ theta, data=(T_year, y_year),
                label=r"\theta B", title="A cubic spline is a sum of weighted B-splines",
                xlabel="mean daily temperature (°C)", ylabel="electricity demand (GW)")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Stability at the edges: spline against polynomial
#
# Now the practical difference. Take a polynomial of degree 8 and a cubic spline with 7 knots
# without its last bump (`include_bias=False`: $7 + 3 - 1 - 1 = 8$ B-splines): both have 8
# features plus an intercept, the same flexibility (asserted). Fit both on 40 samples of 25
# days and draw all 40 curves. Where they disagree, the model is unstable: its predictions
# depend on which days you happened to see. The spline uses `extrapolation="linear"` (beyond the knots it continues
# along the tangent).

# %%
grid_edges = np.linspace(-6, 30, 300)
fits = {"polynomial, degree 8": [], "cubic spline, 7 knots": []}
for s in range(40):
    T_s, y_s = make_demand(25, random_state=100 + s)
    poly8 = polynomial_regression(8).fit(T_s.reshape(-1, 1), y_s)
    spl7 = make_pipeline(SplineBasis(n_knots=7, include_bias=False, extrapolation="linear"),
                         NormalEquationRegressor()).fit(T_s.reshape(-1, 1), y_s)
    fits["polynomial, degree 8"].append(poly8.predict(grid_edges.reshape(-1, 1)))
    fits["cubic spline, 7 knots"].append(spl7.predict(grid_edges.reshape(-1, 1)))
n_poly, n_spline = len(poly8[-1].coef_), len(spl7[-1].coef_)
assert n_poly == n_spline == 8, (n_poly, n_spline)  # the same flexibility, as the text says
print(f"{n_poly} polynomial features and {n_spline} spline features, each plus an intercept")

fig, axes = plt.subplots(1, 2, figsize=WIDE, sharey=True)
for ax, (name, curves_s) in zip(axes, fits.items(), strict=True):
    plot_curve_spread(grid_edges, curves_s, truth=demand_curve(grid_edges), ylim=(15, 85),
                      title=f"{name}: 40 fits", xlabel="mean daily temperature (°C)",
                      ylabel="electricity demand (GW)", ax=ax, label=name.split(",")[0])
plt.show()

# %% [markdown]
# The spread of the 40 predictions at each temperature, in the middle and at the edges
# of the range:

# %%
spread = {name: np.std(curves_s, axis=0) for name, curves_s in fits.items()}
middle = (grid_edges > 8) & (grid_edges < 18)
ends = (grid_edges < -3) | (grid_edges > 27)
for name, sd in spread.items():
    print(f"{name:22s}: spread {np.median(sd[middle]):4.1f} GW in the middle, "
          f"{np.median(sd[ends]):6.0f} GW at the edges")
ratio = np.median(spread["polynomial, degree 8"][ends]) / np.median(spread["cubic spline, 7 knots"][ends])
assert ratio > 10
print("same flexibility, but at the edges the spline is more than 10 times as stable")

# %% [markdown]
# In the middle, where data are plentiful, both are equally good. At the edges the polynomial
# explodes: a polynomial coefficient fitted to the centre still swings the ends, while a
# B-spline coefficient only moves its own bump. That locality makes splines the everyday tool
# for a curved effect of one variable.
#
# ## 4. Interactions: when the effect of one feature depends on another
#
# In an additive model $\hat y = b + w_1 x_1 + w_2 x_2$, one more unit of $x_1$ adds $w_1$
# whatever $x_2$ is. Often that is false: an extra square metre is worth more in the city
# centre than on the outskirts. The product term fixes it:
#
# $$\hat y = b + w_1 x_1 + w_2 x_2 + w_3\,x_1 x_2 \quad\Longrightarrow\quad
# \frac{\partial \hat y}{\partial x_1} = w_1 + w_3 x_2 .$$
#
# With a 0/1 dummy $x_2$ for a category, $w_3$ is that category's extra slope.
#
# ### The housing data
#
# `data/housing.csv` holds 1 500 simulated house sales, written by a seeded script
# (`data/make_housing.py`); `data/README.md` documents every column and the **true formula**,
# so we can check what a model recovers.

# %%
houses = load_housing()
print(f"{houses.shape[0]} houses, columns: {', '.join(houses.columns)}")

# %% [markdown]
# The next cell plots price against size for each neighbourhood, with a least-squares line
# per neighbourhood. If size and neighbourhood acted additively, the lines would be parallel
# ("Going further" prints the slopes: the Centre's is more than 1.5 times the Outskirts').

# %%
lines, slopes = {}, {}
for name, group in houses.groupby("neighbourhood", observed=True):
    fit = NormalEquationRegressor().fit(group[["size_m2"]], group["price_keur"])
    xs = np.array([group["size_m2"].min(), group["size_m2"].max()])
    lines[name] = (xs, fit.predict(pd.DataFrame({"size_m2": xs})))
    slopes[name] = fit.coef_[0]
plot_groups(houses["size_m2"], houses["price_keur"], houses["neighbourhood"], lines=lines,
            title="Price against size, one line per neighbourhood",
            xlabel="living area (m²)", ylabel="sale price (k€)")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Four models, from additive to the true structure
#
# We hold out 30 % of the houses and compare four designs, each fitted with the normal
# equation:
#
# 1. **additive**: size, distance, age, garden, neighbourhood dummies;
# 2. **+ curves**: age and age², and a spline in distance instead of a straight line;
# 3. **+ interactions**: size × neighbourhood (a price per m² for each neighbourhood) and
#    size × distance;
# 4. **curves and interactions** together.
#
# `add_interactions` appends product columns by name (`"size_m2:dist_centre_km"`).
# The function below builds each design from a DataFrame.

# %%
train_h, test_h = train_test_split(houses, test_size=0.3, random_state=0)
dist_spline = SplineBasis(n_knots=6, include_bias=False).fit(train_h[["dist_centre_km"]])
hoods = list(houses["neighbourhood"].cat.categories)


def housing_design(df, *, curves, interactions):
    """Feature table for one of the four models (neighbourhoods as 0/1 dummies)."""
    X = pd.get_dummies(df[["size_m2", "dist_centre_km", "age_years", "garden", "neighbourhood"]],
                       columns=["neighbourhood"], dtype=float)
    dummies = [f"neighbourhood_{h}" for h in hoods]
    if interactions:  # one price per m² per neighbourhood (replaces size), and size x distance
        X = add_interactions(X, [("size_m2", d) for d in dummies] + ["size_m2:dist_centre_km"])
        X = X.drop(columns=["size_m2"])
    X = X.drop(columns=dummies[0])  # Centre is the baseline (the intercept carries it)
    if curves:
        X["age_years^2"] = X["age_years"] ** 2
        B = dist_spline.transform(df[["dist_centre_km"]])
        X[[f"dist_sp_{j}" for j in range(B.shape[1])]] = B
        X = X.drop(columns=["dist_centre_km"])
    return X


designs = {"additive": (False, False), "+ curves": (True, False),
           "+ interactions": (False, True), "curves + interactions": (True, True)}
results = {}
for name, (curves_on, inter_on) in designs.items():
    X_tr = housing_design(train_h, curves=curves_on, interactions=inter_on)
    X_te = housing_design(test_h, curves=curves_on, interactions=inter_on)
    model = NormalEquationRegressor().fit(X_tr, train_h["price_keur"])
    results[name] = (X_tr.shape[1], root_mean_squared_error(test_h["price_keur"], model.predict(X_te)))
for name, (n_features, err) in results.items():
    print(f"{name:22s}: {n_features:2d} features, test RMSE {err:5.1f} k€")
sigma = housing_truth()["noise_sd"]
assert results["curves + interactions"][1] < 1.05 * sigma < results["additive"][1]
print(f"only curves and interactions together reach the noise level sigma = {sigma:.0f} k€")

# %% [markdown]
# Each ingredient helps, but only the model with both reaches the noise level: nothing
# systematic is left to learn.
#
# Does it recover the formula the prices were drawn from? "Going further" checks every
# coefficient and the spline in distance: all within sampling noise.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. The basis-function view
#
# Every model in this lesson has the form
#
# $$\hat y = \theta^\top \varphi(x) = \sum_{j} \theta_j \varphi_j(x),$$
#
# with a fixed feature map $\varphi$: powers, B-splines, products, dummies. Stack
# $\varphi(x_i)^\top$ as the rows of a design matrix $\Phi$ and the model is $\hat y = \Phi\theta$,
# *exactly* lesson 01's $\tilde X\theta$ with $\tilde X$ renamed. So everything carries over
# unchanged:
#
# - least squares has the normal equation $\Phi^\top\Phi\,\theta = \Phi^\top y$ (lesson 01),
#   with the same numerical care: solve, don't invert; watch the condition number;
# - the course's objective $J(\theta) = \frac{1}{2n}\lVert y - \Phi\theta\rVert^2$ (half the
#   MSE) is a convex quadratic bowl in $\theta$, with gradient $\frac1n\Phi^\top(\Phi\theta - y)$
#   and Hessian $\frac1n\Phi^\top\Phi$, so gradient descent (lesson 03) converges to the same
#   $\theta$.
#
# The curve lives in $\varphi$; the learning stays linear. Choosing $\varphi$ is where domain
# knowledge enters: "Going further" takes $\varphi(r) = (r, r^2)$ for tumours whose area is
# about $\pi r^2$, and finds $\pi$ as the coefficient of $r^2$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Pipelines: from scratch against scikit-learn
#
# `PolynomialBasis` and `SplineBasis` are scikit-learn transformers, so they drop into a
# `Pipeline`. First a trap: B-splines sum to 1, so with `include_bias=True` their columns add
# up to the intercept's column of ones, and the normal equation refuses. The error names the
# columns involved and what to do:

# %%
try:
    make_pipeline(SplineBasis(n_knots=6), NormalEquationRegressor()).fit(X_year, y_year)
except CollinearityError as err:
    print("CollinearityError:", str(err).split(": ", 1)[1])

# %% [markdown]
# The fix is `include_bias=False` (as for `PolynomialBasis` in front of any model with an
# intercept), or `fit_intercept=False` as in section 3. With it, the from-scratch pipelines
# give scikit-learn's predictions ("Going further" asserts it, for one column and for a
# `ColumnTransformer` that prepares each housing column its own way).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Summary
#
# - A linear model is linear in $\theta$, not in $x$: with features $\varphi(x)$ it fits curves
#   and interactions, and the normal equation and gradient descent work unchanged on $\Phi$.
# - Look at residuals: a pattern (a U, a fan) is structure the features cannot express.
# - **Polynomials** are global: training error always falls with the degree, validation error
#   falls then rises, and high degrees swing at the edges. Standardise before taking powers.
# - **Splines** are local: with the same number of parameters they are far more stable at the
#   edges. Drop one column (`include_bias=False`) in front of an intercept.
# - **Interactions** let the effect of one feature depend on another; on the housing data,
#   curves plus interactions reach the noise level.
#
# **Next:** with many candidate features the model over-fits again. Lesson 05 adds a penalty
# on $\theta$: ridge, lasso and elastic net.
#
# ## Exercises
#
# 1. **Knots.** Refit the spline of section 3 on the 25 training days with 4, 6, 10 and 15
#    knots, and with `knots="quantile"`. Plot the validation error against the number of
#    knots. Where does it start to over-fit, and why can a fit with too many knots fail
#    outright (look at which knot intervals contain no training day)?
# 2. **Extrapolation.** Fit `SplineBasis(n_knots=6, extrapolation=...)` with `"constant"`,
#    `"linear"` and `"continue"` on the year of data and predict from −20 °C to 45 °C. Which
#    rule would you trust for a record heat wave, and why is `"continue"` risky?
# 3. **Interactions by hand.** Show that the model `price ~ size + size:neighbourhood_X` for
#    the four non-baseline dummies gives the same predictions as the one in section 4 with a
#    price per m² for each of the five neighbourhoods. How do the coefficients translate?
# 4. **The cost of polynomial features.** How many columns does `PolynomialBasis(degree=3)`
#    make from 10 inputs? From 100? Derive the formula $\binom{d + D}{D}$ and check it against
#    `n_output_features_`.
# 5. **My Data My Model.** Treat `load_housing()` as data received without its README. Split
#    it three ways first (the protocol of section 2). Build features (`SplineBasis`,
#    `PolynomialBasis`, `add_interactions`) on the training rows, choose between them on the
#    validation rows, and touch the test rows once, at the end, to report an honest test
#    RMSE (the noise level is 30 k€). Which columns did you drop, and why?

# %% [markdown] slideshow={"slide_type": "skip"}
# ## Going further
#
# Optional depth: a real data set with the same U-shaped residuals, the polynomial columns
# checked against scikit-learn, the spline's distance to the truth, the housing model's
# coefficients against the generating formula, gradient descent on the basis matrix, the
# pipelines checked against scikit-learn's, and choosing flexibility honestly: k-fold
# cross-validation, learning curves, and the bias–variance decomposition measured.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The U of section 1, in numbers

# %% slideshow={"slide_type": "skip"}
cold, mild, hot = T_year < 5, (T_year >= 12) & (T_year <= 20), T_year > 24
means = {name: resid_line[mask].mean() for name, mask in
         [("cold (< 5 °C)", cold), ("mild (12–20 °C)", mild), ("hot (> 24 °C)", hot)]}
for name, value in means.items():
    print(f"mean residual on {name:16s}: {value:+6.2f} GW")
assert means["cold (< 5 °C)"] > 2 and means["hot (> 24 °C)"] > 2 and means["mild (12–20 °C)"] < -1
print("a U-shaped pattern: positive at both ends, negative in the middle")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Real data bend too (section 1)
#
# The Wisconsin breast-cancer measurements (shipped with scikit-learn, no download; UCI ML
# repository, CC BY 4.0, already met in lesson 01) record, for 569 tumours, the mean radius
# and the mean area of the cell nuclei. A straight line explains 97 % of the variance,
# which sounds excellent, but the residual plot shows the same U: area grows like the
# *square* of the radius.

# %% slideshow={"slide_type": "skip"}
cells = load_breast_cancer(as_frame=True).frame
radius = cells["mean radius"].to_numpy()
area = cells["mean area"].to_numpy()
line_bc = NormalEquationRegressor().fit(radius.reshape(-1, 1), area)
resid_bc = area - line_bc.predict(radius.reshape(-1, 1))
r2_line = 1 - resid_bc.var() / area.var()
grid_r = np.linspace(radius.min(), radius.max(), 200)

fig, axes = plt.subplots(1, 2, figsize=WIDE)
plot_fit(radius, area, {f"straight line (R² = {r2_line:.3f})": (grid_r, line_bc.predict(grid_r.reshape(-1, 1)))},
         title="Cell nuclei: mean area against mean radius", xlabel="mean radius (µm)",
         ylabel="mean area (µm²)", ax=axes[0], data_label="tumours")
plot_residual_scatter(radius, resid_bc, title="Residuals of the straight line",
               xlabel="mean radius (µm)", ylabel="residual (µm²)", ax=axes[1])
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# A high $R^2$ does not mean the *shape* is right; the residual plot does. We come back to
# these tumours below.

# %% [markdown] slideshow={"slide_type": "skip"}
# Back to the tumours with the basis of section 5: geometry says area $\approx \pi r^2$, so
# take $\varphi(r) = (r, r^2)$.

# %% slideshow={"slide_type": "skip"}
quad = make_pipeline(PolynomialBasis(2, include_bias=False), NormalEquationRegressor()).fit(
    radius.reshape(-1, 1), area)
theta_r, theta_r2 = quad[-1].coef_
resid_quad = area - quad.predict(radius.reshape(-1, 1))
print(f"area ≈ {quad[-1].intercept_:.1f} + {theta_r:.2f} r + {theta_r2:.3f} r²   (pi = {np.pi:.3f})")
print(f"R² = {1 - resid_quad.var() / area.var():.4f}, residual sd {resid_quad.std():.1f} µm² "
      f"(straight line: {resid_bc.std():.1f} µm²)")
assert abs(theta_r2 - np.pi) < 0.05 * np.pi
print("the coefficient of r² is pi to within 5 %: the right basis function is domain knowledge")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The wild edges of high-degree polynomials (section 2)
#
# A polynomial is *global*: every coefficient acts on the whole line, and $T^{12}$ grows
# fastest exactly where there are fewest data, at the ends. So the fit is pinned down in the
# middle and free to swing at the edges. The next cell measures where the degree-12 fit is
# worst, comparing it with the true curve on the training range.

# %% slideshow={"slide_type": "skip"}
deg12 = polynomial_regression(12).fit(T_train.reshape(-1, 1), y_train)
error12 = np.abs(deg12.predict(grid_train.reshape(-1, 1)) - demand_curve(grid_train))
span = T_train.max() - T_train.min()
edge = (grid_train < T_train.min() + 0.1 * span) | (grid_train > T_train.max() - 0.1 * span)
print(f"degree 12: largest error on the outer 10 % at each end: {error12[edge].max():5.1f} GW")
print(f"degree 12: largest error in the middle 80 %          : {error12[~edge].max():5.1f} GW")
assert error12[edge].max() > 3 * error12[~edge].max()
print("the fit is worst at the edges of the data")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### `PolynomialBasis` is `PolynomialFeatures` (section 2)
#
# The columns, their order and their names, for three settings:

# %% slideshow={"slide_type": "skip"}
X_small = np.round(rng.normal(size=(12, 2)), 2)
for params in [dict(degree=3), dict(degree=2, interaction_only=True), dict(degree=(2, 3))]:
    ours = PolynomialBasis(**params).fit(X_small)
    ref = PolynomialFeatures(**params).fit(X_small)
    np.testing.assert_allclose(ours.transform(X_small), ref.transform(X_small), rtol=1e-14)
    assert list(ours.get_feature_names_out(["a", "b"])) == list(ref.get_feature_names_out(["a", "b"]))
    print(f"{str(params):34s} -> {', '.join(ours.get_feature_names_out(['a', 'b']))}")
print("same columns, same order, same names as PolynomialFeatures")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The B-splines of section 3 are scikit-learn's, and sum to 1
#
# `SplineBasis` computes the same thing as the recursion faster: for a point in interval
# $\ell$ only the $k+1$ functions $B_{\ell-k}, \dots, B_\ell$ can be nonzero, so it runs the
# recursion on those alone. Both agree with scikit-learn's `SplineTransformer`:

# %% slideshow={"slide_type": "skip"}
np.testing.assert_allclose(B_ours, SplineTransformer(n_knots=6, degree=3).fit(X_year)
                           .transform(x_in.reshape(-1, 1)), atol=1e-12)
np.testing.assert_allclose(B_ours.sum(axis=1), 1.0, atol=1e-12)
print(f"{B_ours.shape[1]} cubic B-splines: recursion = SplineBasis = SplineTransformer (to 1e-12); they sum to 1")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### How close is the spline of section 3?
#
# We compare the fitted curve with the true one, and score it on 2 000 new
# days (inside the year's temperature range).

# %% slideshow={"slide_type": "skip"}
T_new, y_new = make_demand(2000, random_state=2)
in_year = (T_new >= T_year.min()) & (T_new <= T_year.max())
T_new, y_new = T_new[in_year], y_new[in_year]
curve_gap = root_mean_squared_error(demand_curve(grid_year), spline_fit.predict(grid_year.reshape(-1, 1)))
new_err = root_mean_squared_error(y_new, spline_fit.predict(T_new.reshape(-1, 1)))
print(f"{len(theta)} coefficients; RMS distance to the true curve {curve_gap:.2f} GW")
print(f"RMSE on {len(T_new):,} new days: {new_err:.2f} GW (noise level 2.50 GW)")
assert curve_gap < 1.0 and new_err < 1.05 * 2.5
print("the spline follows the true curve to well within the noise")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The housing table as it is (section 4)
#
# Its first rows:

# %% slideshow={"slide_type": "skip"}
print(houses.head().to_string())

# %% [markdown] slideshow={"slide_type": "skip"}
# A natural first attempt, passing the table as it is, fails with a message that says why
# and what to do (this cell is *expected* to fail):

# %% slideshow={"slide_type": "skip"} tags=["raises-exception"]
NormalEquationRegressor().fit(houses.drop(columns="price_keur"), houses["price_keur"])

# %% [markdown] slideshow={"slide_type": "skip"}
# The price per extra m² in each neighbourhood, from the lines of section 4:

# %% slideshow={"slide_type": "skip"}
for name, slope in slopes.items():
    print(f"{name:10s}: {slope:5.2f} k€ per extra m²")
assert slopes["Centre"] > 1.5 * slopes["Outskirts"]
print("the slopes differ by neighbourhood: size and location interact")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The model recovers the generating formula (section 4)
#
# `data/README.md` states the formula the prices were drawn from:
#
# $$\text{price} = 60 + \text{size}\,(r_\text{neighbourhood} - 0.04\,\text{dist})
#   + 150\,e^{-\text{dist}/2} - 2.5\,\text{age} + 0.025\,\text{age}^2 + 35\,\text{garden}
#   + \varepsilon,\qquad \varepsilon \sim N(0, 30^2),$$
#
# with prices per m² $r$ = 4.5, 3.6, 3.2, 2.6, 2.1 k€ for Centre, Riverside, University,
# Suburbs and Outskirts. We refit model 4 on all 1 500 houses and compare each coefficient
# with the truth, in units of its **standard error** (the standard deviation of the estimate,
# from $\hat\sigma^2 (\tilde X^\top \tilde X)^{-1}$ with the design matrix $\tilde X$ of
# model 4). An estimate within 3 standard errors of the truth is what sampling noise allows.

# %% slideshow={"slide_type": "skip"}
X_all = housing_design(houses, curves=True, interactions=True)
full = NormalEquationRegressor().fit(X_all, houses["price_keur"])
resid_all = houses["price_keur"] - full.predict(X_all)
X_tilde_all = add_intercept(X_all.to_numpy())
sigma2_hat = resid_all @ resid_all / (X_tilde_all.shape[0] - X_tilde_all.shape[1])
std_err = pd.Series(np.sqrt(np.diag(sigma2_hat * np.linalg.inv(X_tilde_all.T @ X_tilde_all)))[1:],
                    X_all.columns)
coef = pd.Series(full.coef_, X_all.columns)

truth = housing_truth()
true_coef = {f"size_m2:neighbourhood_{h}": r for h, r in truth["rate_keur_per_m2"].items()}
true_coef.update({"size_m2:dist_centre_km": -truth["rate_drop_per_km"], "age_years": truth["age"],
                  "age_years^2": truth["age_squared"], "garden": truth["garden"]})
z_scores = {term: (coef[term] - value) / std_err[term] for term, value in true_coef.items()}
plot_z_scores(list(z_scores.values()),
              [f"{term} (true {value:g})" for term, value in true_coef.items()],
              title="Model 4 against the generating formula: each estimate's distance to the truth")
plt.show()
assert all(abs(z) < 3 for z in z_scores.values())
worst = max(z_scores, key=lambda term: abs(z_scores[term]))
assert worst == "garden"
np.testing.assert_allclose(z_scores["garden"], -2.4, atol=0.05)  # the number the text quotes
np.testing.assert_allclose(1 - (1 - 0.0455) ** len(z_scores), 1 / 3, atol=0.02)  # 1 in 3
print(f"every true coefficient lies within 3 standard errors of its estimate; the largest "
      f"deviation: {worst}, {z_scores[worst]:+.2f} standard errors")

# %% [markdown] slideshow={"slide_type": "skip"}
# The largest deviation, garden at $-2.4$ standard errors, is no cause for alarm: with nine
# comparisons, at least one beyond 2 standard errors happens about one time in three.
#
# The spline in distance has no "true coefficients" to compare, but it has a true *curve*:
# the centre premium $150\,e^{-\text{dist}/2}$. A spline plus an intercept can only find a
# curve up to a constant, so the next cell compares both curves after removing their mean
# over the observed distances.

# %% slideshow={"slide_type": "skip"}
grid_d = np.linspace(houses["dist_centre_km"].min(), houses["dist_centre_km"].max(), 300)
sp_cols = [c for c in X_all.columns if c.startswith("dist_sp_")]
fitted_curve = dist_spline.transform(pd.DataFrame({"dist_centre_km": grid_d})) @ coef[sp_cols].to_numpy()
true_curve = truth["centre_premium"] * np.exp(-grid_d / truth["centre_scale_km"])
fitted_curve -= fitted_curve.mean()
true_curve -= true_curve.mean()

plot_lines(grid_d, {"spline part of the fitted model": fitted_curve,
                    "true premium 150 exp(−dist / 2)": true_curve},
           title="The distance curve the spline recovered", xlabel="distance to the centre (km)",
           ylabel="price effect, centred (k€)", marker=None)
plt.show()

# %% slideshow={"slide_type": "skip"}
gap = np.abs(fitted_curve - true_curve)
print(f"largest gap between the two curves: {gap.max():.0f} k€, over a true range of "
      f"{true_curve.max() - true_curve.min():.0f} k€")
assert gap.max() < 0.15 * (true_curve.max() - true_curve.min())
print("the spline found the shape of the centre premium without being told it is exponential")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Lesson 03's gradient descent on $\Phi$ (section 5)
#
# For the cubic features of the standardised
# temperature, the Hessian of $J = \frac{1}{2n}\lVert y - \Phi\theta\rVert^2$ is
# $H = \frac1n\Phi^\top\Phi$, constant and positive
# definite. With step $1/\lambda_{\max}(H)$ the error shrinks at least by a factor
# $1 - 1/\kappa$ per step ($\kappa = \lambda_{\max}/\lambda_{\min}$), so
# $\kappa\ln(10^{12})$ steps are enough to reach the normal-equation solution to about
# $10^{-12}$ of where we started. The next cell runs them.

# %% slideshow={"slide_type": "skip"}
z_year = StandardScaler().fit_transform(X_year)
Phi = PolynomialBasis(3).fit_transform(z_year)  # columns 1, z, z^2, z^3
theta_ne = NormalEquationRegressor(fit_intercept=False).fit(Phi, y_year).coef_
H = Phi.T @ Phi / len(y_year)
eigenvalues = np.linalg.eigvalsh(H)
kappa = eigenvalues.max() / eigenvalues.min()
n_steps = int(np.ceil(kappa * np.log(1e12)))
theta_gd = np.zeros(Phi.shape[1])
for _ in range(n_steps):
    theta_gd -= (1 / eigenvalues.max()) * Phi.T @ (Phi @ theta_gd - y_year) / len(y_year)
print(f"Hessian eigenvalues > 0 (convex bowl); condition number kappa = {kappa:.0f}")
np.testing.assert_allclose(theta_gd, theta_ne, rtol=1e-8)
print(f"gradient descent, kappa ln(1e12) steps: theta = {np.round(theta_gd, 3)} = normal equation (rtol 1e-8)")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Pipelines: from scratch against scikit-learn (section 6)
#
# The fix is `include_bias=False` (as for `PolynomialBasis` in front of any model with an
# intercept), or `fit_intercept=False` as in section 3. With it, the from-scratch pipeline
# and scikit-learn's give the same predictions:

# %% slideshow={"slide_type": "skip"}
ours = make_pipeline(SplineBasis(n_knots=6, include_bias=False), NormalEquationRegressor())
ref = make_pipeline(SplineTransformer(n_knots=6, include_bias=False), LinearRegression())
test_T = np.linspace(-10, 35, 91).reshape(-1, 1)  # includes temperatures outside the year's range
np.testing.assert_allclose(ours.fit(X_year, y_year).predict(test_T),
                           ref.fit(X_year, y_year).predict(test_T), rtol=1e-10)
print("SplineBasis + NormalEquationRegressor = SplineTransformer + LinearRegression (rtol 1e-10)")

ours = make_pipeline(StandardScaler(), PolynomialBasis(4, include_bias=False), NormalEquationRegressor())
ref = make_pipeline(StandardScaler(), PolynomialFeatures(4, include_bias=False), LinearRegression())
np.testing.assert_allclose(ours.fit(X_year, y_year).predict(test_T),
                           ref.fit(X_year, y_year).predict(test_T), rtol=1e-10)
print("PolynomialBasis + NormalEquationRegressor = PolynomialFeatures + LinearRegression (rtol 1e-10)")

# %% [markdown] slideshow={"slide_type": "skip"}
# A real pipeline prepares each column its own way. A `ColumnTransformer` sends distance to a
# spline, age to a polynomial (standardised first, as in section 2), neighbourhood to one-hot
# dummies and passes size and garden through; the whole model is then fitted in one call and
# applied to the test houses. Standardising matters here for a second reason: scikit-learn's
# `LinearRegression` treats singular values below $10^{-6}$ of the largest as zero (its `tol`),
# so on a badly scaled design ($\kappa > 10^6$, e.g. raw age² next to 0/1 dummies) it
# quietly stops being exact least squares.

# %% slideshow={"slide_type": "skip"}
def housing_pipeline(spline, poly, regressor):
    columns = ColumnTransformer([
        ("distance", spline, ["dist_centre_km"]),
        ("age", make_pipeline(StandardScaler(), poly), ["age_years"]),
        ("neighbourhood", OneHotEncoder(drop="first"), ["neighbourhood"]),
        ("as is", "passthrough", ["size_m2", "garden"]),
    ])
    return make_pipeline(columns, regressor)


ours = housing_pipeline(SplineBasis(n_knots=6, include_bias=False),
                        PolynomialBasis(2, include_bias=False), NormalEquationRegressor())
ref = housing_pipeline(SplineTransformer(n_knots=6, include_bias=False),
                       PolynomialFeatures(2, include_bias=False), LinearRegression())
pred_ours = ours.fit(train_h, train_h["price_keur"]).predict(test_h)
pred_ref = ref.fit(train_h, train_h["price_keur"]).predict(test_h)
np.testing.assert_allclose(pred_ours, pred_ref, rtol=1e-10)
names = ours[0].get_feature_names_out()
assert list(names) == list(ref[0].get_feature_names_out())
print(f"{len(names)} features, e.g. {', '.join(names[:2])}, ..., {names[-1]}")
print(f"test RMSE {root_mean_squared_error(test_h['price_keur'], pred_ours):.1f} k€ for both: the pipelines agree (rtol 1e-10)")

# %% [markdown] slideshow={"slide_type": "skip"}
# Its test error is that of the "+ curves" model of section 4 (this pipeline has no
# interaction terms): adding them is exercise 5.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Choosing the degree without a big validation set: k-fold cross-validation (section 2)
#
# Section 2 chose the degree on 1 800 validation days, a luxury. With only the 25 training
# days, **k-fold cross-validation** reuses them: cut the rows into $k = 5$ folds, fit on four,
# measure the error on the fifth, and let each fold be the validation set once. The loop, for
# degree 3, and the same folds and scores from scikit-learn (`KFold(5)` and `cross_val_score`,
# what `cv=5` means for a regressor; the days are already in random order, so no shuffle):

# %% slideshow={"slide_type": "skip"}
X_train = T_train.reshape(-1, 1)
folds = kfold_indices(len(y_train), n_splits=5)
fold_mse = []
for train_idx, valid_idx in folds:
    model = polynomial_regression(3).fit(X_train[train_idx], y_train[train_idx])
    residual = y_train[valid_idx] - model.predict(X_train[valid_idx])
    fold_mse.append(np.mean(residual**2))
fold_mse = np.array(fold_mse)

for (ours_tr, ours_va), (sk_tr, sk_va) in zip(folds, KFold(5).split(X_train), strict=True):
    np.testing.assert_array_equal(ours_tr, sk_tr)
    np.testing.assert_array_equal(ours_va, sk_va)
sk_mse = -cross_val_score(polynomial_regression(3), X_train, y_train, cv=5,
                          scoring="neg_mean_squared_error")
np.testing.assert_allclose(fold_mse, sk_mse, rtol=1e-10)
print("validation MSE per fold (GW²):", np.round(fold_mse, 2), f"mean {fold_mse.mean():.2f}")
print("matches: the same folds as KFold(5) and the same scores as cross_val_score (rtol 1e-10)")

# %% [markdown] slideshow={"slide_type": "skip"}
# `cross_val_scores` is that loop (it clones the model for each fold). The next cell runs it
# for every degree from 1 to 10 and for splines with 3 to 10 knots, and picks the setting
# with the lowest mean error over the 5 folds.

# %% slideshow={"slide_type": "skip"}
degrees_cv, knots_cv = np.arange(1, 11), np.arange(3, 11)
cv_degree = np.array([-cross_val_scores(polynomial_regression(D), X_train, y_train, cv=5,
                                        scoring="neg_mean_squared_error") for D in degrees_cv])
cv_knots = np.array([
    -cross_val_scores(make_pipeline(SplineBasis(n_knots=k, include_bias=False),
                                    NormalEquationRegressor()),
                      X_train, y_train, cv=5, scoring="neg_mean_squared_error")
    for k in knots_cv])
best_degree = int(degrees_cv[cv_degree.mean(axis=1).argmin()])
best_knots = int(knots_cv[cv_knots.mean(axis=1).argmin()])

fig, axes = plt.subplots(1, 2, figsize=WIDE)
for ax, setting, scores, pick, what in [
        (axes[0], degrees_cv, cv_degree, best_degree, "polynomial degree D"),
        (axes[1], knots_cv, cv_knots, best_knots, "number of knots")]:
    plot_cv_scores(setting, scores, best=pick, title=f"5-fold CV on 25 days: {what}", xlabel=what,
                   ylabel="validation MSE (GW²)", logy=True, ax=ax,
                   reference=(2.5**2, "noise σ² = 6.25 GW²"))
plt.tight_layout()
plt.show()

# %% slideshow={"slide_type": "skip"}
chosen = {f"degree {best_degree}": polynomial_regression(best_degree),
          f"spline, {best_knots} knots": make_pipeline(
              SplineBasis(n_knots=best_knots, include_bias=False), NormalEquationRegressor())}
for name, model in chosen.items():
    model.fit(X_train, y_train)
    rmse = root_mean_squared_error(y_val, model.predict(T_val.reshape(-1, 1)))
    print(f"CV picks {name}: RMSE on the {len(T_val):,} validation days {rmse:.2f} GW")
    assert rmse < 1.25 * 2.5  # within 25 % of the noise level, without seeing those days
assert 2 <= best_degree <= 4 and best_degree in degrees[val_err <= 1.1 * val_err.min()]
print(f"CV on 25 days picks degree {best_degree}; the {len(T_val):,}-day validation set "
      f"picked {best} (within 10 % of its best error)")

# %% [markdown] slideshow={"slide_type": "skip"}
# With five validation days per fold, one fold that holds an extreme day (a degree-3 curve
# extrapolated to it) can dominate the mean: the grey lines show the folds disagree by a
# factor of ten. Cross-validation is noisy on small data, but it uses no data beyond the 25
# days, and its choice scores close to the noise level on the days it never saw.
#
# ### Learning curves: error against the number of samples (section 2)
#
# How much would more data help? A **learning curve** fits a model on the first $n$ rows of
# each training fold, for growing $n$, and plots the training and validation error.
# `learning_curve_scores` is that double loop; `sklearn.model_selection.learning_curve`
# gives the same numbers (asserted). 400 days, 5 folds, degree 2 against degree 8:

# %% slideshow={"slide_type": "skip"}
T_many, y_many = make_demand(400, random_state=11)
X_many = T_many.reshape(-1, 1)
sizes = [20, 40, 80, 160, 320]
learning = {}
for D in [2, 8]:
    n_used, train_s, valid_s = learning_curve_scores(
        polynomial_regression(D), X_many, y_many, train_sizes=sizes, cv=5,
        scoring="neg_mean_squared_error")
    sk_n, sk_train, sk_valid = learning_curve(
        polynomial_regression(D), X_many, y_many, train_sizes=sizes, cv=5,
        scoring="neg_mean_squared_error")
    np.testing.assert_array_equal(n_used, sk_n)
    np.testing.assert_allclose(train_s, sk_train, rtol=1e-9)
    np.testing.assert_allclose(valid_s, sk_valid, rtol=1e-9)
    learning[f"degree {D}"] = (-train_s.mean(axis=1), -valid_s.mean(axis=1))
print("matches: learning_curve gives the same sizes and scores (rtol 1e-9)")

ax = plot_learning_curve(n_used, learning, title="Learning curves: 5-fold CV on 400 days",
                         ylabel="MSE (GW²)", reference=(2.5**2, "noise σ² = 6.25 GW²"))
ax.set_yscale("log")
plt.show()

# %% slideshow={"slide_type": "skip"}
(tr2, va2), (tr8, va8) = learning["degree 2"], learning["degree 8"]
for n_rows, a, b in zip(n_used, va2, va8, strict=True):
    print(f"n = {n_rows:3d}: validation MSE degree 2 {a:9.2f}, degree 8 {b:9.2f} GW²")
assert va8[0] > 10 * va2[0] and va8[-1] < va2[-1]  # degree 8 needs data, then wins
assert np.all(tr2 < va2) and va2[-1] > 1.2 * 2.5**2  # degree 2 plateaus above σ²: its bias
print("degree 2 plateaus above the noise (bias); degree 8 is wild on few days, best on many")

# %% [markdown] slideshow={"slide_type": "skip"}
# Two diagnoses follow. A model whose training and validation curves meet **above** the noise
# level is biased: more data will not help, more flexibility will (degree 2). A model with a
# wide gap between the curves has variance: more data helps (degree 8).
#
# ### Bias and variance, measured (section 2)
#
# At a test temperature $x$, the prediction $\hat f(x)$ depends on which 25 days we happened
# to draw. Over many such draws, the expected squared error against a new day's demand
# $y_0 = f(x) + \varepsilon$ splits exactly into three parts:
#
# $$\mathbb E\big[(y_0 - \hat f(x))^2\big]
#   = \underbrace{\big(\mathbb E\hat f(x) - f(x)\big)^2}_{\text{bias}^2}
#   + \underbrace{\operatorname{Var}\hat f(x)}_{\text{variance}}
#   + \underbrace{\sigma^2}_{\text{noise}} .$$
#
# `bias_variance` measures all of it: it draws 60 sets of 25 days, refits, predicts at 30
# temperatures (the central 90 % of a year's), draws fresh test noise, and returns the three
# parts (averaged over the temperatures) and the measured error, with the Monte Carlo
# standard error of the difference. We assert that the parts add up to the measurement within
# 4 standard errors, for each degree.

# %% slideshow={"slide_type": "skip"}
x_test = np.linspace(*np.quantile(T_year, [0.05, 0.95]), 30)  # the year of section 1


def draw_days(generator):
    """A new training set: 25 days drawn with the given generator."""
    T, y = make_demand(25, random_state=generator)
    return T.reshape(-1, 1), y


bv_degrees = np.arange(1, 9)
parts = [bias_variance(polynomial_regression(D), draw_days, x_test, demand_curve(x_test), 2.5,
                       n_repeats=60, seed=int(D)) for D in bv_degrees]
for D, p in zip(bv_degrees, parts, strict=True):
    print(f"degree {D}: bias² {p.bias2:6.2f} + variance {p.variance:6.2f} + noise "
          f"{p.noise:.2f} = {p.total:6.2f}; measured {p.error:6.2f} ± {p.error_se:.2f} GW²")
    assert abs(p.error - p.total) < 4 * p.error_se
print("matches: bias² + variance + noise = the measured test error within 4 Monte Carlo s.e.")

# %% slideshow={"slide_type": "skip"}
ax = plot_bias_variance(bv_degrees, parts, title="Bias² falls, variance rises: 25 days, "
                        "60 refits per degree", xlabel="polynomial degree D",
                        ylabel="expected squared test error (GW²)")
plt.show()
bias2 = np.array([p.bias2 for p in parts])
variance = np.array([p.variance for p in parts])
total = np.array([p.total for p in parts])
assert bias2[0] > 10 * bias2[2] and variance[-1] > 20 * variance[2]
assert np.all(bias2[3:] < 0.03 * total[3:])
assert 2 <= bv_degrees[total.argmin()] <= 4
print(f"lowest expected error at degree {bv_degrees[total.argmin()]}: "
      "the trade-off that CV found from 25 days")

# %% [markdown] slideshow={"slide_type": "skip"}
# Degree 1 is all bias. From degree 4 on, bias² is at most 2 % of the total (its estimate is
# noisy where the variance is large, and dips below zero where the true bias² is near 0),
# while the variance grows by more than an order of magnitude from degree 3 to degree 8. The minimum of the sum is where cross-validation
# and the validation set pointed. Lesson 05 measures the same split against the penalty α.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Live demo: drag the degree and the number of knots
#
# For the class: run the next two cells in JupyterLab and drag the degree up (the polynomial's
# validation error climbs while its training error keeps falling) and the number of knots
# (the spline stays tame for longer). The first cell draws degree 3 and 6 knots, which the
# website shows; the second adds the sliders (it needs a running kernel). Same 25 training days
# and validation days as section 2.

# %% slideshow={"slide_type": "skip"}
from course_utils import demos

demo_train = (T_train.reshape(-1, 1), y_train)
demo_valid = (T_val.reshape(-1, 1), y_val)
demo_labels = {"xlabel": "mean daily temperature (°C)", "ylabel": "electricity demand (GW)",
               "units": "(GW)"}
demo = demos.degree_knots_numbers(demo_train, demo_valid, 3, 6)
np.testing.assert_allclose(demo["poly_train"], train_err[:len(demo["poly_train"])], rtol=1e-8)
print(f"validation RMSE lowest at degree {demo['degrees'][demo['poly_valid'].argmin()]} and at "
      f"{demo['knots'][demo['spline_valid'].argmin()]} knots; the degree errors match section 2")
demos.show_degree_knots(demo_train, demo_valid, degree=3, n_knots=6, labels=demo_labels)

# %% slideshow={"slide_type": "skip"}
# NBVAL_IGNORE_OUTPUT
# (a live widget: its output is a widget view that only a running kernel redraws; the static figure above shows the default value)
live = demos.live_degree_knots(demo_train, demo_valid, degree=3, n_knots=6, labels=demo_labels)
