"""What a file really is, told by its first bytes and (for a zip or OLE file) its parts, not its name.

A PDF, a picture, a Word document or a plain zip renamed ``.xlsx`` gets a
sentence that names what it is; an empty file says it is empty. Only a
workbook (xlsx, xlsb, ods, xls) or text goes on to be read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.encoding import utf16_without_bom

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# (magic at offset 0, Chinese name, English name)
_FOREIGN: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "PDF 文件", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", "a PNG picture"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG picture"),
    (b"GIF87a", "GIF 图片", "a GIF picture"),
    (b"GIF89a", "GIF 图片", "a GIF picture"),
    (b"II*\x00", "TIFF 图片", "a TIFF picture"),
    (b"MM\x00*", "TIFF 图片", "a TIFF picture"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩包", "a gzip archive"),
    (b"{\\rtf", "RTF 文档（Word 等写的）", "an RTF document (as Word writes it)"),
    (b"MZ", "Windows 程序", "a Windows program"),
    (b"\x7fELF", "程序文件", "a program"),
    (b"SQLite format 3\x00", "数据库文件", "a database file"),
)


def refuse_foreign(path: Path, zh_what: str, en_what: str, zh_hint: str = "", en_hint: str = "") -> ValidationError:
    """A file that is something else than a table, named for what it is."""
    return ValidationError(
        "import.not_a_table",
        f"{path.name} 不是表格文件，看起来是{zh_what}，无法导入。"
        + (zh_hint or "请选择会员名单的 .xlsx、.xls、.ods 或 .csv 文件。"),
        f"{path.name} is not a spreadsheet; it looks like {en_what} and cannot be imported. "
        + (en_hint or "Choose the member list's .xlsx, .xls, .ods or .csv file."),
        field="file",
    )


def empty_file(path: Path) -> ValidationError:
    return ValidationError(
        "import.empty",
        f"这个文件是空的（{path.name} 里没有任何内容）。请确认选对了文件，或在原系统中重新导出。",
        f"This file is empty ({path.name} holds nothing). Check that it is the right file, or "
        "export it again from the old system.",
        field="file",
    )


def sniff(path: Path, head: bytes) -> str:
    """The kind of ``path``: "xlsx", "xlsb", "ods", "xls" or "text"; refuses every other kind.

    ``head`` is the file's first bytes (at least 4 KB when the file has them).
    """
    bare = head
    for bom in _BOMS:
        bare = bare.removeprefix(bom)
    if not bare.strip(b" \t\r\n\x00\x1a") and path.stat().st_size <= len(head):
        raise empty_file(path)
    if head.startswith(ZIP_MAGICS):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        return "xls"  # a Word or PowerPoint file is told apart if the workbook reader fails
    for magic, zh, en in _FOREIGN:
        if head.startswith(magic):
            raise refuse_foreign(path, zh, en)
    if b"\x00" in head and not head.startswith(_BOMS[1:]) and utf16_without_bom(head) is None:
        raise refuse_foreign(path, "二进制文件（不是文字）", "a binary file, not text")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise refuse_foreign(
            path,
            "“XML 电子表格 2003”文件",
            'an "XML Spreadsheet 2003" file',
            "请在 Excel 中打开它，另存为 .xlsx 后再导入。",
            "Open it in Excel, save it as .xlsx and import that.",
        )
    return "text"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = {n.replace("\\", "/").lstrip("/").lower() for n in archive.namelist()}
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return "xlsx"  # damaged: the workbook checks say so in their own words
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "_rels/.rels" in names and any(n.endswith(".xml") and "workbook" in n for n in names):
        return "xlsx"
    if mimetype.strip() == _ODS_MIME or ("content.xml" in names and not mimetype):
        return "ods"
    if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise refuse_foreign(path, "Word 文档", "a Word document")
    if "ppt/presentation.xml" in names or b"presentation" in mimetype:
        raise refuse_foreign(path, "PowerPoint 演示文稿", "a PowerPoint presentation")
    if any(n.startswith("xl/") for n in names):
        return "xlsx"  # an xlsx with an unusual layout: the workbook reader decides
    raise refuse_foreign(
        path,
        "一个压缩包（zip），里面没有表格",
        "a zip archive with no workbook in it",
        "如果表格在压缩包里，请先解压，再导入其中的 .xlsx 或 .csv 文件。",
        "If the sheet is inside the archive, unpack it first and import the .xlsx or .csv in it.",
    )


def ole_contents(path: Path) -> str:
    """For an OLE file the workbook reader could not open: "word", "powerpoint", "encrypted" or ""."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    # Directory entries carry their names in UTF-16-LE.
    if "WordDocument".encode("utf-16-le") in data:
        return "word"
    if "PowerPoint Document".encode("utf-16-le") in data:
        return "powerpoint"
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    return ""


def refuse_ole(path: Path, contents: str) -> ValidationError | None:
    """The refusal for an OLE file that is not a workbook, or None when it may be one."""
    if contents == "word":
        return refuse_foreign(path, "Word 文档", "a Word document")
    if contents == "powerpoint":
        return refuse_foreign(path, "PowerPoint 演示文稿", "a PowerPoint presentation")
    return None
