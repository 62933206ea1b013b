"""The report's charts: matplotlib figures drawn with the object API and returned as PNG ``data:`` URIs.

Each ``chart_*`` function returns ``None`` when there is nothing to draw, so that
the page says so in words instead of showing an empty frame. The same data give
the same bytes (no PNG metadata, a fixed SVG hash salt).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .views import num

#: The chart font. DejaVu Sans ships with matplotlib and has every Vietnamese letter and tone mark.
CHART_FONT = "DejaVu Sans"


def chart_font_path() -> str:
    """Path of the chart font file (:data:`CHART_FONT`), found by matplotlib without fallback.

    Example:
        >>> chart_font_path().endswith("DejaVuSans.ttf")
        True
    """
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family=CHART_FONT), fallback_to_default=False)


@contextlib.contextmanager
def _chart_style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CHART_FONT],
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "dienbien",
        }
    ):
        yield


def _figure(width: float, height: float) -> Any:
    # The object API with an Agg canvas: no pyplot state, no GUI backend, safe in threads and tests.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    # No software/date metadata: the same data gives the same bytes.
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _charted(fn: Callable[..., Any]) -> Callable[..., str | None]:
    """Run a figure-drawing function under the report's chart style and return a data URI (or ``None``)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> str | None:
        with _chart_style():
            fig = fn(*args, **kwargs)
            return None if fig is None else _png(fig)

    return wrapper


