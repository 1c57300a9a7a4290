"""Moderated OLS for ``y ~ x * z`` (e.g. ``distress ~ stress * support``), vectorised over replications.

Students fit models with statsmodels' formula API; this module exists where speed matters (sliders, power
simulations) and is tested to agree with ``smf.ols("distress ~ stress * support")`` to 1e-8. A full fit solves the
least squares by a QR decomposition (stacked: one call for many replications), which stays accurate for uncentred
predictors whose product term is nearly collinear with them; the power simulation's fast path,
:func:`interaction_tvalues`, standardises x and z first and solves the normal equations of all replications at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class BatchOLS:
    """Least-squares results for a stack of regressions (leading axes are replications)."""

    beta: np.ndarray  # (..., k)
    cov: np.ndarray  # (..., k, k)
    sigma2: np.ndarray  # (...)
    df_resid: int
    rss: np.ndarray  # (...)
    tss: np.ndarray  # (...)

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diagonal(self.cov, axis1=-2, axis2=-1))

    @property
    def t(self) -> np.ndarray:
        return self.beta / self.se

    @property
    def p(self) -> np.ndarray:
        """Two-sided p-values of the t tests of each coefficient against 0."""
        return 2 * stats.t.sf(np.abs(self.t), self.df_resid)


def moderated_design(x: np.ndarray, z: np.ndarray, center: bool = False) -> np.ndarray:
    """Design matrix ``[1, x, z, x*z]`` of shape ``(..., n, 4)``; with ``center`` x and z are mean-centred first."""
    x = np.asarray(x, dtype=float)
    z = np.asarray(z, dtype=float)
    if center:
        x = x - x.mean(axis=-1, keepdims=True)
        z = z - z.mean(axis=-1, keepdims=True)
    return np.stack([np.ones_like(x), x, z, x * z], axis=-1)


def ols(X: np.ndarray, y: np.ndarray) -> BatchOLS:
    """Ordinary least squares for ``X`` of shape ``(..., n, k)`` and ``y`` of shape ``(..., n)``, all stacks at once."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = X.shape[-2:]
    if n <= k:
        raise ValueError(f"Need more observations than coefficients: n = {n}, k = {k}.")
    q, r = np.linalg.qr(X)  # stacked QR: one LAPACK call per replication, no Python loop
    qty = np.einsum("...nk,...n->...k", q, y)
    beta = np.linalg.solve(r, qty[..., None])[..., 0]
    resid = y - np.einsum("...nk,...k->...n", X, beta)
    rss = np.einsum("...n,...n->...", resid, resid)
    df_resid = n - k
    sigma2 = rss / df_resid
    r_inv = np.linalg.inv(r)
    xtx_inv = r_inv @ np.swapaxes(r_inv, -1, -2)
    cov = xtx_inv * sigma2[..., None, None]
    centred = y - y.mean(axis=-1, keepdims=True)
    tss = np.einsum("...n,...n->...", centred, centred)
    return BatchOLS(beta=beta, cov=cov, sigma2=sigma2, df_resid=df_resid, rss=rss, tss=tss)


