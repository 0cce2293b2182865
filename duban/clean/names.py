"""People's names as registers write them: a surname and one or two characters, often with a title beside them.

The reader tells name columns by these (``reading/evidence.py``); cleaning writes a leader's name alone, so
that 张志强, 张志强副院长 and 副院长张志强 in one register are one 分管领导 for the scope, the figures and the map
(``values.leader_names``), and takes a contact person off a unit's name (医务部（张伟）).
"""
from __future__ import annotations

import re

TITLES = ("副市长", "市长", "副区长", "区长", "副县长", "县长", "副院长", "院长", "书记", "副书记", "主任", "副主任",
          "局长", "部长", "处长", "科长", "校长", "副校长", "总经理", "经理", "主席", "同志", "秘书长", "镇长", "乡长")
# the commonest surnames: a two- or three-character text starting with one reads as a person's name
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_SURNAME = rf"(?:[{SURNAMES}]|欧阳|司马|诸葛|上官|东方)"
_TITLED = "|".join(TITLES)
PERSON_NAME = re.compile(rf"^{_SURNAME}[\u4e00-\u9fff]{{1,2}}$")
LEADER_NAME = re.compile(rf"^[{SURNAMES}][\u4e00-\u9fff]{{0,2}}({_TITLED})$|^({_TITLED})[\u4e00-\u9fff]{{2,3}}$")
_RANK = rf"(?:常务|党委|纪委)?(?:{_TITLED})"
_GIVEN = r"(?:(?!副|常务|党委|纪委)[\u4e00-\u9fff])"  # 王副院长: 王 and a title, no given name
_NAME_THEN_TITLE = re.compile(rf"^(?P<name>{_SURNAME}{_GIVEN}{{1,2}}?)\s*[(（]?\s*{_RANK}(?:同志)?\s*[)）]?$")
_TITLE_THEN_NAME = re.compile(rf"^{_RANK}\s*(?P<name>{_SURNAME}{_GIVEN}{{1,2}})$")


# what a register writes in a cell to say "none" (协办科室: 无, /, —): no unit, no leader
NONE_WRITTEN = frozenset({"无", "暂无", "没有", "无需", "不涉及", "空", "无协办", "无协办单位", "无配合单位",
                          "NA", "N/A", "n/a", "none", "None", "NULL", "null"})
# between the names of a cell naming several people (张志强、李明)
BETWEEN_NAMES = re.compile(r"[、,，;；/／\s]+")
_ONLY_DASHES = re.compile(r"^[-－—–_/\\.。·…]+$")


def says_none(text: str) -> bool:
    """A cell text that means nothing is there (无, 暂无, /, —, N/A)."""
    text = text.strip()
    return text in NONE_WRITTEN or bool(_ONLY_DASHES.match(text))


def leader_name(text: object) -> object:
    """张志强 for 张志强副院长, 张志强（副院长）, 副院长张志强 or 张志强同志; None for 无 or /; any other value as it
    is (王副院长 names no one in full, so it stays)."""
    if not isinstance(text, str):
        return text
    if says_none(text):
        return None
    if found := _NAME_THEN_TITLE.match(text) or _TITLE_THEN_NAME.match(text):  # 张志强副院长, 张志强 副院长
        return found["name"]
    if len(names := [name for name in BETWEEN_NAMES.split(text) if name]) > 1:  # 张志强副院长、李明副院长
        return "、".join(name for name in map(leader_name, names) if name is not None) or None
    return text
