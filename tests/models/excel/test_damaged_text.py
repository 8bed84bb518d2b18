"""Text already damaged before the import is named with its reason; real text is left alone."""

from __future__ import annotations

import pytest

from crm_desktop.models.excel.damaged_text import damaged_text

DAMAGED = {
    # text: (kind, likely original or None)
    "王??明": ("question_marks", None),  # GBK export lost a character in a name
    "张?明": ("question_marks", None),
    "???": ("question_marks", None),  # a whole note lost
    "北京市??区建国路": ("question_marks", None),
    "Garc?a": ("question_marks", None),  # an accented letter lost
    "李\ufffd明": ("replacement", None),
    "陳\ue610ゅ": ("private_use", None),  # an old system's own character
    "锟斤拷锟斤拷": ("mojibake", None),
    "你好".encode().decode("gbk"): ("mojibake", "你好"),  # UTF-8 read as GBK: 浣犲ソ
    "张三".encode().decode("cp1252", "replace"): ("mojibake", "张三"),  # å¼ ä¸‰
    "Café".encode().decode("cp1252"): ("mojibake", "Café"),  # CafÃ©
    "王小明".encode("gbk").decode("latin-1"): ("mojibake", "王小明"),  # ÍõÐ¡Ã÷
}

REAL = ["好吗??", "真的?", "what?", "多少钱?", "?开头的备注", "会员(??)", "ok ?? 好", "老客户",
        "José García", "Müller", "naïve café", "São Paulo", "Åsa Øberg", "Zoë Ñuñez",
        "𠮷田😀", "林👨\u200d👩\u200d👧", "１２３", "北京市朝阳区建国路88号", "陳大文", "Jos?", "王??"]


@pytest.mark.parametrize("text", sorted(DAMAGED))
def test_damaged_text_is_named_with_its_reason(text: str) -> None:
    found = damaged_text(text)
    assert found is not None
    assert (found.kind, found.repaired) == DAMAGED[text]
    assert found.reason.startswith("文字")


@pytest.mark.parametrize("text", REAL)
def test_real_text_and_near_misses_are_not_flagged(text: str) -> None:
    assert damaged_text(text) is None


def test_in_a_name_any_question_mark_touching_a_character_is_damage() -> None:
    assert damaged_text("王??", name_like=True) is not None
    assert damaged_text("Jos?", name_like=True) is not None
    assert damaged_text("王小明", name_like=True) is None


def test_the_reason_names_the_likely_original() -> None:
    found = damaged_text("浣犲ソ")
    assert found is not None and "（原文可能是“你好”）" in found.reason
