"""Draw the test pyramid of a run as an SVG: one band per layer, with its test count and time."""

from dataclasses import dataclass
from html import escape

WIDTH, BAND_HEIGHT, MARGIN, TOP_WIDTH = 720, 64, 24, 160
COLOURS = {
    "unit": "#2e7d32",
    "integration": "#1565c0",
    "component": "#6a1b9a",
    "contract": "#ef6c00",
    "security": "#00838f",
    "e2e": "#c62828",
    "resilience": "#4e342e",
}
NOT_RUN = "#bdbdbd"


@dataclass(frozen=True)
class Band:
    layer: str
    tests: int | None  # None: the layer was not run
    failed: int
    seconds: float


def pyramid_svg(bands: list[Band], *, title: str, subtitle: str) -> str:
    """``bands`` from the base of the pyramid (unit) to its top (resilience)."""
    height = MARGIN * 4 + BAND_HEIGHT * len(bands)
    base_width = WIDTH - 2 * MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2}" y="{MARGIN}" text-anchor="middle" font-size="16" fill="#212121">{escape(title)}</text>',
        f'<text x="{WIDTH / 2}" y="{MARGIN * 2}" text-anchor="middle" font-size="12" fill="#616161">'
        f"{escape(subtitle)}</text>",
    ]
    for level, band in enumerate(bands):
        bottom = height - MARGIN - level * BAND_HEIGHT
        top = bottom - BAND_HEIGHT + 4
        lower_width = _width_at(level, len(bands), base_width)
        upper_width = _width_at(level + 1, len(bands), base_width)
        centre = WIDTH / 2
        points = [
            (centre - lower_width / 2, bottom),
            (centre + lower_width / 2, bottom),
            (centre + upper_width / 2, top),
            (centre - upper_width / 2, top),
        ]
        colour = COLOURS.get(band.layer, "#455a64") if band.tests is not None else NOT_RUN
        outline = ' stroke="#b71c1c" stroke-width="4"' if band.failed else ""
        parts.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="{colour}"{outline}/>')
        parts.append(
            f'<text x="{centre}" y="{(top + bottom) / 2 + 5:.1f}" text-anchor="middle" font-size="14" '
            f'fill="#ffffff">{escape(_label(band))}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _width_at(level: int, levels: int, base_width: float) -> float:
    return base_width - (base_width - TOP_WIDTH) * level / levels


def _label(band: Band) -> str:
    if band.tests is None:
        return f"{band.layer}: not run"
    failed = f", {band.failed} failed" if band.failed else ""
    return f"{band.layer}: {band.tests} tests{failed}, {band.seconds:.1f}s"
