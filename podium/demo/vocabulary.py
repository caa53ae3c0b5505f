"""Word lists and sentence templates for the demo-content generator.

Everything here is plain data in tuples and dicts (never sets), so that every
draw made with ``random.Random`` from these sequences is reproducible.
Templates use ``str.format`` fields that ``podium.demo.names`` fills in.
"""

# --- Geography -------------------------------------------------------------

# (code, name_zh, name_en): the 31 mainland province-level divisions minus 西藏.
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("beijing", "北京", "Beijing"),
    ("tianjin", "天津", "Tianjin"),
    ("hebei", "河北", "Hebei"),
    ("shanxi", "山西", "Shanxi"),
    ("neimenggu", "内蒙古", "Inner Mongolia"),
    ("liaoning", "辽宁", "Liaoning"),
    ("jilin", "吉林", "Jilin"),
    ("heilongjiang", "黑龙江", "Heilongjiang"),
    ("shanghai", "上海", "Shanghai"),
    ("jiangsu", "江苏", "Jiangsu"),
    ("zhejiang", "浙江", "Zhejiang"),
    ("anhui", "安徽", "Anhui"),
    ("fujian", "福建", "Fujian"),
    ("jiangxi", "江西", "Jiangxi"),
    ("shandong", "山东", "Shandong"),
    ("henan", "河南", "Henan"),
    ("hubei", "湖北", "Hubei"),
    ("hunan", "湖南", "Hunan"),
    ("guangdong", "广东", "Guangdong"),
    ("guangxi", "广西", "Guangxi"),
    ("hainan", "海南", "Hainan"),
    ("chongqing", "重庆", "Chongqing"),
    ("sichuan", "四川", "Sichuan"),
    ("guizhou", "贵州", "Guizhou"),
    ("yunnan", "云南", "Yunnan"),
    ("shaanxi", "陕西", "Shaanxi"),
    ("gansu", "甘肃", "Gansu"),
    ("qinghai", "青海", "Qinghai"),
    ("ningxia", "宁夏", "Ningxia"),
    ("xinjiang", "新疆", "Xinjiang"),
)

# Official full names (province_zh -> full name), used by government partners.
PROVINCE_FULL_NAMES: dict[str, str] = {
    "北京": "北京市",
    "天津": "天津市",
    "河北": "河北省",
    "山西": "山西省",
    "内蒙古": "内蒙古自治区",
    "辽宁": "辽宁省",
    "吉林": "吉林省",
    "黑龙江": "黑龙江省",
    "上海": "上海市",
    "江苏": "江苏省",
    "浙江": "浙江省",
    "安徽": "安徽省",
    "福建": "福建省",
    "江西": "江西省",
    "山东": "山东省",
    "河南": "河南省",
    "湖北": "湖北省",
    "湖南": "湖南省",
    "广东": "广东省",
    "广西": "广西壮族自治区",
    "海南": "海南省",
    "重庆": "重庆市",
    "四川": "四川省",
    "贵州": "贵州省",
    "云南": "云南省",
    "陕西": "陕西省",
    "甘肃": "甘肃省",
    "青海": "青海省",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
}

# Municipalities directly under the central government: their "cities" are districts.
MUNICIPALITIES: tuple[str, ...] = ("北京", "天津", "上海", "重庆")