@dataclass(frozen=True)
class ModeratedFit:
    """A fitted ``y ~ x * z`` model, named like statsmodels (``Intercept``, ``x``, ``z``, ``x:z``).

    ``z_center`` is the value subtracted from the moderator before fitting (0 unless centred); ``z_mean`` and ``z_sd``
    are the moderator's sample mean and SD (ddof 1) on its original scale, used to probe at -1 SD / mean / +1 SD.
    """

    params: pd.Series
    bse: pd.Series
    tvalues: pd.Series
    pvalues: pd.Series
    cov_params: pd.DataFrame
    df_resid: int
    nobs: int
    sigma2: float
    rsquared: float
    y: str
    x: str
    z: str
    centered: bool
    x_center: float
    z_center: float
    z_mean: float
    z_sd: float
    z_range: tuple[float, float] = (np.nan, np.nan)
    alpha: float = 0.05

    @property
    def interaction(self) -> str:
        """Name of the product term, e.g. ``"stress:support"``."""
        return f"{self.x}:{self.z}"

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Confidence intervals (default 95%) with columns ``lower`` and ``upper``."""
        a = self.alpha if alpha is None else alpha
        crit = stats.t.ppf(1 - a / 2, self.df_resid)
        return pd.DataFrame({"lower": self.params - crit * self.bse, "upper": self.params + crit * self.bse})

    def summary(self, alpha: float | None = None) -> pd.DataFrame:
        """One row per coefficient: ``coef``, ``se``, ``t``, ``p``, ``ci_lower``, ``ci_upper``."""
        ci = self.conf_int(alpha)
        return pd.DataFrame(
            {
                "coef": self.params,
                "se": self.bse,
                "t": self.tvalues,
                "p": self.pvalues,
                "ci_lower": ci["lower"],
                "ci_upper": ci["upper"],
            }
        )

    def simple_slopes(self, at: list[float] | np.ndarray | None = None, alpha: float | None = None) -> pd.DataFrame:
        """Slopes of ``x`` at moderator values ``at`` (default -1 SD, mean, +1 SD); see :func:`probing.simple_slopes`."""
        from socialties.buffering.probing import simple_slopes

        return simple_slopes(self, at=at, alpha=self.alpha if alpha is None else alpha)

    def johnson_neyman(self, alpha: float | None = None):
        """Johnson-Neyman region of significance; see :func:`probing.johnson_neyman`."""
        from socialties.buffering.probing import johnson_neyman

        return johnson_neyman(self, alpha=self.alpha if alpha is None else alpha)


def _column(data: pd.DataFrame, name: str) -> np.ndarray:
    if not isinstance(data, pd.DataFrame):
        raise ValueError("data must be a pandas DataFrame.")
    if name not in data.columns:
        raise ValueError(f"Column {name!r} is not in the data; columns are {list(data.columns)}.")
    raw = data[name]
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if bad.any():
        example = raw[bad].iloc[0]
        raise ValueError(f"Column {name!r} must be numeric; it holds {example!r} (row {raw[bad].index[0]!r}).")
    return values.to_numpy(dtype=float)


def fit_moderated(
    data: pd.DataFrame,
    y: str = "distress",
    x: str = "stress",
    z: str = "support",
    *,
    center: bool = False,
    alpha: float = 0.05,
) -> ModeratedFit:
    """Fit ``y ~ x * z`` by OLS (rows with a missing value in y, x or z are dropped, as statsmodels does).

    With ``center=True`` x and z are mean-centred before the product is formed: the interaction, its SE and the simple
    slopes do not change, but the ``x`` and ``z`` coefficients become the effects at the other variable's mean.
    """
    cols = {name: _column(data, name) for name in (y, x, z)}
    keep = np.all([np.isfinite(v) for v in cols.values()], axis=0)
    yv, xv, zv = (cols[name][keep] for name in (y, x, z))
    if yv.size < 5:
        raise ValueError(f"Only {yv.size} complete rows: at least 5 are needed to fit y ~ x * z.")
    x_center = float(xv.mean()) if center else 0.0
    z_center = float(zv.mean()) if center else 0.0
    res = ols(moderated_design(xv - x_center, zv - z_center), yv)
    names = ["Intercept", x, z, f"{x}:{z}"]
    params = pd.Series(res.beta, index=names)
    return ModeratedFit(
        params=params,
        bse=pd.Series(res.se, index=names),
        tvalues=pd.Series(res.t, index=names),
        pvalues=pd.Series(res.p, index=names),
        cov_params=pd.DataFrame(res.cov, index=names, columns=names),
        df_resid=res.df_resid,
        nobs=int(yv.size),
        sigma2=float(res.sigma2),
        rsquared=float(1 - res.rss / res.tss),
        y=y,
        x=x,
        z=z,
        centered=center,
        x_center=x_center,
        z_center=z_center,
        z_mean=float(zv.mean()),
        z_sd=float(zv.std(ddof=1)),
        z_range=(float(zv.min()), float(zv.max())),
        alpha=alpha,
    )


def interaction_tvalues(x: np.ndarray, z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, int]:
    """t statistics of the interaction in ``y ~ x * z`` for each replication (arrays of shape ``(..., n)``).

    The fast path for power simulations. The interaction's estimate-to-SE ratio does not change when x and z are
    centred or rescaled, so both are standardised first; the normal equations of the resulting well-conditioned
    design are then solved for all replications at once (a few small matrix products, no per-replication
    decomposition). Returns ``(t, df_resid)``.
    """
    x = np.asarray(x, dtype=float)
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    n = x.shape[-1]
    if n <= 4:
        raise ValueError(f"Need more than 4 observations per replication, got n = {n}.")
    xs = (x - x.mean(axis=-1, keepdims=True)) / x.std(axis=-1, keepdims=True)
    zs = (z - z.mean(axis=-1, keepdims=True)) / z.std(axis=-1, keepdims=True)
    X = np.stack([np.ones_like(xs), xs, zs, xs * zs], axis=-1)  # (..., n, 4)
    Xt = np.swapaxes(X, -1, -2)
    xtx = Xt @ X
    rhs = np.stack([(Xt @ y[..., None])[..., 0], np.broadcast_to([0.0, 0.0, 0.0, 1.0], xtx.shape[:-1])], axis=-1)
    sol = np.linalg.solve(xtx, rhs)  # columns: the coefficients, and the last column of (X'X)^-1
    beta, inv_33 = sol[..., 0], sol[..., 3, 1]
    resid = y - (X @ beta[..., None])[..., 0]
    df_resid = n - 4
    sigma2 = np.einsum("...n,...n->...", resid, resid) / df_resid
    return beta[..., 3] / np.sqrt(sigma2 * inv_33), df_resid


def interaction_pvalues(x: np.ndarray, z: np.ndarray, y: np.ndarray, center: bool = True) -> np.ndarray:
    """Two-sided p-values of the interaction in ``y ~ x * z`` for each replication (arrays of shape ``(reps, n)``).

    ``center`` is accepted for clarity of intent only: the interaction's test is the same with or without centring.
    """
    del center  # the interaction test is invariant to centring (see interaction_tvalues)
    t, df_resid = interaction_tvalues(x, z, y)
    return 2 * stats.t.sf(np.abs(t), df_resid)
