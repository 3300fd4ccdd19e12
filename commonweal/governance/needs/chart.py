"""The public board's chart as data for inline SVG: per month, needs received and resolved as
paired bars, so a resident sees at a glance whether the community keeps up."""

from dataclasses import dataclass

RECEIVED, RESOLVED = "#2b5c9e", "#2f7d4f"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float
    colour: str
    value: int


@dataclass(frozen=True)
class BoardChart:
    width: int
    height: int
    bar_width: float
    bars: list[Bar]
    labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    baseline: float


def board_chart(months, *, width=360, height=200) -> BoardChart | None:
    if not months:
        return None
    left, right, top, bottom = 28, 6, 8, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(m.received, m.resolved) for m in months) or 1
    step = 1 if peak <= 5 else 5 if peak <= 25 else 10 if peak <= 50 else 50
    top_value = -(-peak // step) * step
    slot = plot_w / len(months)
    bar_w = slot * 0.35

    def y(value):
        return top + plot_h * (1 - value / top_value)

    bars, labels = [], []
    for i, month in enumerate(months):
        x0 = left + slot * i + slot * 0.12
        for offset, value, colour in (
            (0, month.received, RECEIVED),
            (bar_w, month.resolved, RESOLVED),
        ):
            bars.append(Bar(x0 + offset, y(value), top + plot_h - y(value), colour, value))
        labels.append((left + slot * (i + 0.5), f"{month.month.month}月"))
    return BoardChart(
        width=width,
        height=height,
        bar_width=bar_w,
        bars=bars,
        labels=labels,
        y_ticks=[(y(v), v) for v in range(0, top_value + 1, step)],
        baseline=top + plot_h,
    )
