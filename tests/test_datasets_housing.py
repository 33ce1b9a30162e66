"""The housing dataset (file, checksum, generator, formula) and the demand generator."""

import hashlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from course_utils import (
    NormalEquationRegressor,
    demand_curve,
    housing_price_formula,
    housing_truth,
    load_housing,
    make_demand,
    make_housing,
)
from course_utils.datasets import housing_to_csv_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
COLUMNS = ["size_m2", "rooms", "age_years", "dist_centre_km", "neighbourhood", "garden",
           "month_sold", "price_keur"]
HOODS = ["Centre", "Riverside", "University", "Suburbs", "Outskirts"]


def _listed_sha256(name):
    for line in (DATA / "SHA256SUMS").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == name:
            return parts[0]
    raise AssertionError(f"{name} is not listed in data/SHA256SUMS")


@pytest.fixture(scope="module")
def houses():
    return load_housing()


# ---- the file and its checksum -----------------------------------------------------------

def test_file_matches_its_listed_checksum():
    digest = hashlib.sha256((DATA / "housing.csv").read_bytes()).hexdigest()
    assert digest == _listed_sha256("housing.csv")


def test_regenerating_reproduces_the_checksum(tmp_path):
    """The script as a user runs it, from another folder, in a fresh interpreter."""
    out = tmp_path / "housing.csv"
    done = subprocess.run([sys.executable, str(DATA / "make_housing.py"), "--out", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, check=True)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest == _listed_sha256("housing.csv")
    assert digest in done.stdout


def test_script_check_mode(capsys):
    spec = importlib.util.spec_from_file_location("make_housing", DATA / "make_housing.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0
    assert "matches data/SHA256SUMS" in capsys.readouterr().out


def test_csv_text_is_the_generator_output():
    text = housing_to_csv_text(make_housing())
    assert text.encode("utf-8") == (DATA / "housing.csv").read_bytes()
    assert text.splitlines()[0] == ",".join(COLUMNS)


def _copy_data(tmp_path):
    shutil.copy(DATA / "SHA256SUMS", tmp_path / "SHA256SUMS")
    shutil.copy(DATA / "housing.csv", tmp_path / "housing.csv")
    return tmp_path


def test_missing_file_says_how_to_regenerate(tmp_path):
    _copy_data(tmp_path)
    (tmp_path / "housing.csv").unlink()
    with pytest.raises(FileNotFoundError) as info:
        load_housing(data_dir=tmp_path)
    msg = str(info.value)
    assert "missing" in msg and "python data/make_housing.py" in msg
    assert "git checkout data/housing.csv" in msg


@pytest.mark.parametrize("edit", ["one digit", "one row dropped", "blank line added"])
def test_altered_file_says_checksum_differs(tmp_path, edit):
    _copy_data(tmp_path)
    path = tmp_path / "housing.csv"
    text = path.read_text()
    if edit == "one digit":
        text = text.replace("339.3", "339.4", 1)
    elif edit == "one row dropped":
        text = "\n".join(text.splitlines()[:-1]) + "\n"
    else:
        text = text + "\n"
    path.write_bytes(text.encode())
    with pytest.raises(ValueError) as info:
        load_housing(data_dir=tmp_path)
    msg = str(info.value)
    assert "altered" in msg and "checksum" in msg and "SHA256SUMS expects" in msg
    assert "git checkout data/housing.csv" in msg and "python data/make_housing.py" in msg


def test_windows_line_ends_are_the_same_data(tmp_path):
    """A checkout with core.autocrlf turns \\n into \\r\\n: same data, so it loads."""
    _copy_data(tmp_path)
    path = tmp_path / "housing.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    pd.testing.assert_frame_equal(load_housing(data_dir=tmp_path), load_housing())


def test_missing_checksum_entry_or_file(tmp_path):
    _copy_data(tmp_path)
    (tmp_path / "SHA256SUMS").write_text("0" * 64 + "  other.csv\n")
    with pytest.raises(ValueError, match="has no line for housing.csv"):
        load_housing(data_dir=tmp_path)
    (tmp_path / "SHA256SUMS").unlink()
    with pytest.raises(FileNotFoundError, match="SHA256SUMS is missing"):
        load_housing(data_dir=tmp_path)


def test_loader_path_does_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_housing().shape == (1500, 8)


# ---- the table ---------------------------------------------------------------------------

def test_columns_types_and_ranges(houses):
    assert list(houses.columns) == COLUMNS
    assert houses.shape == (1500, 8)
    assert list(houses["neighbourhood"].cat.categories) == HOODS
    assert not houses.isna().any().any()
    for col in ["size_m2", "rooms", "age_years", "garden", "month_sold"]:
        assert pd.api.types.is_integer_dtype(houses[col]), col
    assert set(houses["garden"]) == {0, 1}
    assert houses["month_sold"].between(1, 12).all()
    assert houses["size_m2"].between(25, 400).all()
    assert houses["dist_centre_km"].between(0.2, 25.0).all()
    ranges = housing_truth()["dist_range_km"]
    for hood, (lo, hi) in zip(HOODS, ranges, strict=True):
        d = houses.loc[houses["neighbourhood"] == hood, "dist_centre_km"]
        assert d.between(lo, hi).all(), hood


def test_loaded_table_equals_generator(houses):
    pd.testing.assert_frame_equal(houses, make_housing())


def test_generator_is_seeded():
    pd.testing.assert_frame_equal(make_housing(200, random_state=5),
                                  make_housing(200, random_state=5))
    assert not make_housing(200, random_state=5).equals(make_housing(200, random_state=6))
    assert len(make_housing(7, random_state=np.random.default_rng(0))) == 7
    with pytest.raises(ValueError, match="n_samples must be an integer >= 1"):
        make_housing(0)


# ---- the documented formula --------------------------------------------------------------

def test_formula_in_closed_form(houses):
    t = housing_truth()
    rate = houses["neighbourhood"].astype(str).map(t["rate_keur_per_m2"]).to_numpy()
    s, d, a = (houses[c].to_numpy(float) for c in ["size_m2", "dist_centre_km", "age_years"])
    expected = (60 + s * (rate - 0.04 * d) + 150 * np.exp(-d / 2) - 2.5 * a + 0.025 * a**2
                + 35 * houses["garden"].to_numpy())
    assert_allclose(housing_price_formula(houses), expected, rtol=1e-12)
    assert t["intercept"] == 60 and t["noise_sd"] == 30


def test_noise_is_what_the_readme_says(houses):
    resid = houses["price_keur"] - housing_price_formula(houses)
    n = len(resid)
    # mean within 3 standard errors of 0; sd within 3 standard errors of 30 (se = 30/sqrt(2n))
    assert abs(resid.mean()) < 3 * 30 / np.sqrt(n)
    assert abs(resid.std() - 30) < 3 * 30 / np.sqrt(2 * n)


def test_rooms_and_month_have_no_effect(houses):
    other = houses.assign(rooms=1, month_sold=6)
    assert_allclose(housing_price_formula(other), housing_price_formula(houses))


def test_interaction_model_recovers_the_rates(houses):
    X = pd.get_dummies(houses[["neighbourhood"]], dtype=float).mul(houses["size_m2"], axis=0)
    X["size:dist"] = houses["size_m2"] * houses["dist_centre_km"]
    X["premium"] = np.exp(-houses["dist_centre_km"] / 2)
    X["age"] = houses["age_years"]
    X["age2"] = houses["age_years"] ** 2
    X["garden"] = houses["garden"]
    fit = NormalEquationRegressor().fit(X, houses["price_keur"])
    rates = housing_truth()["rate_keur_per_m2"]
    assert_allclose(fit.coef_[:5], [rates[h] for h in HOODS], atol=0.3)
    assert_allclose(fit.coef_[5:], [-0.04, 150, -2.5, 0.025, 35], rtol=0.2)


def test_formula_errors(houses):
    with pytest.raises(KeyError, match="size_m2"):
        housing_price_formula(houses.drop(columns="size_m2"))
    odd = houses.head(3).assign(neighbourhood=["Centre", "Harbour", "Centre"])
    with pytest.raises(ValueError, match=r"Unknown neighbourhood\(s\) \['Harbour'\]"):
        housing_price_formula(odd)


def test_truth_is_a_copy():
    t = housing_truth()
    t["rate_keur_per_m2"]["Centre"] = 0.0
    assert housing_truth()["rate_keur_per_m2"]["Centre"] == 4.5


def test_friendly_error_when_fitting_the_raw_table(houses):
    with pytest.raises(ValueError, match=r"non-numeric columns \['neighbourhood'\]"):
        NormalEquationRegressor().fit(houses.drop(columns="price_keur"), houses["price_keur"])


# ---- the electricity-demand generator ----------------------------------------------------

def test_demand_curve_closed_form_and_slopes():
    T = np.array([-40.0, 17.5, 60.0])
    s = 2.5
    sp = lambda z: np.log1p(np.exp(z))  # noqa: E731
    expected = 30 + 2.0 * s * sp((14 - T) / s) + 1.4 * s * sp((T - 21) / s)
    assert_allclose(demand_curve(T), expected, rtol=1e-12)
    assert_allclose(demand_curve(-40.0) - demand_curve(-39.0), 2.0, rtol=1e-6)  # heating
    assert_allclose(demand_curve(61.0) - demand_curve(60.0), 1.4, rtol=1e-6)  # cooling
    grid = np.linspace(-10, 40, 5001)
    assert 14 < grid[demand_curve(grid).argmin()] < 21


def test_make_demand():
    T, y = make_demand(365, random_state=1)
    T2, y2 = make_demand(365, random_state=1)
    assert T.shape == y.shape == (365,)
    assert_allclose(T, T2)
    assert_allclose(y, y2)
    assert_allclose(T, np.round(T, 1))
    assert -15 < T.min() < 0 < 25 < T.max() < 40
    _, y_quiet = make_demand(365, noise=0.0, random_state=1)
    assert_allclose(y_quiet, demand_curve(T))
    T_big, y_big = make_demand(5000, random_state=3)
    resid = y_big - demand_curve(T_big)
    assert abs(resid.std() - 2.5) < 3 * 2.5 / np.sqrt(2 * 5000)
    with pytest.raises(ValueError, match="n_samples must be an integer >= 1"):
        make_demand(0)