# province_zh -> 2..4 full city (or, for municipalities, district) names.
PROVINCE_CITIES: dict[str, tuple[str, ...]] = {
    "北京": ("北京市", "海淀区", "顺义区", "大兴区"),
    "天津": ("天津市", "滨海新区", "武清区"),
    "河北": ("石家庄市", "唐山市", "保定市", "廊坊市"),
    "山西": ("太原市", "大同市", "长治市"),
    "内蒙古": ("呼和浩特市", "包头市", "鄂尔多斯市"),
    "辽宁": ("沈阳市", "大连市", "鞍山市"),
    "吉林": ("长春市", "吉林市", "四平市"),
    "黑龙江": ("哈尔滨市", "大庆市", "齐齐哈尔市"),
    "上海": ("上海市", "浦东新区", "嘉定区", "松江区"),
    "江苏": ("南京市", "苏州市", "无锡市", "常州市"),
    "浙江": ("杭州市", "宁波市", "温州市", "嘉兴市"),
    "安徽": ("合肥市", "芜湖市", "马鞍山市"),
    "福建": ("福州市", "厦门市", "泉州市"),
    "江西": ("南昌市", "赣州市", "九江市"),
    "山东": ("济南市", "青岛市", "烟台市", "潍坊市"),
    "河南": ("郑州市", "洛阳市", "新乡市"),
    "湖北": ("武汉市", "襄阳市", "宜昌市"),
    "湖南": ("长沙市", "株洲市", "湘潭市"),
    "广东": ("广州市", "深圳市", "东莞市", "佛山市"),
    "广西": ("南宁市", "柳州市", "桂林市"),
    "海南": ("海口市", "三亚市"),
    "重庆": ("重庆市", "渝北区", "永川区"),
    "四川": ("成都市", "绵阳市", "德阳市", "宜宾市"),
    "贵州": ("贵阳市", "遵义市"),
    "云南": ("昆明市", "曲靖市", "玉溪市"),
    "陕西": ("西安市", "宝鸡市", "咸阳市"),
    "甘肃": ("兰州市", "天水市", "酒泉市"),
    "青海": ("西宁市", "海东市"),
    "宁夏": ("银川市", "石嘴山市", "吴忠市"),
    "新疆": ("乌鲁木齐市", "克拉玛依市", "哈密市"),
}

# (code, name_zh, name_en): the four competition regions (赛区).
REGIONS: tuple[tuple[str, str, str], ...] = (
    ("north", "华北赛区", "North China Region"),
    ("east", "华东赛区", "East China Region"),
    ("south", "华南赛区", "South & Central China Region"),
    ("west", "西部赛区", "West China Region"),
)

# province code -> region code.
PROVINCE_REGION: dict[str, str] = {
    # 华北赛区: North and Northeast China
    "beijing": "north",
    "tianjin": "north",
    "hebei": "north",
    "shanxi": "north",
    "neimenggu": "north",
    "liaoning": "north",
    "jilin": "north",
    "heilongjiang": "north",
    # 华东赛区
    "shanghai": "east",
    "jiangsu": "east",
    "zhejiang": "east",
    "anhui": "east",
    "fujian": "east",
    "jiangxi": "east",
    "shandong": "east",
    # 华南赛区: South and Central China
    "henan": "south",
    "hubei": "south",
    "hunan": "south",
    "guangdong": "south",
    "guangxi": "south",
    "hainan": "south",
    # 西部赛区
    "chongqing": "west",
    "sichuan": "west",
    "guizhou": "west",
    "yunnan": "west",
    "shaanxi": "west",
    "gansu": "west",
    "qinghai": "west",
    "ningxia": "west",
    "xinjiang": "west",
}

# --- Industries ------------------------------------------------------------

# (code, name_zh, name_en)
INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("raw_materials", "原材料", "Raw materials"),
    ("consumer_goods", "消费品", "Consumer goods"),
    ("equipment", "装备制造", "Equipment manufacturing"),
    ("electronics", "电子信息", "Electronics and information"),
    ("automotive", "汽车", "Automotive"),
    ("aerospace", "航空航天", "Aerospace"),
    ("shipbuilding", "船舶", "Shipbuilding"),
    ("steel", "钢铁", "Iron and steel"),
    ("nonferrous", "有色金属", "Non-ferrous metals"),
    ("petrochemical", "石化化工", "Petrochemicals and chemicals"),
    ("building_materials", "建材", "Building materials"),
    ("textiles", "纺织服装", "Textiles and apparel"),
    ("food", "食品", "Food"),
    ("pharma", "医药", "Pharmaceuticals"),
    ("light_industry", "轻工", "Light industry"),
    ("energy", "能源电力", "Energy and power"),
    ("mining", "矿业", "Mining"),
    ("construction_machinery", "工程机械", "Construction machinery"),
    ("appliances", "家电", "Home appliances"),
    ("new_materials", "新材料", "New materials"),
    ("semiconductors", "集成电路", "Integrated circuits"),
    ("telecom_equipment", "通信设备", "Telecommunications equipment"),
    ("rail_transit", "轨道交通", "Rail transit"),
    ("logistics", "物流", "Logistics"),
    ("paper_printing", "造纸印刷", "Paper and printing"),
    ("water_environment", "水务环保", "Water and environmental services"),
    ("agriculture", "农业", "Agriculture"),
    ("finance", "金融业", "Finance"),
    ("tourism", "旅游业", "Tourism"),
)

