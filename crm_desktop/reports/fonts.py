"""Find a font that draws Chinese, and make matplotlib use it for every chart.

Looks first in the program's own ``resources/fonts`` (a shipped font wins), then
among the system fonts matplotlib knows, by a list of well-known CJK families.
A candidate counts only if its character map really holds common Chinese
characters. Without one, charts still draw, with English labels
(``chart_language``), so no label turns into boxes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crm_desktop.models.language import current_language

log = logging.getLogger(__name__)

PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Sarasa Gothic SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Droid Sans Fallback",
    "Arial Unicode MS",
)
# Characters every chart of ours uses; a CJK font must have all of them.
PROBE = "会员客户消费金额月份等级年龄性别地区满意度投诉元"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@dataclass(frozen=True)
class ChartFont:
    family: str
    path: Path
    index: int  # face within a .ttc collection


def covers(path: Path, text: str) -> bool:
    """True when the font file's character map has every character of ``text``."""
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(str(path)).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(ch) in charmap for ch in text)


def _shipped_fonts() -> list[Path]:
    from crm_desktop.paths import resources_dir

    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


@lru_cache(maxsize=1)
def find_cjk_font() -> ChartFont | None:
    """The font charts use for Chinese, registered with matplotlib; None if there is none."""
    from matplotlib import font_manager

    for path in _shipped_fonts():
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):
            continue
    entries = font_manager.fontManager.ttflist
    shipped = {str(p) for p in _shipped_fonts()}
    ranked = sorted(
        (e for e in entries if e.style == "normal" and e.weight in (400, "normal", "regular")),
        key=lambda e: (
            e.fname not in shipped,
            PREFERRED_FAMILIES.index(e.name) if e.name in PREFERRED_FAMILIES else 99,
        ),
    )
    for entry in ranked:
        if entry.fname not in shipped and entry.name not in PREFERRED_FAMILIES:
            continue
        if covers(Path(entry.fname), PROBE):
            return ChartFont(entry.name, Path(entry.fname), int(getattr(entry, "index", 0)))
    log.warning("No font with Chinese characters found; charts use English labels.")
    return None


@lru_cache(maxsize=1)
def configure_matplotlib() -> ChartFont | None:
    """Agg backend, the CJK font first in every text's family list, ASCII minus signs."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    font = find_cjk_font()
    families = [font.family, "DejaVu Sans"] if font else ["DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = families + [
        f for f in matplotlib.rcParams["font.sans-serif"] if f not in families
    ]
    # U+2212 is missing from some CJK fonts; a hyphen-minus never is.
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.fonttype"] = "none"
    # PDFs keep the default Type 3 glyphs: subsetting a CJK collection as Type 42 took
    # 4× longer here, for the same picture.
    matplotlib.rcParams["pdf.fonttype"] = 3
    return font


def chart_language() -> str:
    """The UI language, unless no CJK font exists: then English, so nothing shows as boxes."""
    language = current_language()
    if language == "zh" and configure_matplotlib() is None:
        return "en"
    return language
