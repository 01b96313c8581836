"""Held-out round K (issue 14): 13 tables written by someone who was not tuning the detectors and
who read only the catalogue's category ids and descriptions (not its example names, not the
synonym files, not the detector, classifier, structure or names code, not docs/classification.md,
not the tables of rounds B–J beyond their docstrings), committed before the classifier was run on
them and scored once; its per-column errors were never listed.

Domains not used by rounds A–J: marriage registration (婚姻登记) in Chinese, real-estate title
registration (不动产登记) in pinyin initials (YWH, BDCDYH, QLRMC, QLRZJHM, JYJG, DYJE), job-seeker
registration in snake_case (seeker_id, last_employer, employment_status), subsistence assistance
(低保, 特困) in full pinyin (huzhu_xingming, jiuzhu_leibie, jiating_nian_shouru), hotel guest
registration (旅馆业治安管理: LKXM, ZJHM, ZZ, LGMC, RZSJ), veterans' affairs (退役军人, 优抚对象)
in Chinese, public-library loans in camelCase (readerCardNo, isbn, dueDate), a sports-venue
register in snake_case (non-personal), people's mediation (人民调解) cases in Chinese, a youth
swimming-school roster (children under 14) in English, pollutant-discharge permits (排污许可)
in pinyin initials (non-personal), a rental-housing export with meaningless names (col_1, F3,
field_a) and a table with wrong headers (label = what the values are). Every value is fictitious.

Same conventions as ``set_a``: each column is (name, category, style, generator); style is
zh / pinyin / en / meaningless / misleading; a ``minors`` table describes children under 14,
so every personal column in it is sensitive (PIPL Art. 28).
"""

from __future__ import annotations

from . import values as v

_EDU = ["小学", "初中", "高中", "中专", "大专", "本科", "硕士研究生", "博士研究生"]
_JOBS = ["教师", "工程师", "个体工商户", "护士", "公务员", "销售人员", "会计", "快递员", "厨师", "自由职业"]
_ETHNIC = ["汉族", "汉族", "汉族", "汉族", "畲族", "回族", "苗族", "土家族"]
_PRIMARY = ["杭州市学军小学", "杭州市天长小学", "宁波市实验小学", "温州市广场路小学", "嘉兴市实验小学"]
_MEDIATION = [
    "西湖区转塘街道人民调解委员会",
    "余杭区良渚街道人民调解委员会",
    "瑞安市塘下镇人民调解委员会",
    "诸暨市枫桥镇人民调解委员会",
]
_HOTELS = ["杭州西湖国宾馆", "如家酒店杭州武林广场店", "汉庭酒店宁波南站店", "乌镇民宿枕水人家", "义乌国际商务酒店"]
_LIBS = ["浙江图书馆之江馆区", "杭州图书馆", "宁波图书馆新馆", "温州市图书馆", "嘉兴市图书馆"]
_VENUES = [
    "黄龙体育中心游泳馆",
    "杭州奥体中心网球中心",
    "宁波市全民健身中心",
    "温州奥体中心体育馆",
    "西湖区转塘街道百姓健身房",
]