# Industry-specific application scenes (name_zh -> scenes); others use GENERIC_SCENES.
# Scenes read naturally after the industry word: "汽车" + "焊装车间预测性维护".
INDUSTRY_SCENES: dict[str, tuple[str, ...]] = {
    "原材料": ("生产过程优化", "原料配比优化", "能源介质平衡"),
    "消费品": ("柔性定制生产", "产品质量追溯", "需求预测与补货"),
    "装备制造": ("产品远程运维", "装配过程管控", "设备全生命周期管理"),
    "电子信息": ("SMT产线质量管控", "元器件质量追溯", "产线智能排程"),
    "汽车": ("焊装车间预测性维护", "涂装质量检测", "零部件供应链协同", "总装线柔性排产"),
    "航空航天": ("复杂构件协同研制", "发动机健康管理", "装配质量追溯"),
    "船舶": ("分段建造协同", "焊接质量监测", "船舶设计协同"),
    "钢铁": ("高炉炉况诊断", "轧线质量预测", "铁水调度优化", "设备点检"),
    "有色金属": ("电解槽智能监控", "冶炼工艺优化", "能耗精细管理"),
    "石化化工": ("装置安全预警", "管网泄漏监测", "工艺参数寻优"),
    "建材": ("水泥窑炉智能控制", "玻璃缺陷检测", "熟料能耗优化"),
    "纺织服装": ("个性化定制", "印染工艺优化", "纱线质量检测"),
    "食品": ("食品安全追溯", "冷链温控管理", "配方工艺优化"),
    "医药": ("药品生产合规追溯", "GMP洁净车间监控", "批次质量管理"),
    "轻工": ("小批量柔性生产", "包装缺陷检测", "订单协同管理"),
    "能源电力": ("风电机组预测性维护", "光伏电站智能运维", "电网负荷预测"),
    "矿业": ("井下安全监测", "无人驾驶矿卡调度", "选矿流程优化"),
    "工程机械": ("后市场服务", "设备远程监控", "备件需求预测"),
    "家电": ("大规模个性化定制", "总装线质量检测", "用户需求交互"),
    "新材料": ("材料研发数据管理", "工艺窗口优化", "质量一致性控制"),
    "集成电路": ("晶圆缺陷检测", "良率分析", "设备稼动率提升"),
    "通信设备": ("单板测试优化", "生产过程追溯", "产线数字化管控"),
    "轨道交通": ("车辆健康管理", "转向架故障诊断", "检修作业协同"),
    "物流": ("仓储智能调度", "运输路径优化", "多式联运协同"),
    "造纸印刷": ("纸机断纸预警", "印刷色差检测", "制浆能耗优化"),
    "水务环保": ("管网漏损监测", "污水处理药耗优化", "排放在线监测"),
    "农业": ("智慧温室环境控制", "农产品质量溯源", "农机作业调度"),
    "金融业": ("供应链风控", "设备融资租赁风控", "产业链信用评估"),
    "旅游业": ("景区客流预测", "文旅资源数字化", "游客服务协同"),
}

# Service sectors whose titles use only their own scenes (no "旅游设备健康管理").
SCENE_ONLY_INDUSTRIES: tuple[str, ...] = ("金融业", "旅游业")

GENERIC_SCENES: tuple[str, ...] = (
    "设备健康管理",
    "能耗优化",
    "质量检测",
    "供应链协同",
    "安全生产",
    "预测性维护",
    "智能排产",
    "远程运维",
    "工艺参数优化",
    "产品全生命周期管理",
    "碳排放监测",
    "仓储物流调度",
    "生产过程可视化",
    "设备故障诊断",
)

# --- People ----------------------------------------------------------------

SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
    "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
    "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
    "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
    "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
    "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
    "欧阳", "司马", "诸葛", "上官", "东方", "慕容",
)  # fmt: skip

GIVEN_CHARS: tuple[str, ...] = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
    "刚", "桂", "英", "华", "建", "文", "辉", "玲", "鹏", "飞",
    "宇", "浩", "晨", "阳", "欣", "怡", "婷", "雪", "琳", "慧",
    "佳", "嘉", "俊", "峰", "波", "斌", "凯", "博", "宁", "倩",
    "颖", "璐", "瑶", "琪", "萌", "晶", "蕾", "薇", "雯", "彤",
    "昊", "天", "子", "思", "梓", "涵", "轩", "睿", "然", "泽",
    "一", "诺", "晓", "东", "海", "志", "国", "红", "云", "新",
    "春", "永", "光", "庆", "荣", "成", "德", "林", "森", "楠",
    "振", "兴", "立", "亮", "冬", "雨", "雅", "悦", "越", "航",
    "远", "帆", "政", "鑫", "金", "宏", "毅", "锋", "健", "晖",
    "玉", "兰", "梅", "燕", "莉", "丹", "凤", "洁", "翠", "萍",
    "家", "宗", "昌", "旭", "瑞", "祥", "安", "康", "乐", "恒",
    "卓", "豪", "逸", "霖", "皓", "晗", "沐", "菲", "妍", "蓉",
    "君", "岩", "松", "蕊", "茜", "铭", "哲", "源", "清", "琦",
)  # fmt: skip

# --- Enterprises -----------------------------------------------------------

# Two-character brand words (team_name relies on brands being two characters).
ENTERPRISE_BRANDS: tuple[str, ...] = (
    "华创", "智联", "中科", "海纳", "天工", "博远", "凯睿", "精诚", "鼎信", "汇通",
    "瑞联", "恒信", "华腾", "云峰", "众智", "宏图", "远航", "联创", "睿思", "泰华",
    "安泰", "锐思", "北辰", "星河", "金桥", "蓝海", "百川", "数智", "慧达", "信诺",
    "易控", "优创", "迈科", "英博", "博智", "中恒", "亿联", "元亨", "聚力", "同创",
    "景行", "致远", "明道", "智达", "天衡", "九州", "万象", "恒润", "华远", "和信",
    "灵犀", "弘毅", "凌云", "启航", "博纳", "鑫源", "润泽", "铭科", "泓源", "科瑞",
    "东骏", "紫辰", "华迅", "卓控", "云鼎", "创源", "正洋", "嘉禾", "普睿", "辰光",
)  # fmt: skip

ENTERPRISE_BUSINESSES: tuple[str, ...] = (
    "科技", "智能科技", "信息技术", "数字科技", "工业互联网", "智能装备", "自动化",
    "软件", "网络科技", "电子", "数据科技", "机器人", "精密机械", "智造", "云计算",
    "物联网科技", "装备", "电气", "机电", "智能系统", "新材料", "控制技术",
)  # fmt: skip

# Repetition weights the uniform rng.choice towards the common 有限公司.
ENTERPRISE_SUFFIXES: tuple[str, ...] = (
    "有限公司", "有限公司", "有限公司", "有限公司", "有限公司", "有限公司",
    "股份有限公司", "股份有限公司", "集团有限公司",
)  # fmt: skip

RESEARCH_FIELDS: tuple[str, ...] = ("智能制造", "工业互联网", "工业技术", "先进制造", "数字经济")

# Fields: {city} short city, {brand}, {business}, {suffix}, {field}.
ENTERPRISE_TEMPLATES: tuple[str, ...] = (
    "{city}{brand}{business}{suffix}",
    "{city}{brand}{business}{suffix}",
    "{city}{brand}{business}{suffix}",
    "{city}{brand}{business}{suffix}",
    "{city}{brand}{business}{suffix}",
    "{city}{brand}{business}{suffix}",
    "{brand}{business}（{city}）有限公司",
    "{city}{brand}{field}研究院",
)

# --- Technology and projects -----------------------------------------------

TECHNOLOGIES: tuple[str, ...] = (
    "工业互联网平台", "数字孪生", "边缘计算", "5G", "工业大数据", "人工智能",
    "区块链", "机器视觉", "标识解析", "工业App", "低代码", "云边协同",
    "知识图谱", "深度学习", "工业物联网", "时间敏感网络", "增强现实", "工业机理模型",
    "联邦学习", "微服务架构",
)  # fmt: skip

TITLE_PRODUCTS: tuple[str, ...] = (
    "平台", "系统", "解决方案", "服务平台", "管控平台", "一体化平台", "智能管控系统",
    "云平台", "应用系统",
)  # fmt: skip

# Fields: {tech}, {tech2}, {ind} (industry, "业" dropped for 金融业/旅游业), {scene}, {product}.
TITLE_TEMPLATES: tuple[str, ...] = (
    "基于{tech}的{ind}{scene}{product}",
    "面向{ind}的{tech}{scene}{product}",
    "{tech}赋能{ind}{scene}{product}",
    "{ind}{scene}{tech}{product}",
    "融合{tech}与{tech2}的{ind}{scene}{product}",
    "{tech}与{tech2}驱动的{ind}{scene}{product}",
    "{ind}行业{scene}{tech}解决方案",
    "{ind}企业{tech}{scene}应用示范",
    "{ind}{scene}关键技术研究及应用",
    "{ind}产业链{tech}协同{product}",
    "{ind}{scene}智能化改造项目",
)

PAIN_POINTS: tuple[str, ...] = (
    "设备故障难以提前预警",
    "生产数据分散、信息孤岛突出",
    "能耗居高不下",
    "质量波动大且追溯困难",
    "人工巡检效率低",
    "排产高度依赖人工经验",
    "上下游供需信息不对称",
    "安全风险识别滞后",
    "工艺知识难以沉淀复用",
)

# Fields: {enterprise}, {title}, {industry}, {pain}.
SUMMARY_OPENINGS: tuple[str, ...] = (
    "{enterprise}针对{industry}企业{pain}等痛点，建设了“{title}”。",
    "“{title}”由{enterprise}牵头实施，面向{industry}领域{pain}的共性难题。",
    "当前{industry}行业普遍存在{pain}等问题，{enterprise}为此打造了“{title}”。",
    "{enterprise}立足{industry}数字化转型需求，研发“{title}”，着力破解{pain}难题。",
)

# Fields: {tech}, {tech2}, {tech3}.
SUMMARY_TECH: tuple[str, ...] = (
    "项目综合运用{tech}、{tech2}和{tech3}技术，构建覆盖设备、产线与企业的数据采集和分析体系。",
    "方案以{tech}为核心，结合{tech2}实现生产现场数据的实时采集、建模与可视化。",
    "方案采用“云—边—端”架构，通过{tech}与{tech2}打通研发、生产和运维环节的数据链路。",
    "团队自主研发了融合{tech}的工业机理模型库，并引入{tech2}提升分析精度。",
)

# (phrase with {n}, lowest n, highest n)
EFFECT_METRICS: tuple[tuple[str, int, int], ...] = (
    ("设备综合效率提升{n}%", 8, 35),
    ("产品不良率降低{n}%", 10, 60),
    ("单位产品能耗下降{n}%", 5, 25),
    ("非计划停机时间减少{n}%", 15, 70),
    ("运维成本降低{n}%", 10, 45),
    ("订单交付周期缩短{n}%", 10, 40),
    ("库存周转率提高{n}%", 10, 50),
    ("缺陷检测准确率达到{n}%", 95, 99),
    ("人均产值提升{n}%", 8, 30),
    ("年节约成本约{n}万元", 80, 2000),
)

# Fields: {effect}, {effect2}.
SUMMARY_EFFECTS: tuple[str, ...] = (
    "试点应用表明，{effect}，{effect2}。",
    "项目上线运行一年来，{effect}，{effect2}。",
    "经第三方测评，{effect}。",
    "在示范产线上，{effect}，同时{effect2}。",
)

