"""What every course regressor shares: predicting from ``coef_`` and ``intercept_``."""

from __future__ import annotations

from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from ._validation import check_X


class LinearRegressorBase(RegressorMixin, BaseEstimator):
    r"""Base of the course's linear regressors: :math:`\hat y = h^{-1}(Xw + b)`.

    Subclasses fit ``coef_`` (:math:`w`) and ``intercept_`` (:math:`b`); :meth:`predict`
    validates X with the course's friendly messages and applies the inverse link
    :math:`h^{-1}` (the identity, except for a loss with a log link such as gamma, whose
    subclass overrides :meth:`_inverse_link`). NaN is rejected, not imputed.
    """

    def _inverse_link(self, raw):
        return raw

    def predict(self, X):
        r"""Predict :math:`\hat y = h^{-1}(Xw + b)` (:math:`h^{-1}` the identity unless a
        log-link loss was fitted).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = check_X(self, X)
        return self._inverse_link(X @ self.coef_ + self.intercept_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
