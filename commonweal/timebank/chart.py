"""存取平衡 as inline SVG: issued, redeemed and expired bars per month, and the points
outstanding as a line."""

from dataclasses import dataclass

BARS = (("issued", "#2f7d4f"), ("redeemed", "#b83b1e"), ("expired", "#8a8a8a"))
LINE_COLOUR = "#2b5c9e"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass
class ExchangeChart:
    width: int
    height: int
    bars: list[Bar]
    line: str
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    plot_left: int
    plot_bottom: float


def exchange_chart(months: list[dict], *, width=640, height=260) -> ExchangeChart | None:
    if not months:
        return None
    months = months[-12:]
    left, right, top, bottom = 48, 8, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(
        [max(m[k] for k, _c in BARS) for m in months] + [m["outstanding"] for m in months] + [1]
    )
    magnitude = 10 ** max(len(str(peak)) - 1, 0)
    step = magnitude if peak / magnitude > 3 else max(magnitude // 2, 1)
    top_value = -(-peak // step) * step
    slot = plot_w / len(months)
    bar_w = slot * 0.8 / len(BARS)

    def y(v):
        return top + plot_h * (1 - v / top_value)

    bars, line = [], []
    for i, month in enumerate(months):
        for j, (key, colour) in enumerate(BARS):
            value = month[key]
            bars.append(
                Bar(
                    x=left + slot * i + slot * 0.1 + bar_w * j,
                    y=y(value),
                    width=bar_w,
                    height=plot_h * value / top_value,
                    colour=colour,
                    title=f"{month['month']:%Y-%m} {key} {value}",
                )
            )
        line.append(f"{left + slot * (i + 0.5):.1f},{y(month['outstanding']):.1f}")
    return ExchangeChart(
        width=width,
        height=height,
        bars=bars,
        line=" ".join(line),
        y_ticks=[(y(v), v) for v in range(0, top_value + 1, step)],
        x_ticks=[(left + slot * (i + 0.5), f"{m['month']:%Y-%m}") for i, m in enumerate(months)],
        plot_left=left,
        plot_bottom=top + plot_h,
    )
