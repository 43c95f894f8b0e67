"""A small pinyin table of the characters residents search for: surnames and common given-name characters.

The PySide6 wheels ship no Qt Virtual Keyboard (and so no pinyin engine); names are what the catalogue
search needs, so a table of name characters covers the task without a full input method.
"""

from __future__ import annotations

TABLE: dict[str, str] = {
    "a": "阿", "ai": "艾爱", "an": "安", "bai": "白柏", "bao": "鲍包宝保", "bei": "贝", "bi": "毕碧", "bin": "斌彬",
    "bing": "冰兵炳", "bo": "波博柏", "cai": "蔡才彩", "cao": "曹", "chang": "常昌长", "chao": "超朝", "chen": "陈晨辰",
    "cheng": "程成诚城", "chun": "春纯", "cui": "崔翠", "da": "大达", "dai": "戴", "dan": "丹", "deng": "邓",
    "di": "狄迪", "ding": "丁定", "dong": "董东冬", "du": "杜", "duan": "段", "fan": "范樊凡", "fang": "方芳",
    "fei": "费飞", "feng": "冯凤峰锋丰", "fu": "傅付福富", "gao": "高", "ge": "葛戈", "gong": "龚", "gu": "顾谷",
    "guan": "关", "guo": "郭国", "han": "韩涵", "hao": "郝浩好", "he": "何贺和", "hong": "洪红宏鸿", "hou": "侯",
    "hu": "胡虎", "hua": "华花", "huang": "黄", "hui": "慧辉惠", "ji": "季纪吉", "jia": "贾佳家嘉", "jian": "建剑健",
    "jiang": "蒋江姜", "jie": "杰洁", "jin": "金晋锦", "jing": "景静晶", "jun": "军俊君", "kang": "康",
    "kong": "孔", "lan": "兰蓝", "lei": "雷磊", "li": "李黎丽立力莉利", "liang": "梁良亮", "lin": "林琳霖",
    "ling": "玲凌", "liu": "刘柳", "long": "龙", "lu": "陆卢鲁路", "luo": "罗骆", "lv": "吕", "ma": "马",
    "mei": "梅美", "meng": "孟", "min": "敏民", "ming": "明", "mo": "莫", "na": "娜", "ni": "倪", "ning": "宁",
    "ou": "欧", "pan": "潘", "peng": "彭鹏", "ping": "平萍", "qian": "钱倩", "qiang": "强",
    "qin": "秦琴", "qing": "青清庆", "qiu": "邱秋", "ren": "任仁", "rong": "荣蓉", "shao": "邵", "shen": "沈申",
    "sheng": "盛胜", "shi": "石史施诗", "shu": "舒淑", "song": "宋松", "su": "苏素", "sun": "孙", "tan": "谭",
    "tang": "唐汤", "tao": "陶涛", "tian": "田天", "ting": "婷亭", "wan": "万", "wang": "王汪", "wei": "魏卫伟薇",
    "wen": "文温", "wu": "吴武伍", "xia": "夏霞", "xiao": "肖萧晓小", "xie": "谢", "xin": "新欣心", "xiu": "秀",
    "xu": "徐许", "xue": "薛雪学", "yan": "严颜燕艳", "yang": "杨阳洋", "yao": "姚", "ye": "叶", "yi": "易毅艺",
    "yin": "尹殷", "ying": "英莹颖", "yong": "永勇", "yu": "于余俞玉宇雨", "yuan": "袁元远", "yue": "岳月",
    "yun": "云芸", "zeng": "曾", "zhang": "张章", "zhao": "赵", "zheng": "郑正", "zhi": "志芝", "zhong": "钟忠",
    "zhou": "周", "zhu": "朱祝", "zhuang": "庄", "zou": "邹",
}

#: Two-character surnames, offered whole.
COMPOUND: dict[str, str] = {"ouyang": "欧阳", "situ": "司徒", "zhuge": "诸葛", "shangguan": "上官"}


def candidates(letters: str, limit: int = 8) -> list[str]:
    """Characters for the syllable typed so far: exact syllable first, then syllables it begins."""
    letters = letters.lower()
    if not letters:
        return []
    exact = [COMPOUND[letters]] if letters in COMPOUND else list(TABLE.get(letters, ""))
    more = [c for syl, chars in sorted(TABLE.items()) if syl != letters and syl.startswith(letters) for c in chars]
    out: list[str] = []
    for c in exact + more:
        if c not in out:
            out.append(c)
    return out[:limit]
