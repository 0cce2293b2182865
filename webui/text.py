"""Untrusted text shown by elements that render markdown: made literal, so it can never fetch or link anything."""
from __future__ import annotations

import re

import pandas as pd

# Every ASCII punctuation character CommonMark lets a backslash escape: with all of them escaped, register
# text cannot become a link, an image, a heading, emphasis or a Streamlit directive (:red[…], :material/…:).
_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")
# GFM finds bare addresses (http://…, www.…, a@b.cn) in the text after escapes are read, so they are broken
# up with an invisible WORD JOINER instead.
_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")
_JOINER = "\u2060"


def plain(value) -> str:
    """Text from a register, a config file, a file name or a user, made literal for any element that renders
    markdown (titles, captions, messages, expander and button labels); line breaks become spaces."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    text = _AUTOLINK.sub(lambda found: found.group(1)[0] + _JOINER + found.group(1)[1:], " ".join(str(value).split()))
    return _MARKDOWN.sub(r"\\\1", text)
