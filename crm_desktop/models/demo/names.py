"""Chinese names for demo customers: common surnames by frequency, given names by gender.

The pools include surnames whose reading as a surname differs from the common
one (单 shan, 曾 zeng, 解 xie, 仇 qiu), compound surnames (欧阳, 司马) and a few
rare characters (喆, 堃, 𠮷 outside the Basic Multilingual Plane), so search and
export meet them in demo data before they meet them at a real counter.
"""

from __future__ import annotations

import random

from crm_desktop.models.demo.draw import draw, weighted

# (surname, relative frequency)
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 720), ("李", 710), ("张", 690), ("刘", 550), ("陈", 460), ("杨", 320),
    ("黄", 250), ("赵", 230), ("吴", 210), ("周", 200), ("徐", 170), ("孙", 150),
    ("马", 140), ("朱", 135), ("胡", 130), ("郭", 120), ("何", 115), ("林", 110),
    ("高", 110), ("罗", 100), ("郑", 95), ("梁", 90), ("谢", 80), ("宋", 75),
    ("唐", 75), ("许", 70), ("韩", 70), ("冯", 65), ("邓", 65), ("曹", 60),
    ("彭", 60), ("曾", 60), ("肖", 55), ("田", 55), ("董", 50), ("袁", 50),
    ("潘", 48), ("于", 48), ("蒋", 47), ("蔡", 46), ("余", 45), ("杜", 44),
    ("叶", 44), ("程", 43), ("苏", 42), ("魏", 40), ("吕", 40), ("丁", 39),
    ("任", 38), ("沈", 37), ("姚", 36), ("卢", 36), ("姜", 35), ("崔", 34),
    ("钟", 33), ("谭", 32), ("陆", 31), ("汪", 30), ("范", 30), ("金", 29),
    ("石", 28), ("廖", 28), ("贾", 27), ("夏", 27), ("韦", 26), ("付", 26),
    ("方", 25), ("白", 24), ("邹", 24), ("孟", 23), ("熊", 23), ("秦", 22),
    ("邱", 22), ("江", 21), ("尹", 21), ("薛", 20), ("闫", 20), ("段", 19),
    ("雷", 19), ("侯", 18), ("龙", 18), ("史", 17), ("陶", 17), ("黎", 16),
    ("贺", 16), ("顾", 15), ("毛", 15), ("郝", 14), ("龚", 14), ("邵", 13),
    ("万", 13), ("钱", 12), ("严", 12), ("覃", 10), ("单", 10), ("解", 6),
    ("仇", 4), ("查", 4), ("区", 3), ("欧阳", 5), ("司马", 2), ("诸葛", 1),
    ("上官", 1), ("禤", 1), ("佘", 2), ("邝", 2),
)

MALE_CHARS = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发"
    "武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪"
    "心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启"
    "克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘宇轩睿"
)
FEMALE_CHARS = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹"
    "霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶"
    "怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希"
    "宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽诗涵萱"
)
# Rare characters real customers bring to the counter; a handful per thousand names.
RARE_CHARS = ("喆", "堃", "昇", "玥", "赟", "𠮷", "犇", "淼", "垚", "旻")

_SURNAME_TABLE = weighted(SURNAMES)


def make_name(rng: random.Random, gender: str) -> str:
    """A plausible full name: surname plus one (a third of names) or two given characters."""
    surname = draw(rng, _SURNAME_TABLE)
    pool = MALE_CHARS if gender == "M" else FEMALE_CHARS
    first = pool[int(rng.random() * len(pool))]
    if rng.random() < 0.004:
        first = RARE_CHARS[int(rng.random() * len(RARE_CHARS))]
    if len(surname) == 2 or rng.random() < 0.33:
        return surname + first
    return surname + first + pool[int(rng.random() * len(pool))]
