"""Held-out round B (issue 14): 13 tables written with round A, before any detector change.

Round B is the untouched measurement: its per-column errors are looked at once, at the end,
and never used to tune the detectors. Same conventions as ``set_a`` (public vocabularies for the
names; fictitious values; style zh / pinyin / en / meaningless / misleading; ``minors`` tables
describe children under 14).
"""

from __future__ import annotations

_SEX = ["男", "女"]


def tables() -> dict[str, dict]:
    return {
        "b_kindergarten_enrol": {
            "minors": True,
            "columns": [
                ("幼儿姓名", "person.name", "zh", lambda g: g.name()),
                ("身份证件号码", "person.citizen_id", "zh", lambda g: g.child_id()),
                ("性别", "person.sex", "zh", lambda g: g.choice(_SEX)),
                ("出生日期", "person.birth_date", "zh", lambda g: g.child_birth()),
                ("家长姓名", "person.name", "zh", lambda g: g.name()),
                ("家长手机号码", "person.phone", "zh", lambda g: g.mobile()),
                ("家庭住址", "person.address", "zh", lambda g: g.fine_address()),
                ("入园日期", "general.date", "zh", lambda g: g.date("2021-09-01", "2025-09-01")),
                (
                    "过敏史",
                    "person.health",
                    "zh",
                    lambda g: g.choice(["无", "无", "无", "青霉素过敏", "花生过敏", "牛奶蛋白过敏"]),
                ),
            ],
        },
        "b_wifi_access": {
            "minors": False,
            "columns": [
                ("terminal_mac", "person.device", "en", lambda g: g.mac().replace(":", "-")),
                ("client_ip", "person.network", "en", lambda g: g.ipv4()),
                ("imsi", "person.device", "en", lambda g: g.imsi()),
                ("auth_account", "person.network", "en", lambda g: g.login()),
                ("auth_phone", "person.phone", "en", lambda g: g.mobile()),
                ("online_time", "general.date", "en", lambda g: g.datetime()),
                ("ap_location", "person.location", "en", lambda g: g.coord()),
                (
                    "ssid",
                    "general.code",
                    "en",
                    lambda g: g.choice(["i-Hangzhou", "ZJ-GOV-Free", "CMCC-WEB", "Library-Guest"]),
                ),
            ],
        },
        "b_employment_contract": {
            "minors": False,
            "columns": [
                ("劳动者姓名", "person.name", "zh", lambda g: g.name()),
                ("劳动者身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id("1965-01-01", "2004-12-31")),
                ("用人单位名称", "org.name", "zh", lambda g: g.org()),
                ("用人单位统一社会信用代码", "org.uscc", "zh", lambda g: g.uscc()),
                (
                    "工作岗位",
                    "person.occupation",
                    "zh",
                    lambda g: g.choice(["会计", "仓库管理员", "软件工程师", "销售代表", "行政专员"]),
                ),
                ("月工资", "person.property", "zh", lambda g: g.whole(3000, 25000)),
                ("合同起始日期", "general.date", "zh", lambda g: g.date("2018-01-01", "2025-10-31")),
                ("C8", "person.address", "meaningless", lambda g: g.fine_address(True)),
                ("C9", "person.bank_account", "meaningless", lambda g: g.bank_card()),
            ],
        },
        "b_inpatient": {
            "minors": False,
            "columns": [
                ("admission_no", "person.internal_id", "en", lambda g: f"ZY{g.r.randint(10**7, 10**8)}"),
                ("patient_name", "person.name", "en", lambda g: g.name()),
                ("gender", "person.sex", "en", lambda g: g.choice(["1", "2"])),
                ("age", "person.age", "en", lambda g: g.whole(1, 95)),
                ("diag_code", "person.health", "en", lambda g: g.icd10()),
                ("diag_name", "person.health", "en", lambda g: g.diagnosis()),
                ("drug_name", "person.health", "en", lambda g: g.drug()),
                ("discharge_date", "general.date", "en", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("total_cost", "person.property", "en", lambda g: g.money(800, 120000)),
                ("attending_doctor", "person.name", "en", lambda g: g.name()),
            ],
        },
        "b_annual_report": {
            "minors": False,
            "columns": [
                ("统一社会信用代码", "org.uscc", "zh", lambda g: g.uscc()),
                ("企业名称", "org.name", "zh", lambda g: g.org()),
                ("企业联系电话", "org.contact", "zh", lambda g: g.org_landline()),
                ("企业电子邮箱", "org.contact", "zh", lambda g: g.org_email()),
                ("企业通信地址", "org.address", "zh", lambda g: g.address()),
                ("从业人数", "org.registration", "zh", lambda g: g.whole(1, 900)),
                ("营业总收入", "commercial.financial", "zh", lambda g: g.money(10, 90000)),
                ("法定代表人", "org.legal_representative", "zh", lambda g: g.name()),
                ("年报年度", "general.date", "zh", lambda g: g.choice(["2021", "2022", "2023", "2024"])),
            ],
        },
        "b_field_export": {
            "minors": False,
            "columns": [
                ("field_01", "person.name", "meaningless", lambda g: g.name()),
                ("field_02", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
                ("field_03", "person.address", "meaningless", lambda g: g.fine_address(True)),
                ("field_04", "person.location", "meaningless", lambda g: g.coord()),
                ("field_05", "person.health", "meaningless", lambda g: g.diagnosis()),
                ("field_06", "person.network", "meaningless", lambda g: g.login()),
                ("field_07", "person.phone", "meaningless", lambda g: g.mobile()),
                ("field_08", "general.date", "meaningless", lambda g: g.datetime()),
            ],
        },
        "b_misnamed": {
            "minors": False,
            "columns": [
                ("客户姓名", "person.name", "zh", lambda g: g.name()),
                ("序号", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("类型", "person.health", "misleading", lambda g: g.icd10()),
                ("说明", "person.location", "misleading", lambda g: g.geohash()),
                ("name", "person.device", "misleading", lambda g: g.imei()),
                ("amount", "person.phone", "misleading", lambda g: g.mobile()),
                ("flag", "person.email", "misleading", lambda g: g.email()),
                ("desc", "person.address", "misleading", lambda g: g.fine_address()),
            ],
        },
        "b_rural_housing": {
            "minors": False,
            "columns": [
                ("HZXM", "person.name", "pinyin", lambda g: g.name()),
                ("SFZHM", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("FWZL", "person.property", "pinyin", lambda g: g.fine_address()),
                ("XZQMC", "public.division", "pinyin", lambda g: g.county_name()),
                ("JWD", "person.location", "pinyin", lambda g: g.coord()),
                ("JZMJ", "person.property", "pinyin", lambda g: g.money(60, 420)),
                ("LXDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("DJSJ", "general.date", "pinyin", lambda g: g.date("2015-01-01", "2025-10-31")),
            ],
        },
        "b_payroll": {
            "minors": False,
            "columns": [
                ("empNo", "person.internal_id", "en", lambda g: f"E{g.r.randint(10000, 99999)}"),
                ("empName", "person.name", "en", lambda g: g.name()),
                ("idNumber", "person.citizen_id", "en", lambda g: g.citizen_id("1965-01-01", "2004-12-31")),
                ("baseSalary", "person.property", "en", lambda g: g.money(3000, 30000)),
                ("bonus", "person.property", "en", lambda g: g.money(0, 20000)),
                ("socialSecurityBase", "person.property", "en", lambda g: g.whole(4462, 24930)),
                ("bankAccount", "person.bank_account", "en", lambda g: g.bank_card()),
                ("deptName", "person.occupation", "en", lambda g: g.choice(["财务部", "人事部", "技术部", "市场部"])),
            ],
        },
        "b_elderly_care": {
            "minors": False,
            "columns": [
                ("LRXM", "person.name", "pinyin", lambda g: g.name()),
                ("SFZH", "person.citizen_id", "pinyin", lambda g: g.citizen_id("1930-01-01", "1960-12-31")),
                ("NL", "person.age", "pinyin", lambda g: g.whole(65, 100)),
                (
                    "JKZK",
                    "person.health",
                    "pinyin",
                    lambda g: g.choice(["健康", "基本健康", "不健康但生活能自理", "生活不能自理"]),
                ),
                (
                    "ZLNL",
                    "person.health",
                    "pinyin",
                    lambda g: g.choice(["完全自理", "轻度失能", "中度失能", "重度失能"]),
                ),
                ("JJLXR", "person.name", "pinyin", lambda g: g.name()),
                ("JJLXRDH", "person.phone", "pinyin", lambda g: g.mobile()),
                ("JZDZ", "person.address", "pinyin", lambda g: g.fine_address()),
                (
                    "BTJE",
                    "person.property",
                    "pinyin",
                    lambda g: g.choice(["100.00", "200.00", "300.00", "500.00", "800.00"]),
                ),
            ],
        },
        "b_ride_orders": {
            "minors": False,
            "columns": [
                ("order_id", "general.record_id", "en", lambda g: f"{g.r.randint(10**15, 10**16)}"),
                ("passenger_phone", "person.phone", "en", lambda g: g.mobile()),
                ("start_lng", "person.location", "en", lambda g: g.lon()),
                ("start_lat", "person.location", "en", lambda g: g.lat()),
                ("dest_geohash", "person.location", "en", lambda g: g.geohash()),
                ("pickup_address", "person.location", "en", lambda g: g.fine_address()),
                ("fare", "person.property", "en", lambda g: g.money(9, 260)),
                ("order_time", "general.date", "en", lambda g: g.datetime()),
                ("driver_name", "person.name", "en", lambda g: g.name()),
            ],
        },
        "b_air_monitoring": {
            "minors": False,
            "columns": [
                (
                    "监测点名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(
                        ["西溪国控监测站", "千岛湖监测站", "和睦小学监测站", "下沙监测站", "卧龙桥监测站"]
                    ),
                ),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
                ("纬度", "public.geo", "zh", lambda g: g.lat()),
                ("PM25浓度", "general.amount", "zh", lambda g: g.whole(5, 160)),
                ("监测时间", "general.date", "zh", lambda g: g.datetime()),
                ("所在区县", "public.division", "zh", lambda g: g.county_name()),
                ("运维单位", "org.name", "zh", lambda g: g.org()),
                ("运维单位联系电话", "org.contact", "zh", lambda g: g.org_landline()),
            ],
        },
        "b_pupil_health": {
            "minors": True,
            "columns": [
                ("XSXM", "person.name", "pinyin", lambda g: g.name()),
                ("XH", "person.internal_id", "pinyin", lambda g: f"2025{g.r.randint(10000, 99999)}"),
                ("SG", "person.health", "pinyin", lambda g: g.money(110, 165, 1)),
                ("TZ", "person.health", "pinyin", lambda g: g.money(18, 60, 1)),
                ("SL", "person.health", "pinyin", lambda g: g.choice(["4.6", "4.7", "4.8", "4.9", "5.0", "5.1"])),
                ("CSRQ", "person.birth_date", "pinyin", lambda g: g.child_birth()),
                ("JCRQ", "general.date", "pinyin", lambda g: g.date("2025-03-01", "2025-11-30")),
                (
                    "XXMC",
                    "org.name",
                    "pinyin",
                    lambda g: g.choice(["杭州市学军小学", "杭州市天长小学", "宁波市镇明中心小学", "温州市瓦市小学"]),
                ),
            ],
        },
    }
