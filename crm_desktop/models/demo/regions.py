"""Where demo customers live: mostly the shop's own city, some from elsewhere.

Province, city and district names are real; streets and house numbers are made up.
The 6-digit codes open the ID numbers of people born there.
"""

from __future__ import annotations

import random

# (province, city, district, area code of the ID number)
HOME_DISTRICTS: tuple[tuple[str, str, str, str], ...] = (
    ("浙江省", "杭州市", "上城区", "330102"),
    ("浙江省", "杭州市", "拱墅区", "330105"),
    ("浙江省", "杭州市", "西湖区", "330106"),
    ("浙江省", "杭州市", "滨江区", "330108"),
    ("浙江省", "杭州市", "萧山区", "330109"),
    ("浙江省", "杭州市", "余杭区", "330110"),
    ("浙江省", "杭州市", "临平区", "330113"),
    ("浙江省", "杭州市", "钱塘区", "330114"),
    ("浙江省", "杭州市", "富阳区", "330111"),
)
OTHER_DISTRICTS: tuple[tuple[str, str, str, str], ...] = (
    ("浙江省", "宁波市", "鄞州区", "330212"),
    ("浙江省", "绍兴市", "越城区", "330602"),
    ("浙江省", "嘉兴市", "南湖区", "330402"),
    ("浙江省", "湖州市", "吴兴区", "330502"),
    ("浙江省", "温州市", "鹿城区", "330302"),
    ("上海市", "上海市", "浦东新区", "310115"),
    ("上海市", "上海市", "徐汇区", "310104"),
    ("江苏省", "苏州市", "姑苏区", "320508"),
    ("江苏省", "南京市", "鼓楼区", "320106"),
    ("安徽省", "合肥市", "蜀山区", "340104"),
    ("江西省", "南昌市", "东湖区", "360102"),
    ("福建省", "福州市", "鼓楼区", "350102"),
    ("北京市", "北京市", "朝阳区", "110105"),
    ("广东省", "广州市", "天河区", "440106"),
    ("广东省", "深圳市", "南山区", "440305"),
    ("四川省", "成都市", "武侯区", "510107"),
    ("湖北省", "武汉市", "洪山区", "420111"),
    ("湖南省", "长沙市", "岳麓区", "430104"),
    ("河南省", "郑州市", "金水区", "410105"),
    ("山东省", "济南市", "历下区", "370102"),
)
STREETS = (
    "文一路", "文二路", "天目山路", "莫干山路", "延安路", "解放路", "庆春路", "凤起路",
    "江南大道", "滨盛路", "建设一路", "人民路", "中山路", "学院路", "古墩路", "丰潭路",
    "余杭塘路", "五常大道", "金城路", "市心路", "东新路", "秋涛路", "望江路", "复兴路",
)
HOME_SHARE = 0.82


def pick_district(rng: random.Random) -> tuple[str, str, str, str]:
    """Most customers live in the shop's city; the rest come from around the country."""
    if rng.random() < HOME_SHARE:
        return HOME_DISTRICTS[int(rng.random() * len(HOME_DISTRICTS))]
    return OTHER_DISTRICTS[int(rng.random() * len(OTHER_DISTRICTS))]


def make_address(rng: random.Random, city: str, district: str) -> str:
    street = STREETS[int(rng.random() * len(STREETS))]
    number = rng.randint(1, 999)
    if rng.random() < 0.6:
        building, room = rng.randint(1, 30), rng.randint(101, 2802)
        return f"{city}{district}{street}{number}号{building}幢{room}室"
    return f"{city}{district}{street}{number}号"
