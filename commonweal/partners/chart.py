"""The dashboard's growth chart as inline SVG: stacked areas of active partners per kind."""

from dataclasses import dataclass

from commonweal.partners.registry.models import OrganisationKind

COLOURS = {
    OrganisationKind.ENTERPRISE: "#b83b1e",
    OrganisationKind.SOCIAL_ORG: "#2f7d4f",
    OrganisationKind.PROFESSIONAL: "#2b5c9e",
    OrganisationKind.CRAFTSMAN: "#c98a12",
}


@dataclass
class Band:
    kind: str
    label: str
    colour: str
    points: str  # SVG polygon points


@dataclass
class GrowthChart:
    width: int
    height: int
    bands: list[Band]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    first_total: int
    last_total: int
    plot_left: int
    plot_bottom: float


def growth_chart(growth: dict, *, width=640, height=260) -> GrowthChart | None:
    months, series = growth["months"], growth["series"]
    if not months:
        return None
    left, right, top, bottom = 36, 8, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(growth["totals"]), 1)
    step = 5 if peak <= 50 else 10 if peak <= 100 else 50
    top_value = -(-peak // step) * step

    def x(i):
        return left + (plot_w * i / max(len(months) - 1, 1))

    def y(v):
        return top + plot_h * (1 - v / top_value)

    bands, below = [], [0] * len(months)
    for kind in OrganisationKind:
        values = series.get(kind.value, [0] * len(months))
        above = [b + v for b, v in zip(below, values, strict=True)]
        upper = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(above)]
        lower = [f"{x(i):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate(below)))]
        bands.append(Band(kind.value, str(kind.label), COLOURS[kind], " ".join(upper + lower)))
        below = above
    y_ticks = [(y(v), v) for v in range(0, top_value + 1, step)]
    every = max(1, len(months) // 6)
    x_ticks = [(x(i), m.strftime("%Y-%m")) for i, m in enumerate(months) if i % every == 0]
    return GrowthChart(
        width=width,
        height=height,
        bands=bands,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        first_total=growth["totals"][0],
        last_total=growth["totals"][-1],
        plot_left=left,
        plot_bottom=top + plot_h,
    )