def tables() -> dict[str, dict]:
    return {
        "k_marriage_registration": {
            "minors": False,
            "columns": [
                (
                    "登记编号",
                    "general.record_id",
                    "zh",
                    lambda g: f"HY{g.r.randint(2020, 2025)}{g.r.randint(0, 10**6 - 1):06d}",
                ),
                ("男方姓名", "person.name", "zh", lambda g: g.name()),
                ("男方身份证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id("1960-01-01", "2002-12-31")),
                ("男方职业", "person.occupation", "zh", lambda g: g.choice(_JOBS)),
                ("女方姓名", "person.name", "zh", lambda g: g.name()),
                ("女方身份证件号码", "person.citizen_id", "zh", lambda g: g.citizen_id("1960-01-01", "2003-12-31")),
                ("女方出生日期", "person.birth_date", "zh", lambda g: v.adult_birth(g)),
                ("女方民族", "person.ethnicity", "zh", lambda g: g.choice(_ETHNIC)),
                ("女方文化程度", "person.education", "zh", lambda g: g.choice(_EDU)),
                (
                    "登记类别",
                    "person.marital_status",
                    "zh",
                    lambda g: g.choice(["结婚登记", "结婚登记", "离婚登记", "补领结婚证"]),
                ),
                ("登记机关", "org.name", "zh", lambda g: g.county_name() + "民政局婚姻登记处"),
                ("登记日期", "general.date", "zh", lambda g: g.date("2020-01-01", "2025-11-30")),
            ],
        },
        "k_realestate_title": {
            "minors": False,
            "columns": [
                (
                    "YWH",
                    "general.record_id",
                    "pinyin",
                    lambda g: f"{g.r.randint(2021, 2025)}{g.r.randint(0, 10**8 - 1):08d}",
                ),
                ("BDCDYH", "public.geo", "pinyin", lambda g: v.bdc_unit(g)),
                ("QLRMC", "person.name", "pinyin", lambda g: g.name()),
                ("QLRZJHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("LXDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("GYFS", "general.code", "pinyin", lambda g: g.choice(["单独所有", "共同共有", "按份共有"])),
                (
                    "QLXZ",
                    "general.code",
                    "pinyin",
                    lambda g: g.choice(["市场化商品房", "房改房", "拆迁安置房", "自建房"]),
                ),
                ("JYJG", "person.property", "pinyin", lambda g: g.money(800000, 9000000)),
                ("DYJE", "person.credit", "pinyin", lambda g: g.money(300000, 4000000)),
                ("DJSJ", "general.date", "pinyin", lambda g: g.date("2021-01-01", "2025-11-30")),
                (
                    "DJJG",
                    "org.name",
                    "pinyin",
                    lambda g: g.choice(
                        ["杭州市规划和自然资源局", "宁波市自然资源和规划局", "温州市不动产登记服务中心"]
                    ),
                ),
            ],
        },
        "k_jobseeker": {
            "minors": False,
            "columns": [
                ("seeker_id", "person.internal_id", "en", lambda g: f"QZ{g.r.randint(10**9, 10**10 - 1)}"),
                ("full_name", "person.name", "en", lambda g: g.name()),
                ("id_no", "person.citizen_id", "en", lambda g: g.citizen_id("1965-01-01", "2005-12-31")),
                ("gender", "person.sex", "en", lambda g: g.choice(["男", "女"])),
                ("birth_date", "person.birth_date", "en", lambda g: v.adult_birth(g, "%Y%m%d")),
                ("education_level", "person.education", "en", lambda g: g.choice(_EDU)),
                ("last_employer", "person.occupation", "en", lambda g: g.org()),
                (
                    "employment_status",
                    "person.occupation",
                    "en",
                    lambda g: g.choice(["失业", "失业", "灵活就业", "在职求职", "应届毕业生"]),
                ),
                ("mobile", "person.phone", "en", lambda g: g.mobile()),
                ("register_date", "general.date", "en", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("service_agency", "org.name", "en", lambda g: g.county_name() + "人力资源和社会保障局"),
            ],
        },
        "k_subsistence_assistance": {
            "minors": False,
            "columns": [
                ("jiating_bianhao", "person.internal_id", "pinyin", lambda g: f"DB33{g.r.randint(10**9, 10**10 - 1)}"),
                ("huzhu_xingming", "person.name", "pinyin", lambda g: g.name()),
                ("shenfenzheng_hao", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                (
                    "jiuzhu_leibie",
                    "person.specific_identity",
                    "pinyin",
                    lambda g: g.choice(["最低生活保障", "特困供养", "低保边缘"]),
                ),
                ("yue_baozhangjin", "person.property", "pinyin", lambda g: g.money(300, 1200)),
                ("jiating_nian_shouru", "person.property", "pinyin", lambda g: g.money(0, 20000)),
                ("juzhu_dizhi", "person.address", "pinyin", lambda g: g.fine_address()),
                ("lianxi_dianhua", "person.phone", "pinyin", lambda g: g.mobile()),
                ("yinhang_zhanghao", "person.bank_account", "pinyin", lambda g: g.bank_card()),
                ("suoshu_quxian", "public.division", "pinyin", lambda g: g.county_name()),
                ("shenpi_riqi", "general.date", "pinyin", lambda g: g.date("2022-01-01", "2025-11-30")),
            ],
        },
        "k_hotel_guests": {
            "minors": False,
            "columns": [
                ("LKXM", "person.name", "pinyin", lambda g: g.name()),
                ("XB", "person.sex", "pinyin", lambda g: g.choice(["1", "2"])),
                ("MZ", "person.ethnicity", "pinyin", lambda g: g.choice(["01", "01", "01", "19", "03", "06"])),
                ("CSRQ", "person.birth_date", "pinyin", lambda g: v.adult_birth(g, "%Y%m%d")),
                ("ZJHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("ZZ", "person.address", "pinyin", lambda g: g.fine_address(True)),
                ("LGMC", "org.name", "pinyin", lambda g: g.choice(_HOTELS)),
                ("LGDZ", "org.address", "pinyin", lambda g: g.address()),
                ("RZSJ", "general.date", "pinyin", lambda g: g.datetime("2025-01-01", "2025-11-30")),
                ("LDSJ", "general.date", "pinyin", lambda g: g.datetime("2025-01-02", "2025-12-01")),
            ],
        },
        "k_veterans": {
            "minors": False,
            "columns": [
                ("姓名", "person.name", "zh", lambda g: g.name()),
                ("公民身份号码", "person.citizen_id", "zh", lambda g: g.citizen_id("1945-01-01", "2003-12-31")),
                (
                    "退役军人类别",
                    "person.specific_identity",
                    "zh",
                    lambda g: g.choice(["退役士兵", "军队转业干部", "复员干部", "退休干部"]),
                ),
                (
                    "优抚对象类别",
                    "person.specific_identity",
                    "zh",
                    lambda g: g.choice(["残疾军人", "烈士遗属", "带病回乡退伍军人", "参战退役人员"]),
                ),
                ("安置单位", "person.occupation", "zh", lambda g: g.org()),
                ("抚恤金月额", "person.property", "zh", lambda g: g.money(800, 6000)),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                ("户籍地址", "person.address", "zh", lambda g: g.fine_address()),
                ("所属区县代码", "public.division", "zh", lambda g: v.county_code(g)),
                ("建档日期", "general.date", "zh", lambda g: g.date("2019-01-01", "2025-11-30")),
            ],
        },
        "k_library_loans": {
            "minors": False,
            "columns": [
                ("readerCardNo", "person.internal_id", "en", lambda g: f"330{g.r.randint(10**10, 10**11 - 1)}"),
                ("readerName", "person.name", "en", lambda g: g.name()),
                ("readerMobile", "person.phone", "en", lambda g: g.mobile()),
                ("readerEmail", "person.email", "en", lambda g: g.email()),
                ("isbn", "general.code", "en", lambda g: v.isbn13(g)),
                ("branchName", "org.name", "en", lambda g: g.choice(_LIBS)),
                ("loanTime", "general.date", "en", lambda g: g.datetime("2025-01-01", "2025-10-31")),
                ("dueDate", "general.date", "en", lambda g: g.date("2025-02-01", "2025-12-31")),
                ("loanStatus", "general.code", "en", lambda g: g.choice(["借出", "已还", "已还", "逾期", "续借"])),
            ],
        },
        "k_sports_venues": {
            "minors": False,
            "columns": [
                ("venue_code", "general.record_id", "en", lambda g: f"TYCG{v.county_code(g)}{g.r.randint(1, 999):03d}"),
                ("venue_name", "org.name", "en", lambda g: g.choice(_VENUES)),
                (
                    "sport_type",
                    "general.code",
                    "en",
                    lambda g: g.choice(["游泳", "篮球", "羽毛球", "网球", "足球", "乒乓球"]),
                ),
                ("operator", "org.name", "en", lambda g: g.org()),
                ("operator_uscc", "org.uscc", "en", lambda g: g.uscc()),
                ("contact_phone", "org.contact", "en", lambda g: g.org_landline()),
                ("address", "org.address", "en", lambda g: g.address()),
                ("longitude", "public.geo", "en", lambda g: g.lon()),
                ("latitude", "public.geo", "en", lambda g: g.lat()),
                ("area_sqm", "public.geo", "en", lambda g: g.money(800, 60000, 1)),
                ("capacity", "general.amount", "en", lambda g: g.whole(50, 5000)),
                ("annual_visits", "general.amount", "en", lambda g: g.whole(20000, 900000)),
                (
                    "open_hours",
                    "general.text",
                    "en",
                    lambda g: g.choice(["06:00-22:00", "周一闭馆，其余9:00-21:00", "全天开放"]),
                ),
            ],
        },
        "k_people_mediation": {
            "minors": False,
            "columns": [
                (
                    "案件编号",
                    "general.record_id",
                    "zh",
                    lambda g: f"（{g.r.randint(2023, 2025)}）调字第{g.r.randint(1, 999)}号",
                ),
                ("申请人姓名", "person.name", "zh", lambda g: g.name()),
                ("申请人身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("被申请人姓名", "person.name", "zh", lambda g: g.name()),
                (
                    "纠纷类型",
                    "general.code",
                    "zh",
                    lambda g: g.choice(["婚姻家庭纠纷", "邻里纠纷", "劳动争议", "合同纠纷", "损害赔偿纠纷"]),
                ),
                ("纠纷简要情况", "general.text", "zh", lambda g: v.dispute(g)),
                ("调解组织", "org.name", "zh", lambda g: g.choice(_MEDIATION)),
                ("调解员", "person.name", "zh", lambda g: g.name()),
                (
                    "调解结果",
                    "general.code",
                    "zh",
                    lambda g: g.choice(["调解成功", "调解成功", "调解不成功", "终止调解"]),
                ),
                ("协议金额", "person.property", "zh", lambda g: g.money(500, 80000)),
                ("受理日期", "general.date", "zh", lambda g: g.date("2023-01-01", "2025-11-30")),
            ],
        },
        "k_youth_swim_school": {
            "minors": True,
            "columns": [
                ("student_name", "person.name", "en", lambda g: g.name()),
                ("id_card", "person.citizen_id", "en", lambda g: g.child_id()),
                ("birthday", "person.birth_date", "en", lambda g: g.child_birth()),
                ("sex", "person.sex", "en", lambda g: g.choice(["男", "女"])),
                ("school_name", "person.education", "en", lambda g: g.choice(_PRIMARY)),
                ("guardian_name", "person.name", "en", lambda g: g.name()),
                ("guardian_mobile", "person.phone", "en", lambda g: g.mobile()),
                ("height", "person.health", "en", lambda g: g.money(110, 165, 1)),
                ("weight", "person.health", "en", lambda g: g.money(18, 55, 1)),
                ("allergy_history", "person.health", "en", lambda g: v.allergy(g)),
                ("enrol_date", "general.date", "en", lambda g: g.date("2024-06-01", "2025-09-30")),
            ],
        },
        "k_discharge_permits": {
            "minors": False,
            "columns": [
                ("PWXKZBH", "public.license", "pinyin", lambda g: v.discharge_permit(g)),
                ("DWMC", "org.name", "pinyin", lambda g: g.org()),
                ("TYSHXYDM", "org.uscc", "pinyin", lambda g: g.uscc()),
                ("FDDBR", "org.legal_representative", "pinyin", lambda g: g.name()),
                ("SCJYCSDZ", "org.address", "pinyin", lambda g: g.address()),
                (
                    "HYLB",
                    "org.registration",
                    "pinyin",
                    lambda g: g.choice(["纺织业", "化学原料和化学制品制造业", "金属制品业", "造纸和纸制品业", "电镀"]),
                ),
                ("FZRQ", "general.date", "pinyin", lambda g: g.date("2019-01-01", "2025-11-30")),
                ("JD", "public.geo", "pinyin", lambda g: g.lon()),
                ("WD", "public.geo", "pinyin", lambda g: g.lat()),
            ],
        },
        "k_rental_export": {
            "minors": False,
            "columns": [
                ("col_1", "person.name", "meaningless", lambda g: g.name()),
                ("col_2", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("F3", "person.phone", "meaningless", lambda g: g.mobile()),
                ("F4", "person.marital_status", "meaningless", lambda g: g.choice(["已婚", "未婚", "离婚", "丧偶"])),
                ("field_a", "person.bank_account", "meaningless", lambda g: g.bank_card()),
                ("field_b", "general.date", "meaningless", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("c7", "person.vehicle", "meaningless", lambda g: g.plate()),
                ("c8", "person.property", "meaningless", lambda g: g.money(1200, 9000)),
                ("x9", "person.location", "meaningless", lambda g: g.coord()),
                ("x10", "org.name", "meaningless", lambda g: g.org()),
            ],
        },
        "k_wrong_headers": {
            "minors": False,
            "columns": [
                ("联系人", "person.name", "zh", lambda g: g.name()),
                ("remark", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("org_name", "person.name", "misleading", lambda g: g.name()),
                ("amount", "person.phone", "misleading", lambda g: g.mobile()),
                ("date", "person.email", "misleading", lambda g: g.email()),
                (
                    "status",
                    "person.specific_identity",
                    "misleading",
                    lambda g: g.choice(["低保对象", "特困供养人员", "低保边缘户", "残疾人"]),
                ),
                ("longitude", "person.network", "misleading", lambda g: g.ipv4()),
                ("备注", "person.health", "misleading", lambda g: g.diagnosis()),
                ("编码", "person.bank_account", "misleading", lambda g: g.bank_card()),
                (
                    "phone",
                    "public.postcode",
                    "misleading",
                    lambda g: g.choice(["310012", "310030", "311200", "315100", "325200", "314500", "312000"]),
                ),
                ("姓名", "org.name", "misleading", lambda g: g.org()),
            ],
        },
    }
