"""Fast first checks of a zipped workbook before any parser sees it (the worker's limits are the second line).

Nothing here trusts what the file says about itself: each member is inflated in a stream from its raw
bytes and counted (a local header may declare 100 KB for a member that inflates to a GB), and a
worksheet's reach is every cell reference actually written, however it is written (any quote, any
attribute order, a namespace prefix, lower case), not its <dimension>.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from operator import itemgetter

from duban.errors import ReadError

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a real register unpacks to tens of MB; more is a zip bomb
MAX_CELLS = 30_000_000  # rows x columns a sheet's cells may span
# A cell reference as any attribute r="B12" carries it (rows have r="12", without letters): any quote, any
# attribute order, any namespace prefix on the tag, either case (matched in upper-cased XML). An attribute
# merely ending in r would only make the reach look larger; starting with a literal keeps the scan fast.
_CELL_REF = re.compile(rb"""R\s*=\s*["']\s*([A-Z]{1,4})0*(\d{1,9})""")
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CHUNK = 1 << 20
TOO_FAR = ("有工作表的内容一直延伸到第 {rows} 行、第 {cols} 列（多半是远处误输入了内容），表格范围过大无法读取。"
           "请删除多余的单元格后另存再上传。")
DAMAGED = "文件已损坏（压缩数据有误），无法读取。请在 Excel 中打开并另存为 .xlsx 后重新上传。"
BOMB = "文件解压后超过 512 MB，不像是正常的督办台账（可能已损坏或被恶意构造），已拒绝读取。"


def column_number(letters: bytes) -> int:
    """1 for column A, 27 for AA (any case)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _raw_stream(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The member's compressed bytes as stored after its local header."""
    header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    start = info.header_offset + _LOCAL_HEADER.size + header[-2] + header[-1]
    return data[start:start + info.compress_size]


def _inflated_chunks(data: bytes, info: zipfile.ZipInfo, budget: int):
    """The member's content in chunks, inflated from its raw bytes; stops once more than budget came out."""
    raw = _raw_stream(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        yield raw[:budget + 1]
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ReadError("文件使用了不支持的压缩方式，请在 Excel 中另存为 .xlsx 后重新上传。")
    inflater, given = zlib.decompressobj(-15), 0
    for start in range(0, len(raw), _CHUNK):
        piece = raw[start:start + _CHUNK]
        while piece:
            out = inflater.decompress(piece, _CHUNK)  # never more than a chunk out, however small the input
            given += len(out)
            yield out
            if given > budget or inflater.eof:
                return
            piece = inflater.unconsumed_tail


def guard_workbook(data: bytes, archive: zipfile.ZipFile, budget: int = MAX_UNCOMPRESSED) -> None:
    """Refuse, with a Chinese message, a zipped workbook that inflates past the cap or spans too many cells."""
    for info in archive.infolist():
        worksheet = info.filename.lower().startswith("xl/worksheets/") and info.filename.lower().endswith(".xml")
        rows = cols = 0
        tail = b""
        try:
            for chunk in _inflated_chunks(data, info, budget):
                budget -= len(chunk)
                if budget < 0:
                    raise ReadError(BOMB)
                if worksheet:
                    text = tail + chunk.upper()
                    found = _CELL_REF.findall(text)
                    if found:  # the distinct values first: a sheet has few columns, and rows repeat per cell
                        rows = max(rows, *map(int, set(map(itemgetter(1), found))))
                        cols = max(cols, *map(column_number, set(map(itemgetter(0), found))))
                    tail = text[-200:]
        except (zlib.error, struct.error) as exc:
            raise ReadError(DAMAGED) from exc
        if rows * cols > MAX_CELLS or rows > 1_048_576 or cols > 16_384:
            raise ReadError(TOO_FAR.format(rows=rows, cols=cols))
