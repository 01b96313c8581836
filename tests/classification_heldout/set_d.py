"""Held-out round D (issue 14): 13 tables written after the fixes made from rounds B and C,
committed before they were scored, and scored once at the end.

B and C became development rounds once their errors were read; D measures the final code.
Same conventions as ``set_a`` (public vocabularies for the names; fictitious values; style zh /
pinyin / en / meaningless / misleading; ``minors`` tables describe children under 14).
"""

from __future__ import annotations

import base64


def tables() -> dict[str, dict]:
    return {
        "d_marriage_booking": {
            "minors": False,
            "columns": [
                ("男方姓名", "person.name", "zh", lambda g: g.name()),
                ("男方身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id("1975-01-01", "2000-12-31")),
                ("女方姓名", "person.name", "zh", lambda g: g.name()),
                ("女方身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id("1975-01-01", "2002-12-31")),
                ("预约日期", "general.date", "zh", lambda g: g.date("2025-01-01", "2025-12-31")),
                (
                    "登记机关",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["杭州市西湖区民政局", "宁波市鄞州区民政局", "温州市鹿城区民政局"]),
                ),
                ("联系电话", "person.phone", "zh", lambda g: g.mobile()),
                (
                    "登记类别",
                    "person.marital_status",
                    "zh",
                    lambda g: g.choice(["结婚登记", "结婚登记", "离婚登记", "补领结婚证"]),
                ),
            ],
        },
        "d_traffic_violation": {
            "minors": False,
            "columns": [
                ("HPHM", "person.vehicle", "pinyin", lambda g: g.plate()),
                ("JSRXM", "person.name", "pinyin", lambda g: g.name()),
                ("JSZH", "person.citizen_id", "pinyin", lambda g: g.citizen_id()),
                ("WFSJ", "general.date", "pinyin", lambda g: g.datetime()),
                ("WFDD", "person.location", "pinyin", lambda g: g.fine_address()),
                (
                    "WFXW",
                    "person.criminal_record",
                    "pinyin",
                    lambda g: g.choice(
                        [
                            "机动车违反禁令标志指示",
                            "驾驶机动车违反道路交通信号灯通行",
                            "机动车超速不到20%",
                            "驾车时拨打接听手持电话",
                        ]
                    ),
                ),
                ("FKJE", "person.property", "pinyin", lambda g: g.choice(["50", "100", "150", "200"])),
                ("JF", "general.amount", "pinyin", lambda g: g.choice(["0", "1", "3", "6"])),
            ],
        },
        "d_app_users": {
            "minors": False,
            "columns": [
                ("userId", "person.internal_id", "en", lambda g: str(g.r.randint(10**7, 10**8))),
                ("userName", "person.network", "en", lambda g: g.login()),
                ("realName", "person.name", "en", lambda g: g.name()),
                ("idCardNo", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("mobileNo", "person.phone", "en", lambda g: g.mobile()),
                ("emailAddr", "person.email", "en", lambda g: g.email()),
                ("regIp", "person.network", "en", lambda g: g.ipv4()),
                ("lastLoginTime", "general.date", "en", lambda g: g.datetime()),
                (
                    "androidId",
                    "person.device",
                    "en",
                    lambda g: "".join(g.choice("0123456789abcdef") for _ in range(16)),
                ),
                (
                    "deviceModel",
                    "general.code",
                    "en",
                    lambda g: g.choice(["iPhone 15", "HUAWEI Mate 60", "Xiaomi 14", "OPPO Reno11"]),
                ),
            ],
        },
        "d_property_owners": {
            "minors": False,
            "columns": [
                ("业主姓名", "person.name", "zh", lambda g: g.name()),
                ("业主身份证号", "person.citizen_id", "zh", lambda g: g.citizen_id()),
                ("房屋坐落", "person.property", "zh", lambda g: g.fine_address()),
                ("建筑面积", "public.geo", "zh", lambda g: g.money(45, 260)),
                ("物业费", "person.property", "zh", lambda g: g.money(80, 900)),
                ("车位号", "general.code", "zh", lambda g: f"B{g.r.randint(1, 3)}-{g.r.randint(1, 400):03d}"),
                ("业主电话", "person.phone", "zh", lambda g: g.mobile()),
                ("入住日期", "general.date", "zh", lambda g: g.date("2010-01-01", "2025-10-31")),
            ],
        },
        "d_donations": {
            "minors": False,
            "columns": [
                ("donor_name", "person.name", "en", lambda g: g.name()),
                ("donor_phone", "person.phone", "en", lambda g: g.mobile()),
                ("donor_company", "org.name", "en", lambda g: g.org()),
                ("company_uscc", "org.uscc", "en", lambda g: g.uscc()),
                ("donation_amount", "person.property", "en", lambda g: g.money(10, 50000)),
                ("donate_date", "general.date", "en", lambda g: g.date("2024-01-01", "2025-11-30")),
                ("receipt_no", "general.record_id", "en", lambda g: f"JZ{g.r.randint(10**9, 10**10)}"),
                ("C8", "person.address", "meaningless", lambda g: g.fine_address(True)),
            ],
        },
        "d_export_fields": {
            "minors": False,
            "columns": [
                ("F1", "person.bank_account", "meaningless", lambda g: g.bank_card()),
                ("F2", "person.birth_date", "meaningless", lambda g: g.date("1940-01-01", "2004-12-31")),
                ("F3", "person.phone", "meaningless", lambda g: g.landline()),
                ("F4", "person.name", "meaningless", lambda g: g.name()),
                ("F5", "org.uscc", "meaningless", lambda g: g.uscc()),
                ("F6", "person.ethnicity", "meaningless", lambda g: g.choice(["汉族"] * 12 + ["回族", "畲族", "满族"])),
                (
                    "F7",
                    "person.education",
                    "meaningless",
                    lambda g: g.choice(["大学本科", "大学专科", "普通高中", "初中"]),
                ),
                ("F8", "person.citizen_id", "meaningless", lambda g: g.citizen_id()),
            ],
        },
        "d_misnamed": {
            "minors": False,
            "columns": [
                ("姓名", "person.email", "misleading", lambda g: g.email()),
                ("性别", "person.location", "misleading", lambda g: g.coord()),
                ("备注", "person.bank_account", "misleading", lambda g: g.bank_card()),
                ("联系人", "person.citizen_id", "misleading", lambda g: g.citizen_id()),
                ("status", "person.device", "misleading", lambda g: g.mac()),
                ("note", "person.health", "misleading", lambda g: g.diagnosis()),
            ],
        },
        "d_transit_card": {
            "minors": False,
            "columns": [
                ("card_no", "person.internal_id", "en", lambda g: f"3100{g.r.randint(10**11, 10**12)}"),
                ("holder_name", "person.name", "en", lambda g: g.name()),
                ("holder_id", "person.citizen_id", "en", lambda g: g.citizen_id()),
                ("balance", "person.property", "en", lambda g: g.money(0, 300)),
                ("last_tap_time", "general.date", "en", lambda g: g.datetime()),
                ("last_tap_lnglat", "person.location", "en", lambda g: g.coord()),
                ("card_category", "general.code", "en", lambda g: g.choice(["普通卡", "普通卡", "学生卡", "老年卡"])),
                ("top_up_total", "person.property", "en", lambda g: g.money(0, 3000)),
            ],
        },
        "d_vaccine_stock": {
            "minors": False,
            "columns": [
                (
                    "疫苗名称",
                    "general.code",
                    "zh",
                    lambda g: g.choice(["乙肝疫苗", "流感疫苗", "狂犬病疫苗", "带状疱疹疫苗"]),
                ),
                ("批号", "general.code", "zh", lambda g: f"2025{g.r.randint(10, 99)}{g.r.randint(100, 999)}"),
                ("库存数量", "general.amount", "zh", lambda g: g.whole(0, 3000)),
                ("有效期至", "general.date", "zh", lambda g: g.date("2026-01-01", "2028-12-31")),
                (
                    "接种点名称",
                    "org.name",
                    "zh",
                    lambda g: g.choice(
                        [
                            "西湖区北山街道社区卫生服务中心",
                            "鄞州区姜山镇卫生院",
                            "瑞安市塘下镇中心卫生院",
                            "桐乡市乌镇镇卫生院",
                        ]
                    ),
                ),
                ("接种点地址", "org.address", "zh", lambda g: g.address()),
                ("接种点电话", "org.contact", "zh", lambda g: g.landline()),
                ("经度", "public.geo", "zh", lambda g: g.lon()),
            ],
        },
        "d_subsidy_payments": {
            "minors": False,
            "columns": [
                ("XM", "person.name", "pinyin", lambda g: g.name()),
                ("SFZH", "person.citizen_id", "pinyin", lambda g: g.citizen_id("1940-01-01", "1970-12-31")),
                ("BTLX", "general.code", "pinyin", lambda g: g.choice(["高龄津贴", "养老服务补贴", "护理补贴"])),
                ("BTJE", "person.property", "pinyin", lambda g: g.choice(["100.00", "200.00", "300.00", "500.00"])),
                ("FFRQ", "general.date", "pinyin", lambda g: g.date("2025-01-01", "2025-11-30")),
                (
                    "KHH",
                    "org.name",
                    "pinyin",
                    lambda g: g.choice(["中国工商银行杭州西湖支行", "浙江农商银行", "中国农业银行温州鹿城支行"]),
                ),
                ("YHZH", "person.bank_account", "pinyin", lambda g: g.bank_card()),
            ],
        },
        "d_youth_sports": {
            "minors": True,
            "columns": [
                ("运动员姓名", "person.name", "zh", lambda g: g.name()),
                ("身份证号", "person.citizen_id", "zh", lambda g: g.child_id()),
                ("出生日期", "person.birth_date", "zh", lambda g: g.child_birth()),
                ("性别", "person.sex", "zh", lambda g: g.choice(["男", "女"])),
                (
                    "所在学校",
                    "org.name",
                    "zh",
                    lambda g: g.choice(["杭州市学军小学", "宁波市实验小学", "温州市籀园小学"]),
                ),
                ("参赛项目", "general.code", "zh", lambda g: g.choice(["50米自由泳", "100米跑", "跳远", "乒乓球单打"])),
                ("教练姓名", "person.name", "zh", lambda g: g.name()),
                ("家长电话", "person.phone", "zh", lambda g: g.mobile()),
            ],
        },
        "d_pension": {
            "minors": False,
            "columns": [
                ("retiree_name", "person.name", "en", lambda g: g.name()),
                ("id_no", "person.citizen_id", "en", lambda g: g.citizen_id("1935-01-01", "1965-12-31")),
                ("pension_amount", "person.property", "en", lambda g: g.money(1800, 9000)),
                ("bank_card", "person.bank_account", "en", lambda g: g.bank_card()),
                ("pay_month", "general.date", "en", lambda g: g.date("2024-01-01", "2025-10-31", "%Y-%m")),
                ("status", "general.code", "en", lambda g: g.choice(["正常", "正常", "暂停", "终止"])),
                ("hukou_address", "person.address", "en", lambda g: g.fine_address(True)),
            ],
        },
        "d_gym_access": {
            "minors": False,
            "columns": [
                ("member_no", "person.internal_id", "en", lambda g: f"G{g.r.randint(10**6, 10**7)}"),
                ("face_template", "person.biometric", "en", lambda g: base64.b64encode(g.r.randbytes(48)).decode()),
                ("entry_time", "general.date", "en", lambda g: g.datetime()),
                ("gate", "general.code", "en", lambda g: g.choice(["G1", "G2", "G3"])),
                ("member_phone", "person.phone", "en", lambda g: g.mobile()),
                ("membership_fee", "person.property", "en", lambda g: g.choice(["1999.00", "2999.00", "3999.00"])),
                ("visits", "general.amount", "en", lambda g: g.whole(1, 300)),
            ],
        },
    }