# Optional sentences. Fields: {industry}, {k}, {m}, {a}, {b}.
SUMMARY_EXTRAS: tuple[str, ...] = (
    "目前方案已在{k}家{industry}企业推广应用，累计接入设备{m}台（套）。",
    "平台已连接工业设备超过{m}台，沉淀工业App {a}个。",
    "项目已获得发明专利{a}项、软件著作权{b}项。",
    "下一步，团队将推动方案向产业链上下游延伸，打造可复制、可推广的行业标杆。",
    "项目具备在{industry}同类企业快速复制推广的条件。",
    "未来将进一步深化产学研合作，助力区域制造业高质量发展。",
)

# --- Teams and partners ----------------------------------------------------

# Fields: {short} (brand part of the enterprise), {tech}.
TEAM_TEMPLATES: tuple[str, ...] = (
    "{short}工业互联网团队",
    "{short}{tech}攻关团队",
    "{short}数字化转型创新团队",
    "{short}智能制造项目组",
    "{short}技术研发中心团队",
    "{short}联合创新实验室",
)

# Second two characters of an enterprise core kept in a team's short name.
TEAM_KEEP_SECOND: tuple[str, ...] = ("智能", "科技", "数字", "数据", "软件", "智造", "电子", "网络")

# Fields: {city} full city name, {short} short city name, {brand}, {province_gov}.
PARTNER_NAME_TEMPLATES: dict[str, tuple[str, ...]] = {
    "government": (
        "{city}经济和信息化局",
        "{city}工业和信息化局",
        "{city}科学技术局",
        "{city}发展和改革委员会",
        "{city}人民政府",
        "{province_gov}",
    ),
    "park": (
        "{short}经济技术开发区管委会",
        "{short}高新技术产业开发区管委会",
        "{short}工业互联网产业园",
        "{short}工业互联网小镇",
        "{short}智能制造产业园",
        "{short}数字经济产业园",
        "{short}软件园",
    ),
    "investor": (
        "{brand}创业投资有限公司",
        "{brand}资本管理有限公司",
        "{short}{brand}股权投资基金管理有限公司",
        "{city}产业投资基金有限公司",
        "{short}{brand}天使投资合伙企业（有限合伙）",
    ),
}

# Fields: {industry}, {tech}, {scene}, {money} (万元), {area} (平方米), {count}.
PARTNER_OFFERS: dict[str, tuple[str, ...]] = {
    "government": (
        "对在本地落地的{industry}工业互联网项目给予最高{money}万元资金补贴。",
        "征集{industry}领域{scene}解决方案，优先推荐纳入省级工业互联网试点示范。",
        "协调{count}家本地{industry}龙头企业开放应用场景，并提供{tech}项目配套支持。",
        "为获奖团队提供人才公寓和落户绿色通道；对首年营收超千万元的项目追加奖励。",
    ),
    "park": (
        "提供{area}平方米免租办公及中试场地，优先对接园区内{industry}企业的数字化转型需求。",
        "园区已聚集{count}家{industry}企业，诚邀{tech}方向团队入驻并开展联合验证。",
        "开放园区5G专网和算力中心资源，为{scene}类项目提供一年免费试用。",
        "入驻项目可享受三年房租减免，园区协助申报高新技术企业和专精特新认定。",
    ),
    "investor": (
        "重点关注{industry}领域{tech}方向的早期项目，单笔投资{money}万元至{money2}万元。",
        "寻找具备{scene}落地能力的成长期团队，可提供投资与产业资源对接。",
        "设立{money2}万元工业互联网专项基金，优先投资服务{industry}企业的平台型项目。",
        "关注{tech}核心技术团队，投后可协助对接{count}家以上{industry}企业客户。",
    ),
}

PARTNER_MONEY: tuple[int, ...] = (50, 100, 200, 300, 500)
PARTNER_BIG_MONEY: tuple[int, ...] = (1000, 2000, 3000, 5000, 10000)
PARTNER_AREAS: tuple[int, ...] = (200, 500, 1000, 2000, 5000)

# Non-industry expertise tags for judges and mentors.
EXPERTISE_TOPICS: tuple[str, ...] = (
    "智能制造",
    "工业软件",
    "工业信息安全",
    "数字化转型",
    "产业投资",
    "标准化",
    "商业模式",
    "知识产权",
)
