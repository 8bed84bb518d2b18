"""An OpenDocument spreadsheet's content: its real extent, and a clean copy the reader accepts.

The extent counts repeated rows and cells the way the reader expands them, by
namespace rather than by prefix, so a file that spells ``table:`` differently
cannot slip past. The clean copy serves valid files the workbook reader stumbles
on: KSpread/Calligra and other writers indent their XML (the reader then expects
a cell and finds white space), use other prefixes, or leave out the optional
mimetype and manifest. It is rebuilt with the usual prefixes, without the white
space between elements, and read from memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

_SEP = "\x01"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_PREFIXES = {
    _OFFICE: "office",
    _TABLE: "table",
    _TEXT: "text",
    "urn:oasis:names:tc:opendocument:xmlns:style:1.0": "style",
    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0": "fo",
    "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0": "number",
    "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0": "draw",
    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0": "svg",
    "urn:oasis:names:tc:opendocument:xmlns:of:1.2": "of",
    "http://www.w3.org/1999/xlink": "xlink",
    "http://purl.org/dc/elements/1.1/": "dc",
    "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0": "calcext",
}
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _new_parser(on_doctype: Callable[..., None]) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_doctype
    return parser


class OdsExtent:
    """The dense extent an ODS table expands to, counting repeated rows and cells.

    Repeats that hold nothing (LibreOffice pads every sheet with a million empty
    rows) cost the reader nothing and are not counted; repeated values are.
    """

    def __init__(self, on_doctype: Callable[..., None]) -> None:
        self.parser = _new_parser(on_doctype)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.rows = 0  # rows seen so far in the current table, counting repeats
        self.max_rows = 0
        self.max_cols = 0
        self._row_repeat = 1
        self._row_cols = 0
        self._row_used = 0
        self._row_has_value = False
        self._pending_rows = 0

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if not name.startswith(_TABLE):
            return
        local = name[len(_TABLE) + 1 :]
        if local == "table":
            self.rows = 0
            self._pending_rows = 0
        elif local == "table-row":
            self._row_repeat = _count(attrs.get(_TABLE + _SEP + "number-rows-repeated"))
            self._row_cols = 0
            self._row_used = 0
            self._row_has_value = False
        elif local in ("table-cell", "covered-table-cell"):
            self._row_cols += _count(attrs.get(_TABLE + _SEP + "number-columns-repeated"))
            if _OFFICE + _SEP + "value-type" in attrs:
                self._row_has_value = True
                self._row_used = self._row_cols

    def _end(self, name: str) -> None:
        if name != _TABLE + _SEP + "table-row":
            return
        if self._row_has_value:
            self.rows += self._pending_rows + self._row_repeat
            self._pending_rows = 0
            self.max_rows = max(self.max_rows, self.rows)
            self.max_cols = max(self.max_cols, self._row_used)
        else:
            self._pending_rows += self._row_repeat

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.parser.Parse(chunk, final)


def _count(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


class _Rewriter:
    """content.xml again, with the usual prefixes and no white space between elements."""

    def __init__(self, out: io.BytesIO, on_doctype: Callable[..., None]) -> None:
        self.out = out
        self.parser = _new_parser(on_doctype)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.buffer_text = True
        self._open: list[bool] = []  # per open element: does its text matter?
        self._extra: dict[str, str] = {}
        self._root = True

    def _qname(self, name: str) -> str:
        uri, sep, local = name.rpartition(_SEP)
        if not sep:
            return local
        prefix = _PREFIXES.get(uri) or self._extra.setdefault(uri, f"ns{len(self._extra)}")
        return f"{prefix}:{local}"

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        parts = [self._qname(name)]
        parts += [f"{self._qname(key)}={quoteattr(value)}" for key, value in attrs.items()]
        if self._root:
            parts += [f'xmlns:{p}="{uri}"' for uri, p in _PREFIXES.items()]
            self._root = False
        self.out.write(("<" + " ".join(parts) + ">").encode())
        self._open.append(name.startswith(_TEXT + _SEP))

    def _end(self, name: str) -> None:
        self.out.write(f"</{self._qname(name)}>".encode())
        self._open.pop()

    def _text(self, data: str) -> None:
        if data.strip() or (self._open and self._open[-1]):
            self.out.write(escape(data).encode())

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.parser.Parse(chunk, final)


def clean_copy(path: str, on_doctype: Callable[..., None]) -> io.BytesIO:
    """An in-memory ODS the workbook reader accepts, holding ``path``'s content.

    The caller has already checked the archive (bombs, entities, extent).
    """
    content = io.BytesIO()
    with zipfile.ZipFile(path) as archive:
        rewriter = _Rewriter(content, on_doctype)
        content.write(b'<?xml version="1.0" encoding="UTF-8"?>')
        with archive.open("content.xml") as member:
            while chunk := member.read(1 << 20):
                rewriter.feed(chunk)
        rewriter.feed(b"", True)
        names = set(archive.namelist())
        styles = archive.read("styles.xml") if "styles.xml" in names else None
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        out.writestr("META-INF/manifest.xml", _MANIFEST)
        out.writestr("content.xml", content.getvalue())
        if styles is not None:
            out.writestr("styles.xml", styles)
    copy.seek(0)
    return copy
