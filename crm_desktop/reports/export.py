"""Charts out of the program: PNG bytes for the screen and clipboard, PNG and PDF files."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def png_bytes(figure: Figure, dpi: int = 100) -> bytes:
    """The figure drawn to PNG in memory (Agg; the figure keeps its own canvas)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def save_png(figure: Figure, path: Path | str, dpi: int = 150) -> Path:
    """Write the figure as a PNG file."""
    Path(path).write_bytes(png_bytes(figure, dpi))
    return Path(path)


def save_pdf(figures: Figure | Iterable[Figure], path: Path | str) -> Path:
    """Write one figure, or several as pages, to a PDF with the fonts embedded."""
    from matplotlib.backends.backend_pdf import PdfPages

    pages = [figures] if not isinstance(figures, Iterable) else list(figures)
    with PdfPages(str(path)) as pdf:
        for figure in pages:
            pdf.savefig(figure)
    return Path(path)