@_charted
def chart_heatmap(
    rows: Sequence[str],
    cols: Sequence[str],
    matrix: Sequence[Sequence[float]],
    *,
    title: str,
    xlabel: str,
    cbar: str = "sentences",
    fmt: str = "{:.0f}",
) -> Any:
    """A row-by-column heat map with the values written in non-empty cells."""
    if not rows or not cols or not any(v for r in matrix for v in r):
        return None
    import matplotlib
    import numpy as np

    data = np.array(matrix, dtype=float)
    fig = _figure(min(2.2 + 0.42 * len(cols), 13), 0.8 + 0.26 * len(rows))
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="white")
    im = ax.imshow(
        np.ma.masked_equal(data, 0), aspect="auto", cmap=cmap, vmin=0, vmax=max(data.max(), 1), interpolation="nearest"
    )
    ax.set_yticks(range(len(rows)), rows)
    upright = len(cols) <= 20 and max(len(c) for c in cols) <= 6
    ax.set_xticks(range(len(cols)), cols, rotation=0 if upright else 90)
    ax.set_xticks([x + 0.5 for x in range(len(cols) - 1)], minor=True)
    ax.grid(which="minor", axis="x", color="#eeeeee", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.spines[:].set_visible(False)
    if len(cols) <= 40:
        top = data.max() or 1
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                if data[i, j]:
                    ax.text(
                        j,
                        i,
                        fmt.format(data[i, j]),
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if data[i, j] > 0.6 * top else "black",
                    )
    from matplotlib.ticker import MaxNLocator

    bar = fig.colorbar(im, ax=ax, label=cbar, fraction=0.03, pad=0.01)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return fig


@_charted
def chart_stacked(rows: Sequence[str], groups: Mapping[str, Sequence[float]], *, title: str, xlabel: str) -> Any:
    """Horizontal bars, one per row, stacked by group (e.g. themes by speaker)."""
    if not rows or not any(v for vals in groups.values() for v in vals):
        return None
    import matplotlib

    fig = _figure(8.5, 0.9 + 0.27 * len(rows))
    ax = fig.add_subplot()
    left = [0.0] * len(rows)
    cmap = matplotlib.colormaps["Set2"]
    for k, (name, vals) in enumerate(groups.items()):
        ax.barh(range(len(rows)), vals, left=left, label=name, color=cmap(k % 8), edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(range(len(rows)), rows)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


@_charted
def chart_bars(
    rows: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    xlabel: str,
    errors: Mapping[str, Sequence[tuple[float, float] | None]] | None = None,
    xlim: tuple[float, float] | None = None,
    colours: Mapping[str, str] | None = None,
    values: bool = False,
) -> Any:
    """Horizontal grouped bars: one group per row, one bar per series, optional CI whiskers."""
    if not rows or not series or not any(v for vals in series.values() for v in vals if v is not None):
        return None
    import matplotlib

    n = len(series)
    height = 0.8 / n
    fig = _figure(8.5, 0.9 + max(0.22 * n, 0.3) * len(rows))
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps["tab10"]
    for k, (name, vals) in enumerate(series.items()):
        ys = [i - 0.4 + height * (k + 0.5) for i in range(len(rows))]
        xs = [v if v is not None else 0.0 for v in vals]
        colour = (colours or {}).get(name, cmap(k % 10))
        bars = ax.barh(ys, xs, height=height * 0.92, label=name, color=colour)
        errs = (errors or {}).get(name)
        if errs:
            lo = [max(x - e[0], 0) if e else 0 for x, e in zip(xs, errs, strict=True)]
            hi = [max(e[1] - x, 0) if e else 0 for x, e in zip(xs, errs, strict=True)]
            ax.errorbar(xs, ys, xerr=[lo, hi], fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        if values:
            ax.bar_label(
                bars,
                labels=[
                    (f"{v:.2f}" if isinstance(v, float) and not float(v).is_integer() else f"{v:.0f}")
                    if v is not None
                    else "n/a"
                    for v in vals
                ],
                padding=2,
                fontsize=7,
            )
    ax.set_yticks(range(len(rows)), rows)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    if xlim:
        ax.set_xlim(*xlim)
    ax.set_title(title, loc="left")
    if n > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


@_charted
def chart_intervals(
    names: Sequence[str],
    panels: Mapping[str, Sequence[tuple[float | None, float | None, float | None]]],
    *,
    title: str,
    highlight: Sequence[bool] = (),
) -> Any:
    """Point estimates with confidence intervals, one panel per measure (e.g. micro and macro F1)."""
    if not names or not any(m is not None for vals in panels.values() for m, _, _ in vals):
        return None
    fig = _figure(8.5, 1.2 + 0.32 * len(names))
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    for ax, (panel, vals) in zip(axes, panels.items(), strict=True):
        for i, (mean, lo, hi) in enumerate(vals):
            if mean is None:
                continue
            colour = "#1f77b4" if (highlight[i] if i < len(highlight) else True) else "#999999"
            err = [[max(mean - lo, 0)], [max(hi - mean, 0)]] if lo is not None and hi is not None else None
            ax.errorbar([mean], [i], xerr=err, fmt="o", color=colour, ecolor=colour, capsize=3, markersize=5)
            ax.annotate(num(mean, 2), (mean, i), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_ylim(len(names) - 0.5, -0.7)
        ax.set_title(f"{panel} — {title}" if ax is axes[0] and title else panel, loc="left")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_yticks(range(len(names)), names)
    return fig


#: Markers of the claim kinds in a series chart.
KIND_MARKERS = {"achieved": "o", "change": "D", "target": "s", "forecast": "^"}


@_charted
def chart_series(points: Sequence[tuple[str, float, str, str]], *, title: str, ylabel: str) -> Any:
    """One indicator over time: ``(time, number, kind, label)`` points in time order, marked by kind.

    ``None`` when the points do not span at least two times (a single value is no series).
    """
    times = list(dict.fromkeys(t for t, _, _, _ in points))
    if len(times) < 2:
        return None
    x = {t: i for i, t in enumerate(times)}
    fig = _figure(6.5, 2.8)
    ax = fig.add_subplot()
    ax.plot([x[t] for t, _, _, _ in points], [v for _, v, _, _ in points], color="#bbbbbb", linewidth=1, zorder=1)
    kinds = list(dict.fromkeys(k for _, _, k, _ in points))
    for k, kind in enumerate(kinds):
        pts = [(x[t], v) for t, v, kd, _ in points if kd == kind]
        ax.scatter(
            [p[0] for p in pts], [p[1] for p in pts], marker=KIND_MARKERS.get(kind, "o"), s=30,
            color=f"C{k}", label=kind, zorder=2,
        )  # fmt: skip
    for t, v, _, label in points:
        ax.annotate(label, (x[t], v), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    ax.set_xticks(range(len(times)), times)
    ax.set_xlim(-0.5, len(times) - 0.5)
    ax.margins(y=0.25)
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(kinds) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig
