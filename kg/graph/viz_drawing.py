"""Pictures as shapes in pixels, and what turns shapes into files: SVG (by hand),
a self-contained HTML page (the SVG inline, filters on the left), PNG (matplotlib).

The stance picture (kg.graph.viz) and the timeline (kg.graph.viz_timeline) are
both laid out as a Drawing and written by these.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from kg.errors import KGError

# Strongest first: the order of the legend, of the filter boxes, and of the
# stripes in a matrix cell.
STANCE_ORDER = ("demands", "supports", "accepts", "opposes")
# Okabe-Ito colours: told apart by people with any common colour-vision
# deficiency, and on paper. Support and demand are both blues-greens, the
# demand darker; acceptance is orange (a yes with reservations); opposition
# is vermillion.
COLOURS = {"demands": "#0072B2", "supports": "#009E73", "accepts": "#E69F00", "opposes": "#D55E00"}
FORMATS = (".html", ".htm", ".svg", ".png")

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
ROW = 28  # pixels between two actors
CELL = 24  # a matrix cell
TEXT = 13  # label font size, pixels
EVIDENCE_SHOWN = 3  # evidence sentences in a tooltip
EVIDENCE_CHARS = 280


# --- shapes --------------------------------------------------------------------


@dataclass
class Shape:
    kind: str  # rect | circle | curve | text | line
    x: float
    y: float
    w: float = 0.0  # rect width; curve end x; circle radius; line end x
    h: float = 0.0  # rect height; curve end y; line end y
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 1.0
    opacity: float = 1.0
    text: str = ""
    size: float = TEXT
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    rotate: float = 0.0  # degrees, clockwise as in SVG
    title: str = ""  # a tooltip
    css: str = ""  # classes the HTML page's script uses
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Drawing:
    width: float
    height: float
    shapes: list[Shape]


def counted(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text_width(text: str, size: float = TEXT) -> float:
    # An estimate for a sans-serif font (average advance ~0.58 em): enough to
    # leave room for labels without measuring fonts we may not have.
    return len(text) * size * 0.58


def data_attributes(**values: str) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}


# --- SVG -----------------------------------------------------------------------


def attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape) -> str:
    common = []
    if shape.css:
        common.append(f'class="{attribute(shape.css)}"')
    for key, value in sorted(shape.data.items()):
        common.append(f'data-{key}="{attribute(value)}"')
    if shape.opacity != 1.0:
        common.append(f'opacity="{_number(shape.opacity)}"')
    attrs = " ".join(common)
    title = f"<title>{html.escape(shape.title)}</title>" if shape.title else ""
    n = _number
    if shape.kind == "rect":
        body = (f'<rect x="{n(shape.x)}" y="{n(shape.y)}" width="{n(shape.w)}" height="{n(shape.h)}" '
                f'fill="{shape.fill}" stroke="{shape.stroke}" {attrs}')
    elif shape.kind == "circle":
        body = (f'<circle cx="{n(shape.x)}" cy="{n(shape.y)}" r="{n(shape.w)}" fill="{shape.fill}" '
                f'stroke="{shape.stroke}" stroke-width="{n(shape.stroke_width)}" {attrs}')
    elif shape.kind == "line":
        body = (f'<line x1="{n(shape.x)}" y1="{n(shape.y)}" x2="{n(shape.w)}" y2="{n(shape.h)}" '
                f'stroke="{shape.stroke}" stroke-width="{n(shape.stroke_width)}" {attrs}')
    elif shape.kind == "curve":
        middle = (shape.x + shape.w) / 2
        body = (f'<path d="M{n(shape.x)},{n(shape.y)} C{n(middle)},{n(shape.y)} {n(middle)},{n(shape.h)} '
                f'{n(shape.w)},{n(shape.h)}" fill="none" stroke="{shape.stroke}" '
                f'stroke-width="{n(shape.stroke_width)}" stroke-linecap="round" {attrs}')
    elif shape.kind == "text":
        style = ' font-weight="bold"' if shape.bold else ""
        rotate = f' transform="rotate({n(shape.rotate)} {n(shape.x)} {n(shape.y)})"' if shape.rotate else ""
        fill = shape.fill if shape.fill != "none" else "#222"
        body = (f'<text x="{n(shape.x)}" y="{n(shape.y)}" font-size="{n(shape.size)}" text-anchor="{shape.anchor}" '
                f'fill="{fill}"{style}{rotate} {attrs}')
        return f"{body.rstrip()}>{title}{html.escape(shape.text)}</text>"
    else:
        raise ValueError(f"unknown shape {shape.kind!r}")
    body = body.rstrip()
    return f"{body}>{title}</{body[1:body.index(' ')]}>" if title else f"{body}/>"


def to_svg(drawing: Drawing) -> str:
    """A standalone SVG document."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" height="{drawing.height}" '
        f'viewBox="0 0 {drawing.width} {drawing.height}" font-family="{FONT}" role="img">',
        f'<rect x="0" y="0" width="{drawing.width}" height="{drawing.height}" fill="#fff"/>',
    ]
    parts.extend(_svg_shape(shape) for shape in drawing.shapes)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- HTML ----------------------------------------------------------------------

