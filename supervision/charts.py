"""Charts of the 分析报告, drawn with matplotlib (Agg, no display) in a CJK font. A server without matplotlib or
without a CJK font (Debian: fonts-noto-cjk) still gets the report, with the charts left out and a note saying why."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


class ChartsUnavailable(Exception):
    """Charts cannot be drawn here; the message says what to install."""


def _font() -> Any:
    try:
        from matplotlib import font_manager
    except ImportError:
        raise ChartsUnavailable("服务器未安装 matplotlib，图表从略") from None
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path)
    for path in font_manager.findSystemFonts():
        if "CJK" in Path(path).name:
            return font_manager.FontProperties(fname=path)
    raise ChartsUnavailable("服务器未安装中文字体（fonts-noto-cjk），图表从略")


def bar_chart(*, title: str, labels: list[str], values: list[float], unit: str, line: float | None = None,
              line_label: str = "") -> bytes:
    """A horizontal bar chart (one bar per office), PNG bytes."""
    font = _font()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    height = max(2.5, 0.32 * len(labels) + 1.2)
    fig = Figure(figsize=(6.4, height), dpi=150)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    bars = ax.barh(positions, values, color="#3A6EA5")
    ax.set_yticks(positions, labels=labels, fontproperties=font, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, fontproperties=font, fontsize=11)
    ax.set_xlabel(unit, fontproperties=font, fontsize=9)
    for bar, value in zip(bars, values, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:g}", va="center", fontsize=7)
    if line is not None:
        ax.axvline(line, color="#C0392B", linestyle="--", linewidth=1)
        ax.text(line, -0.6, line_label, color="#C0392B", fontproperties=font, fontsize=8, ha="center")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def pie_chart(*, title: str, labels: list[str], values: list[int], colors: list[str]) -> bytes:
    font = _font()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.8, 3.2), dpi=150)
    ax = fig.add_subplot()
    _, texts, autotexts = ax.pie(values, labels=labels, colors=colors, autopct=lambda p: f"{p:.0f}%", startangle=90)
    for t in [*texts, *autotexts]:
        t.set_fontproperties(font)
        t.set_fontsize(8)
    ax.set_title(title, fontproperties=font, fontsize=11)
    fig.tight_layout()
    buffer = BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
