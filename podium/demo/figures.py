"""The seed's figures the demo edition is built to reproduce (SPEC §2).

These are targets for the generator only; every figure Podium shows is counted from
the data the generator writes.
"""

SEED = 20201110
TEAMS = 1457
PREVIOUS_TEAMS = 971
PARTICIPANTS = 6853  # 近7000
ENTERPRISES = 2046  # 2000余家
PATENTS = 2745
SOFTWARE_COPYRIGHTS = 5027
LEADER_SHARE = 0.6

# Regional quotas per (region, track) that together give the semi-final's 69 + 31.
REGIONAL_QUOTAS = {
    "north": {"leader": 17, "rookie": 8},
    "east": {"leader": 18, "rookie": 8},
    "south": {"leader": 17, "rookie": 8},
    "west": {"leader": 17, "rookie": 7},
}
FINAL_QUOTAS = {"leader": 14, "rookie": 6}
REVIEWERS_PER_PROJECT = 5
REVIEWER_POOL = 200
PANEL_INDUSTRY_JUDGES = 10
PANEL_INVESTMENT_JUDGES = 3

# Provinces with more industrial-internet activity register more teams.
PROVINCE_WEIGHTS = {
    "zhejiang": 9,
    "guangdong": 8,
    "jiangsu": 8,
    "shandong": 7,
    "beijing": 6,
    "shanghai": 6,
    "sichuan": 4,
    "hubei": 4,
    "fujian": 4,
    "anhui": 4,
    "henan": 4,
    "hunan": 3,
    "chongqing": 3,
    "shaanxi": 3,
    "tianjin": 3,
    "hebei": 3,
    "liaoning": 3,
}
STREAM_PLATFORMS = [
    "大赛官网",
    "官方微信",
    "官方头条号",
    "新华社App",
    "央视频",
    "百度百家号",
    "卡奥斯",
    "浪潮云",
    "腾讯云大学",
    "微吼",
]