STYLE = """
body { font-family: DejaVu Sans, Verdana, Arial, sans-serif; margin: 0; color: #222; background: #fff; }
main { display: flex; align-items: flex-start; gap: 8px; }
aside { position: sticky; top: 0; padding: 16px; min-width: 230px; max-width: 280px; font-size: 13px;
        border-right: 1px solid #ddd; max-height: 100vh; overflow-y: auto; box-sizing: border-box; }
aside h2 { font-size: 14px; margin: 14px 0 6px; }
aside label { display: block; margin: 3px 0; cursor: pointer; }
aside .swatch { display: inline-block; width: 18px; height: 4px; vertical-align: middle; margin-right: 4px; }
aside button { font-size: 12px; margin-right: 4px; }
aside .count { color: #888; }
aside p { color: #666; font-size: 12px; }
svg .dim { opacity: 0.12; }
svg .hidden { display: none; }
svg text.actor, svg circle.actor, svg text.topic, svg circle.topic { cursor: pointer; }
svg.focusing path.edge:not(.focus) { opacity: 0.1; }
"""

def _stance_boxes() -> str:
    return "\n".join(
        f'<label><input type="checkbox" name="stance" value="{s}" checked>'
        f'<span class="swatch" style="background:{COLOURS[s]}"></span>{s}</label>'
        for s in STANCE_ORDER
    )


def page(title: str, aside: str, drawing: Drawing, script: str) -> str:
    """A self-contained page: filters on the left, the SVG inline, plain JavaScript; no outside resources."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<aside>
<h2>Stances</h2>
{_stance_boxes()}
{aside}
</aside>
<div class="picture">
{to_svg(drawing)}</div>
</main>
<script>{script}</script>
</body>
</html>
"""

# --- PNG -----------------------------------------------------------------------


def to_png(drawing: Drawing, scale: float = 2.0) -> bytes:
    """Draw the shapes with matplotlib, one unit a pixel (times ``scale``): PNG bytes."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display needed
        from matplotlib import pyplot
        from matplotlib.patches import Circle, PathPatch, Rectangle
        from matplotlib.path import Path as CurvePath
    except ImportError:
        raise KGError("PNG output needs matplotlib: pip install 'stakeholder-kg[viz]'; "
                      "or write .svg or .html") from None
    figure = pyplot.figure(figsize=(drawing.width / 100, drawing.height / 100), dpi=100 * scale)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, drawing.width)
    axes.set_ylim(drawing.height, 0)  # y grows downwards, as in SVG
    axes.axis("off")
    points = 72 / 100  # a pixel of the layout in font points at 100 dpi
    for shape in drawing.shapes:
        colour = None if shape.stroke == "none" else shape.stroke
        if shape.kind == "rect":
            axes.add_patch(Rectangle((shape.x, shape.y), shape.w, shape.h, facecolor=shape.fill,
                                     edgecolor=colour or "none", alpha=shape.opacity, linewidth=0.5))
        elif shape.kind == "circle":
            axes.add_patch(Circle((shape.x, shape.y), shape.w, facecolor=shape.fill, edgecolor=colour or "none",
                                  linewidth=shape.stroke_width * points, zorder=3))
        elif shape.kind == "line":
            axes.plot([shape.x, shape.w], [shape.y, shape.h], color=colour, linewidth=shape.stroke_width * points,
                      solid_capstyle="butt")
        elif shape.kind == "curve":
            middle = (shape.x + shape.w) / 2
            path = CurvePath([(shape.x, shape.y), (middle, shape.y), (middle, shape.h), (shape.w, shape.h)],
                             [CurvePath.MOVETO, CurvePath.CURVE4, CurvePath.CURVE4, CurvePath.CURVE4])
            axes.add_patch(PathPatch(path, facecolor="none", edgecolor=colour, alpha=shape.opacity,
                                     linewidth=shape.stroke_width * points, capstyle="round"))
        elif shape.kind == "text":
            axes.text(shape.x, shape.y, shape.text, fontsize=shape.size * points,
                      ha={"start": "left", "middle": "center", "end": "right"}[shape.anchor],
                      va="baseline", rotation=-shape.rotate, rotation_mode="anchor",
                      fontweight="bold" if shape.bold else "normal",
                      color=shape.fill if shape.fill != "none" else "#222")
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=100 * scale, facecolor="white")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()
