"""Chinese numerals as used to number sections and tasks (一, 十二, 二十五, 一百零三)."""

from __future__ import annotations

import functools

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


@functools.lru_cache(maxsize=4096)
def chinese_numeral(n: int) -> str:
    """Write a positive integer below 10,000 in Chinese numerals.

    >>> [chinese_numeral(n) for n in (1, 10, 12, 25, 100, 105, 2500)]
    ['一', '十', '十二', '二十五', '一百', '一百零五', '二千五百']
    """
    if not 0 < n < 10000:
        raise ValueError(f"numeral out of range: {n}")
    out: list[str] = []
    rest = n
    zero_pending = False
    for value, name in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            # 十二 rather than 一十二 when the number starts with ten.
            if not (value == 10 and digit == 1 and not out):
                out.append(_DIGITS[digit])
            out.append(name)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def parse_chinese_numeral(text: str) -> int:
    """Read a Chinese numeral written by :func:`chinese_numeral` (or with 两/〇)."""
    text = text.replace("两", "二").replace("〇", "零")
    if not text or any(ch not in _DIGITS + "十百千" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0
    digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        else:
            value = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (digit or 1) * value
            digit = 0
    return total + digit
