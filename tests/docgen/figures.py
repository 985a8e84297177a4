"""Figures on case pages: the diagrams, screenshots and photos of real case slides,
drawn with the page operations every painter draws (draw.py: TextRun, Line, Box), never
with a field of the record: a figure's text is what the pipeline must leave out.

The `figure` axis (axes.py) says what a volume's cases carry:

- `flow`: boxes with short labels (申請 → 審査 → 交付) joined by arrows;
- `before_after`: a Before and an After panel, a few short lines in each, an arrow between;
- `system`: a system sketch (住民 → LINE → 基幹システム), boxes joined by arrows that carry
  a short label of their own beside the shaft (outside every box);
- `arrows`: the labels of a flow or system sketch with no box drawn around them, joined
  by arrows alone;
- `screenshot_caption`: a picture (a filled frame holding an image-like pattern of filled
  rectangles: a raster image seen as a painter can draw it) with a caption under it
  (▲画面イメージ);
- `mixed`: each case one of the above.

The `picture` axis, when not none, draws in their place (same places, same streams):

- `raster`: a raster image (draw.Image: a PNG drawn in code, a photo or a screenshot),
  with a ▲ caption under it half of the time;
- `text_over_photo`: a photo with a title laid over it (on a band of colour or not);
- `curved`: ovals joined by arrows, a row of chevrons, or two ovals joined by a bent
  connector carrying a label (draw.Shape).

A figure goes where slides keep them: in the picture area right of the 事業の概要 column
of a case's first page (volume.py draws it as a grey box; the figure is drawn on it, as a
diagram on its panel), and, for some cases with a 事業効果・コスト page, also in the room
left under the 事業効果 column. Each case draws from a stream of its own (its id and the
axis value), so a figure changes nothing else the seed draws.
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING

from .draw import ACCENT, INK, PALE, Box, Image, Line, Shape, TextRun, text_width

if TYPE_CHECKING:
    from .volume import VolumeWriter

KINDS = ["flow", "before_after", "system", "screenshot_caption", "arrows"]

FLOW_STEPS = [["申請", "審査", "交付"], ["受付", "確認", "決裁", "通知"], ["予約", "来庁", "手続"], ["入力", "照合", "登録"],
              ["撮影", "解析", "報告"]]
SYSTEM_PARTS = [["住民", "LINE", "基幹システム"], ["職員", "RPA", "財務会計"], ["事業者", "電子申請", "審査システム"],
                ["市民", "AIチャットボット", "FAQ"]]
ARROW_LABELS = ["申請", "連携", "通知", "自動入力", "データ"]
BEFORE = [["紙の申請書", "窓口で受付"], ["手作業で入力", "二重チェック"], ["電話で問合せ", "開庁時間のみ"], ["現地で目視点検"]]
AFTER = [["オンライン申請", "24時間受付"], ["RPAで自動入力"], ["チャットで回答", "夜間・休日も対応"], ["ドローンで撮影", "AIで判定"]]
CAPTIONS = ["▲画面イメージ", "▲システム画面", "▲研修の様子", "▲アプリ画面（イメージ）", "▲操作画面"]
LINE_INK = (0.35, 0.35, 0.35)
PANEL = (1.0, 1.0, 1.0)


def draw_figures(w: "VolumeWriter", rec: dict) -> None:
    """The hook volume.py calls when a case is drawn: its figures, if the layout has any
    (a `picture` value other than none in place of the `figure` axis's)."""
    value = w.layout.figure if w.layout.picture == "none" else w.layout.picture
    if value == "none":
        return
    rng = random.Random(f"figure:{rec['case_id']}:{value}")
    kind = rng.choice(KINDS) if value == "mixed" else value
    p = w.p
    saved = p.page
    area = picture_area(w)
    if area is not None:
        p.page = w.case_pages[0]
        FIGURES[kind](w, rng, *area)
    room = effects_room(w)
    if room is not None and rng.random() < 0.5:
        p.page = room[0]
        FIGURES[rng.choice(KINDS) if value == "mixed" else kind](w, rng, *room[1:])
    p.page = saved


def picture_area(w: "VolumeWriter") -> tuple[float, float, float, float] | None:
    """The picture box volume.py drew on the case's first page (a grey filled box), inset a little."""
    from .volume import PICTURE

    boxes = [op for op in w.p.page_ops[w.case_pages[0]] if isinstance(op, Box) and op.fill == PICTURE]
    if not boxes:
        return None
    b = boxes[-1]
    pad = 0.6 * w.g.body
    return b.x0 + pad, b.top + pad, b.x1 - pad, b.bottom - pad


def effects_room(w: "VolumeWriter") -> tuple[int, float, float, float, float] | None:
    """Room under the 事業効果 column of the case's 事業効果・コスト page (its page index and
    box), when that column ends early enough to hold a figure of six body lines or more."""
    g, L = w.g, w.layout
    marks = {"事業効果", "サービス提供事業者等"}
    pages = [i for i in w.case_pages[1:] if marks <= {_text(op) for op in w.p.page_ops[i]}]
    if not pages:
        return None
    text_w = g.width - 2 * g.margin
    left_w = L.left_share * text_w
    cols = [(g.margin, g.margin + left_w - g.body), (g.margin + left_w + g.body, g.width - g.margin)]
    x0, x1 = cols[0] if L.column_order == "effects-left" else cols[1]
    extents = [_extent(op) for op in w.p.page_ops[pages[0]]]
    used = [b for a, t, c, b in extents if a < x1 and c > x0 and t > w.body_tops[0] - g.body and t < g.body_bottom]
    top = max(used, default=w.body_tops[0]) + 1.5 * g.body
    bottom = g.body_bottom - 0.5 * g.body
    if bottom - top < 6 * g.body:
        return None
    return pages[0], x0, top, x1, min(bottom, top + 0.3 * g.height)


def _text(op) -> str:
    return "".join(t for _, t in op.pieces) if isinstance(op, TextRun) else ""


def _extent(op) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of one operation."""
    if isinstance(op, TextRun):
        return op.x + op.dx, op.top, op.x + op.dx + text_width(_text(op), op.size), op.top + 1.25 * op.size
    if isinstance(op, Line):
        return min(op.x0, op.x1), min(op.y0, op.y1), max(op.x0, op.x1), max(op.y0, op.y1)
    if isinstance(op, Shape):
        xs, ys = [x for x, _ in op.points], [y for _, y in op.points]
        return min(xs), min(ys), max(xs), max(ys)
    assert isinstance(op, (Box, Image))
    return op.x0, op.top, op.x1, op.bottom


# --- the figures: each fills (x0, top, x1, bottom) ------------------------------------


def _label_size(w: "VolumeWriter", rng: random.Random) -> float:
    return rng.choice([0.75, 0.85, 0.95]) * w.g.body


def _centred(w: "VolumeWriter", x0: float, top: float, x1: float, bottom: float, lines: list[str], size: float,
             *, bold: bool = False, color=INK) -> None:
    pitch = 1.25 * size
    y = (top + bottom) / 2 - len(lines) * pitch / 2
    for ln in lines:
        w.p.text((x0 + x1) / 2 - text_width(ln, size) / 2, y, ln, size, bold=bold, color=color)
        y += pitch


def _arrow(w: "VolumeWriter", x0: float, y0: float, x1: float, y1: float, width: float) -> None:
    """A shaft and a two-stroke head at (x1, y1); horizontal or vertical."""
    p = w.p
    p.ops.append(_line(x0, y0, x1, y1, width))
    head = 3.0 * width + 2.0
    if y0 == y1:
        d = head if x1 > x0 else -head
        p.ops.append(_line(x1 - d, y1 - head * 0.6, x1, y1, width))
        p.ops.append(_line(x1 - d, y1 + head * 0.6, x1, y1, width))
    else:
        d = head if y1 > y0 else -head
        p.ops.append(_line(x1 - head * 0.6, y1 - d, x1, y1, width))
        p.ops.append(_line(x1 + head * 0.6, y1 - d, x1, y1, width))


def _line(x0: float, y0: float, x1: float, y1: float, width: float) -> Line:
    return Line(x0, y0, x1, y1, width, LINE_INK)


def _chain(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float, labels: list[str],
           arrow_labels: list[str] | None = None, boxed: bool = True, oval: bool = False) -> None:
    """Boxes with one label each joined by arrows, in a row when they fit, else in a
    column; without `boxed`, the labels alone joined by the arrows; with `oval`, ovals
    (draw.Shape) in place of the boxes."""
    size = _label_size(w, rng)
    n = len(labels)
    radius = rng.choice([0.0, 3.0 * w.p.scale])
    fill = rng.choice([PALE, PANEL, None])
    need = max(text_width(s, size) for s in labels) + 1.5 * size
    gap = max(2.5 * size, 0.6 * need)
    if n * need + (n - 1) * gap <= x1 - x0:
        bw = min((x1 - x0 - (n - 1) * gap) / n, 2.5 * need)
        bh = min(2.6 * size, bottom - top)
        y = (top + bottom) / 2 - bh / 2
        x = x0 + (x1 - x0 - n * bw - (n - 1) * gap) / 2
        for i, label in enumerate(labels):
            if boxed:
                _frame(w, x, y, x + bw, y + bh, fill, radius, oval)
            _centred(w, x, y, x + bw, y + bh, [label], size, bold=rng.random() < 0.5)
            if i < n - 1:
                _arrow(w, x + bw + 0.2 * gap, y + bh / 2, x + bw + 0.8 * gap, y + bh / 2, 1.0 * w.p.scale)
                if arrow_labels:
                    t = arrow_labels[i]
                    s = 0.8 * size
                    w.p.text(x + bw + gap / 2 - text_width(t, s) / 2, y - 1.4 * s, t, s)
            x += bw + gap
        return
    bh = min(2.4 * size, (bottom - top) / (1.8 * n))
    gap = bh * 0.8
    bw = min(x1 - x0, 3 * need)
    x = (x0 + x1) / 2 - bw / 2
    y = top + max(0.0, (bottom - top - n * bh - (n - 1) * gap) / 2)
    for i, label in enumerate(labels):
        if boxed:
            _frame(w, x, y, x + bw, y + bh, fill, radius, oval)
        _centred(w, x, y, x + bw, y + bh, [label], size, bold=rng.random() < 0.5)
        if i < n - 1:
            _arrow(w, x + bw / 2, y + bh + 0.15 * gap, x + bw / 2, y + bh + 0.85 * gap, 1.0 * w.p.scale)
            if arrow_labels:
                s = 0.8 * size
                w.p.text(x + bw / 2 + 0.8 * s, y + bh + gap / 2 - 0.5 * s, arrow_labels[i], s)
        y += bh + gap


def _frame(w: "VolumeWriter", x0: float, top: float, x1: float, bottom: float, fill, radius: float, oval: bool) -> None:
    if oval:
        w.p.shape("ellipse", [(x0, top), (x1, bottom)], fill=fill, stroke=ACCENT, width=0.8 * w.p.scale)
    else:
        w.p.rect(x0, top, x1, bottom, fill=fill, stroke=ACCENT, width=0.8 * w.p.scale, radius=radius)


def flow(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    _chain(w, rng, x0, top, x1, bottom, rng.choice(FLOW_STEPS))


def arrows(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    _chain(w, rng, x0, top, x1, bottom, rng.choice(FLOW_STEPS + SYSTEM_PARTS), boxed=False)


def system(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    parts = rng.choice(SYSTEM_PARTS)
    _chain(w, rng, x0, top, x1, bottom, parts, rng.sample(ARROW_LABELS, len(parts) - 1))


def before_after(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    """Two panels, each a title band (Before / After) over a few short lines, an arrow between."""
    size = _label_size(w, rng)
    k = rng.randrange(len(BEFORE))
    texts = [BEFORE[k], AFTER[k]]
    gap = 3.0 * size
    pw = (x1 - x0 - gap) / 2
    need = max(text_width(s, size) for t in texts for s in t) + 1.2 * size
    band = 1.8 * size
    ph = min(bottom - top, band + (max(len(t) for t in texts) + 1) * 1.25 * size + size)
    y = (top + bottom) / 2 - ph / 2
    if pw < need:  # too narrow side by side: one above the other
        ph = min((bottom - top - gap) / 2, ph)
        boxes = [(x0, top, x1, top + ph), (x0, top + ph + gap, x1, top + 2 * ph + gap)]
    else:
        boxes = [(x0, y, x0 + pw, y + ph), (x1 - pw, y, x1, y + ph)]
    for (bx0, by0, bx1, by1), title, lines in zip(boxes, ["Before", "After"], texts):
        color = (0.5, 0.5, 0.5) if title == "Before" else ACCENT
        w.p.rect(bx0, by0, bx1, by1, fill=PANEL, stroke=color, width=0.8 * w.p.scale)
        w.p.rect(bx0, by0, bx1, by0 + band, fill=color)
        _centred(w, bx0, by0, bx1, by0 + band, [title], size, bold=True, color=(1, 1, 1))
        _centred(w, bx0, by0 + band, bx1, by1, lines, size)
    (a0, at, a1, ab), (b0, bt, b1, bb) = boxes
    if at == bt:
        _arrow(w, a1 + 0.2 * gap, (at + ab) / 2, b0 - 0.2 * gap, (at + ab) / 2, 2.0 * w.p.scale)
    else:
        _arrow(w, (a0 + a1) / 2, ab + 0.2 * gap, (a0 + a1) / 2, bt - 0.2 * gap, 2.0 * w.p.scale)


def screenshot_caption(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    """A picture as painters draw one without an image operation: a frame filled with
    rectangles (a title bar, blocks of colour, grey bars where a screen shows text), and
    a caption centred under it."""
    size = 0.8 * w.g.body
    caption = rng.choice(CAPTIONS)
    pic_bottom = bottom - 1.6 * size
    if pic_bottom - top < 3 * size:
        return
    p = w.p
    p.rect(x0, top, x1, pic_bottom, fill=(0.97, 0.97, 0.97), stroke=(0.6, 0.6, 0.6), width=0.5)
    bar = min(0.12 * (pic_bottom - top), 2 * size)
    p.rect(x0, top, x1, top + bar, fill=(0.2, 0.45, 0.65))
    y = top + bar + 0.5 * size
    while y + size < pic_bottom - 0.5 * size:
        if rng.random() < 0.3:
            h = min(rng.uniform(2, 5) * size, pic_bottom - 0.5 * size - y)
            tone = rng.choice([(0.55, 0.7, 0.55), (0.75, 0.6, 0.5), (0.6, 0.65, 0.8)])
            p.rect(x0 + 0.5 * size, y, x0 + 0.5 * size + rng.uniform(0.3, 0.6) * (x1 - x0), y + h, fill=tone)
            y += h + 0.5 * size
        else:
            p.rect(x0 + 0.5 * size, y, x0 + 0.5 * size + rng.uniform(0.2, 0.9) * (x1 - x0 - size), y + 0.4 * size,
                   fill=(0.78, 0.78, 0.78))
            y += 0.9 * size
    _centred(w, x0, pic_bottom + 0.2 * size, x1, pic_bottom + 1.45 * size, [caption], size)


# --- pictures (the `picture` axis): raster images, text over a photo, curved shapes ----

OVER_PHOTO = [["書かない窓口"], ["スマート窓口", "始動"], ["AI-OCRで", "業務を効率化"], ["オンライン相談"],
              ["ドローン点検"], ["電子申請", "はじめました"]]
CURVED_LABELS = FLOW_STEPS + SYSTEM_PARTS + [["計画", "実行", "評価", "改善"], ["現状把握", "課題整理", "導入"]]


def photo(rng: random.Random, width: float, height: float) -> bytes:
    """A small PNG drawn in code, shaped like the box it fills: a sky, a ground, a few
    blocks of colour (a photo), or a title bar over grey bars (a screenshot)."""
    import io

    from PIL import Image as PILImage, ImageDraw

    px = 96
    size = (px, max(8, round(px * height / max(width, 1.0))))
    im = PILImage.new("RGB", size, (235, 240, 245))
    d = ImageDraw.Draw(im)
    w, h = size
    tone = lambda: tuple(rng.randrange(40, 230) for _ in range(3))  # noqa: E731
    if rng.random() < 0.5:  # a photo
        d.rectangle((0, 0, w, h * 0.55), fill=tone())
        d.rectangle((0, h * 0.55, w, h), fill=tone())
        for _ in range(rng.randrange(2, 5)):
            x, y = rng.uniform(0, w * 0.8), rng.uniform(h * 0.2, h * 0.8)
            d.rectangle((x, y, x + rng.uniform(5, w * 0.3), y + rng.uniform(4, h * 0.3)), fill=tone())
    else:  # a screenshot
        d.rectangle((0, 0, w, h * 0.12), fill=(50, 115, 165))
        y = h * 0.2
        while y < h * 0.9:
            d.rectangle((w * 0.05, y, w * rng.uniform(0.3, 0.95), y + 2), fill=(190, 190, 190))
            y += rng.uniform(4, 9)
    out = io.BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


def raster(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    """A raster image filling the area, with (half of the time) a ▲ caption under it."""
    size = 0.8 * w.g.body
    caption = rng.choice(CAPTIONS) if rng.random() < 0.5 else None
    pic_bottom = bottom - 1.6 * size if caption else bottom
    if pic_bottom - top < 3 * size:
        return
    w.p.image(x0, top, x1, pic_bottom, photo(rng, x1 - x0, pic_bottom - top))
    if caption:
        _centred(w, x0, pic_bottom + 0.2 * size, x1, pic_bottom + 1.45 * size, [caption], size)


def text_over_photo(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    """A photo with a title laid over it (a banner): white or dark, bold or not, centred or
    at its lower left, on a band of colour or on the photo itself."""
    if bottom - top < 3 * w.g.body:
        return
    w.p.image(x0, top, x1, bottom, photo(rng, x1 - x0, bottom - top))
    lines = rng.choice(OVER_PHOTO)
    size = rng.choice([1.0, 1.2, 1.5]) * w.g.body
    while size > 0.7 * w.g.body and max(text_width(s, size) for s in lines) > 0.9 * (x1 - x0):
        size *= 0.9
    pitch = 1.25 * size
    block = len(lines) * pitch
    color = rng.choice([(1, 1, 1), INK])
    if rng.random() < 0.5:
        ty = (top + bottom) / 2 - block / 2
        bx0, bx1 = x0, x1
    else:
        ty = bottom - block - 0.6 * size
        bx0, bx1 = x0, x0 + max(text_width(s, size) for s in lines) + 1.2 * size
    if rng.random() < 0.4:  # a band under the text (a banner's strip)
        w.p.rect(bx0, ty - 0.3 * size, bx1, ty + block + 0.3 * size, fill=(0.2, 0.3, 0.45) if color == (1, 1, 1) else PALE)
    centred = bx1 == x1
    for i, ln in enumerate(lines):
        tx = (x0 + x1) / 2 - text_width(ln, size) / 2 if centred else x0 + 0.6 * size
        w.p.text(tx, ty + i * pitch, ln, size, bold=rng.random() < 0.6, color=color)


def curved(w: "VolumeWriter", rng: random.Random, x0: float, top: float, x1: float, bottom: float) -> None:
    """A diagram of curved and slanted shapes: ovals joined by arrows, a row of chevrons,
    or two ovals joined by a bent connector with a label at its bend."""
    size = _label_size(w, rng)
    labels = rng.choice(CURVED_LABELS)
    stroke = rng.choice([ACCENT, LINE_INK])
    fill = rng.choice([PALE, PANEL, None])
    kind = rng.choice(["ovals", "chevrons", "connector"])
    need = max(text_width(s, size) for s in labels) + 2.0 * size
    n = len(labels)
    if kind == "connector":
        a, b = labels[0], labels[-1]
        ow = min(need + size, (x1 - x0) / 2.2)
        oh = min(2.8 * size, (bottom - top) / 3)
        boxes = [(x0, top, x0 + ow, top + oh), (x1 - ow, bottom - oh, x1, bottom)]
        for (bx0, bt, bx1, bb), label in zip(boxes, (a, b)):
            w.p.shape("ellipse", [(bx0, bt), (bx1, bb)], fill=fill, stroke=stroke, width=0.8 * w.p.scale)
            _centred(w, bx0, bt, bx1, bb, [label], size)
        sx, sy = (boxes[0][0] + boxes[0][2]) / 2, boxes[0][3]
        ex, ey = boxes[1][0], (boxes[1][1] + boxes[1][3]) / 2
        w.p.shape("polyline", [(sx, sy), (sx, ey), (ex, ey)], stroke=LINE_INK, width=1.0 * w.p.scale)
        head = 3.0 * w.p.scale + 2.0
        w.p.shape("polygon", [(ex, ey), (ex - head, ey - 0.6 * head), (ex - head, ey + 0.6 * head)], fill=LINE_INK,
                  stroke=None)
        t = rng.choice(ARROW_LABELS)
        w.p.text(sx + 0.8 * size, ey - 1.5 * size, t, 0.8 * size)
        return
    if kind == "chevrons":
        gap = 0.3 * size
        cw = min((x1 - x0 - (n - 1) * gap) / n, 2.5 * need)
        ch = min(3.0 * size, bottom - top)
        if cw >= need:  # else too narrow for a row: ovals in a column
            y = (top + bottom) / 2 - ch / 2
            tip = min(0.35 * ch, 0.25 * cw)
            x = x0 + (x1 - x0 - n * cw - (n - 1) * gap) / 2
            for i, label in enumerate(labels):
                notch = tip if i else 0.0
                pts = [(x, y), (x + cw - tip, y), (x + cw, y + ch / 2), (x + cw - tip, y + ch), (x, y + ch),
                       (x + notch, y + ch / 2)]
                w.p.shape("polygon", pts, fill=fill or PALE, stroke=stroke, width=0.8 * w.p.scale)
                _centred(w, x + notch, y, x + cw - tip, y + ch, [label], size, bold=rng.random() < 0.5)
                x += cw + gap
            return
    # ovals joined by arrows, in a row when they fit, else in a column
    _chain(w, rng, x0, top, x1, bottom, labels, oval=True)


FIGURES = {"flow": flow, "before_after": before_after, "system": system, "screenshot_caption": screenshot_caption,
           "arrows": arrows, "raster": raster, "text_over_photo": text_over_photo, "curved": curved}
