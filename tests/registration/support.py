"""Filled-in registration files, written the way an organiser's spreadsheet program would."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from podium.registration.imports import registration_template

GOOD_ROWS = [
    [
        "星火智造团队",
        "星火工业互联网平台",
        "面向装备制造的工业互联网平台。",
        "领军组",
        "装备制造",
        "浙江",
        None,
        "星火智造有限公司",
        "合作甲有限公司、合作乙有限公司",
        3,
        "5",
        "https://video.example.com/1",
        "张三",
        "zhangsan@example.com",
        "李四",
        "lisi@example.com",
    ],
    [
        "青禾数科团队",
        "青禾农业物联网",
        "农业物联网与数据服务。",
        "新锐组",
        "农业",
        "四川",
        "西部赛区",
        "青禾数科有限公司",
        None,
        None,
        0,
        None,
        "王五",
        "wangwu@example.com",
    ],
]


def filled_template(edition, rows) -> bytes:
    book = load_workbook(io.BytesIO(registration_template(edition)))
    sheet = book["报名表"]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
