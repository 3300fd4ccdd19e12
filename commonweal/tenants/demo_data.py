"""Demo data for three Chengdu communities, the data only (no Django), and the demo passwords.

The figures, names, compounds and partners come from the seed documents in /work/shared/seeds/:

- 000_… 佳宏路社区 (狮子山街道): “商居共建”, the “时间银行” points app, the 党建商圈联盟;
- 001_… 督院街社区 (春熙路街道): old compounds, the “三心共筑” model, the shared canteen and
  the 社区微基金;
- 002_… the Tianjin essay: the 70 / 25 / 5 split of outsourced-service income;
- 003_… 枫树社区: the 红枫·社区治理合伙人 model (partners grew from 11 to 41).

Where a seed lacks a figure the value is estimated, and a comment says so. The centre
coordinates (GCJ-02) are approximate real-world estimates, not survey data. The administrators'
names, e-mail addresses and mobile numbers are fictional.

Partner fields:
    kind  "enterprise"   企业/团体合伙人: firms and also 事业单位 (hospitals, schools), which
                         the Fengshu seed groups with them as 团体合伙人;
          "social_org"   社会组织、公益合伙人 and residents' self-governing teams;
          "professional" individual professionals (lawyers, planners, mediators, doctors);
          "craftsman"    社区匠人 (repairers, barbers, tailors).
    tier  "free"         无偿公益 service to residents;
          "low_fee"      低偿 (公益 + 低偿), as the craftsmen, canteens and care providers run;
          "market"       market prices, the partner's public-welfare part given separately.
"""

# Demo passwords are public on purpose: this data exists only on a developer's machine.
PLATFORM_ADMIN = ("platform@demo.commonweal.cn", "commonweal-platform-demo")


def demo_password(slug: str) -> str:
    return f"{slug}-admin-demo"


DEMO_COMMUNITIES = (
    {
        "slug": "fengshu",
        "name": "枫树社区",
        "name_en": "Fengshu Community",
        "city": "成都市",
        "district": "锦江区",
        # The seed gives only 锦江区; 成龙路街道 is from real-world knowledge.
        "subdistrict": "成龙路街道",
        "area_km2": "0.73",
        # 常住人口 “3.3万余人”, 户数 “1.4万余户”: the round figures are used.
        "population": 33000,
        "households": 14000,
        # Approximate (GCJ-02): 成龙大道一段 between the 中环路 and the 三环路.
        "centre_lat": 30.6195,
        "centre_lng": 104.1215,
        "statement": (
            "枫树社区成立于2020年6月,是全国首批完整社区建设试点中成都市唯一入选社区,"
            "以党建引领探索“红枫·社区治理合伙人”模式,治理合伙人从11个增至41个。"
            "希望借助平台管理合伙人资源、志愿积分兑换和安全隐患随手报,持续推进多元共治。"
        ),
        "compounds": [
            "四海逸家.华府",
            "四海逸家.蓝钻",
            "四海逸家.云庭",
            "锦江逸家",
            "鑫苑名家一期",
            "鑫苑名家二期",
            "海棠佳苑",  # 政府保障性住房小区
        ],
        "admin_name": "周雨桐",
        "admin_email": "admin@fengshu.demo.commonweal.cn",
        "admin_phone": "13800000001",
    },
    {
        "slug": "jiahonglu",
        "name": "佳宏路社区",
        "name_en": "Jiahonglu Community",
        "city": "成都市",
        # The seed names 狮子山街道 and 锦江区文体旅局; 狮子山街道 is in 锦江区.
        "district": "锦江区",
        "subdistrict": "狮子山街道",
        "area_km2": "0.31",
        "population": 12375,  # 常住人数; 流动人口 6748 besides (see DEMO_FACTS)
        # Not in the seed: estimated as 12375 / 2.5.
        "households": 4950,
        # Approximate (GCJ-02): 比华利国际城 on 佳宏路 / 静明路, near 大观湖 and 川师.
        "centre_lat": 30.6150,
        "centre_lng": 104.0980,
        "statement": (
            "佳宏路社区是典型的城市商居结合型社区,以“时间银行”志愿服务为载体推进“商居共建”,"
            "居民参与志愿服务获取积分,可兑换辖区13家商家的商品和服务。"
            "希望借助平台管理需求清单、资源清单和任务清单,做到“社区发布任务,商家积极响应”。"
        ),
        "compounds": [
            "比华利一期",
            "比华利二期",
            "比华利三期",
            "大观祥苑",
            "附外雅苑",
        ],
        "admin_name": "陈佳慧",
        "admin_email": "admin@jiahonglu.demo.commonweal.cn",
        "admin_phone": "13800000002",
    },
    {
        "slug": "duyuanjie",
        "name": "督院街社区",
        "name_en": "Duyuanjie Community",
        "city": "成都市",
        "district": "锦江区",
        "subdistrict": "春熙路街道",
        "area_km2": "0.56",
        "population": 21000,  # “超2.1万常住人口”
        "households": 7643,  # “社区实有7643户”
        # Approximate (GCJ-02): 督院街, south-east of 天府广场 in the 春熙路 core.
        "centre_lat": 30.6508,
        "centre_lng": 104.0772,
        "statement": (
            "督院街社区地处成都中心城区核心商圈,53个院落中20年以上老旧院落占78%,"
            "以“三心共筑”模式联动40余家党建联盟单位,形成“居民需求—资源供给—服务落地”闭环。"
            "希望借助平台运行社区共享食堂“公益+低偿/市场”收益反哺和社区微基金公开账目。"
        ),
        # The seed counts 53 居民院落 but names none of them.
        "compounds": [],
        "admin_name": "杨蓉",
        "admin_email": "admin@duyuanjie.demo.commonweal.cn",
        "admin_phone": "13800000003",
    },
)


DEMO_PARTNERS = {
    # 003_…: 红枫·社区治理合伙人.
    "fengshu": [
        {
            "name": "锦欣逸居养老服务公司",
            "kind": "enterprise",
            "tier": "low_fee",
            "description": "入驻1.9万平方米枫树社区综合体的养老服务合伙人,"
            "社区养老服务站曾为生病的独居残疾老人连续7天上门送餐。",
            "offers": ["日间照料", "居家服务", "社区食堂助餐", "上门送餐", "老年教育"],
        },
        {
            "name": "锦城逸景社区卫生服务中心",
            "kind": "enterprise",  # 事业单位, a 团体合伙人
            "tier": "free",
            "description": "入驻枫树社区综合体的医疗合伙人,补齐居民家门口基本医疗的短板。",
            "offers": ["家庭医生上门", "健康体检", "慢性病管理", "儿童保健"],
        },
        {
            "name": "锦江邮政",
            "kind": "enterprise",
            "tier": "low_fee",
            "description": "中国邮政在锦江区的机构,与天府通合作在8个邮政网点和枫树社区增设公交卡代办点。",
            "offers": ["老年卡开卡与年审代办", "学生卡办理", "公交卡充值", "图文办理指南"],
        },
        {
            "name": "成都天府通",
            "kind": "enterprise",
            "tier": "market",
            "description": "经社区牵线与锦江邮政战略合作,把公交卡业务延伸到社区周边网点。",
            "offers": ["公交卡业务授权", "代办人员专项培训"],
        },
        {
            "name": "苗苗家托育公司",
            "kind": "enterprise",
            "tier": "low_fee",
            "description": "入驻枫树社区综合体的托育合伙人,服务辖区占比66%的中青年家庭。",
            "offers": ["0-3岁托育", "儿童托管", "兴趣培养"],
        },
        {
            "name": "一享生活",
            "kind": "enterprise",
            "tier": "low_fee",
            "description": "入驻枫树社区综合体的治理合伙人之一,参与打造一站式便民服务阵地。",
            # The seed names the firm but not its service; these come from the complex's list.
            "offers": ["家政服务", "便民服务站"],
        },
        {
            "name": "成都云公益发展促进会",
            "kind": "social_org",
            "tier": "free",
            "description": "辖区社会组织,其成都云公益组织服务园党组织与枫树社区区域化联建。",
            "offers": ["社会组织孵化", "全龄段公益活动", "居民课堂"],
        },
        {
            "name": "赖老师调解室",
            "kind": "professional",
            "tier": "free",
            "description": "“枫桥经验”枫树调解示范点的三方矛盾调处平台之一。",
            "offers": ["邻里矛盾调解", "物业纠纷调处"],
        },
        {
            "name": "萍妹儿解忧站",
            "kind": "professional",
            "tier": "free",
            "description": "由热心居民骨干组成的矛盾调处平台,让群众“带着怨气来,带着满意走”。",
            "offers": ["矛盾纠纷排查", "邻里调解", "居民倾听"],
        },
        {
            "name": "小宋哥聊天社",
            "kind": "professional",
            "tier": "free",
            "description": "枫树社区三方矛盾调处平台之一,以聊天方式化解居民矛盾。",
            "offers": ["矛盾纠纷化解", "居民谈心"],
        },
        # Generic: the seed mentions 辖区公益律师 but names none.
        {
            "name": "辖区公益律师张律师",
            "kind": "professional",
            "tier": "free",
            "description": "加入矛盾纠纷排查化解主力军的辖区公益律师,构建“家门口”的法治服务体系。",
            "offers": ["法律咨询", "纠纷调解法律支持", "普法讲座"],
        },
        # Generic: the seed mentions 规划师 and the 社区规划师平台 but names none.
        {
            "name": "社区规划师李工",
            "kind": "professional",
            "tier": "free",
            "description": "通过社区规划师平台参与谋划社区发展和完整社区配套建设的专业人才。",
            "offers": ["社区规划咨询", "公共空间设计建议"],
        },
        # Generic craftsmen: the seed describes 社区匠人 (维修工、修补工) without names; they get
        # low-cost space and must give free public-welfare service.
        {
            "name": "社区修鞋匠人王师傅",
            "kind": "craftsman",
            "tier": "low_fee",
            "description": "在社区低偿空间开展小修小补的社区匠人,定期为居民提供免费公益服务。",
            "offers": ["修鞋", "修包", "缝补", "公益维修日"],
        },
        {
            "name": "家电维修匠人刘师傅",
            "kind": "craftsman",
            "tier": "low_fee",
            "description": "入驻社区综合体的家电维修匠人,为居民提供低偿维修并定期免费服务。",
            "offers": ["家电维修", "上门检修", "公益维修日"],
        },
        {
            "name": "社区快剪陈师傅",
            "kind": "craftsman",
            "tier": "low_fee",
            "description": "社区综合体快剪点的匠人,为居民低偿理发并为老人义剪。",
            "offers": ["快剪", "老人义剪"],
        },
    ],
    # 000_…: 美好家园·党建商圈联盟 (first 7 members, 2021-07-07) and the time-bank merchants.
    # The seed says little of what the school, the banks and 链家 offer; their offers are
    # inferred from the alliance's role.
    "jiahonglu": [
        {
            "name": "四川佳宏物业",
            "kind": "enterprise",
            "tier": "free",
            "description": "商居共建牵头单位,响应社区发布的任务清单,及时在时间银行广场安装了座椅。",
            "offers": ["响应任务清单", "公共设施安装", "人居环境整治"],
        },
        {
            "name": "成都锦欣沙河堡医院",
            "kind": "enterprise",
            "tier": "free",
            "description": "美好家园·党建商圈联盟首批成员单位,开展健康讲座和特殊人群义诊。",
            "offers": ["健康知识讲座", "特殊人群义诊"],
        },
        {
            "name": "成都市锦江区锦绣幼儿园",
            "kind": "enterprise",  # 事业单位, an alliance member
            "tier": "free",
            "description": "美好家园·党建商圈联盟首批成员单位,参与社区儿童教育服务。",
            "offers": ["儿童教育活动", "亲子活动"],
        },
        {
            "name": "成都银行沙河堡支行",
            "kind": "enterprise",
            "tier": "market",
            "description": "美好家园·党建商圈联盟首批成员单位,为居民提供身边的银行便捷服务。",
            "offers": ["银行便民服务", "参与商居共建联席会"],
        },
        {
            "name": "光大银行比华利社区银行",
            "kind": "enterprise",
            "tier": "market",
            "description": "开在比华利小区的社区银行,美好家园·党建商圈联盟首批成员单位。",
            "offers": ["社区银行服务", "参与商居共建联席会"],
        },
        {
            "name": "吉百汇超市川师店",
            "kind": "enterprise",
            "tier": "market",
            "description": "原步步高超市川师店,美好家园·党建商圈联盟首批成员单位,参与公益捐赠和积分兑换。",
            "offers": ["慈善公益捐赠", "志愿积分兑换"],
        },
        {
            "name": "四川链家房地产经纪有限公司佳宏北路分公司",
            "kind": "enterprise",
            "tier": "market",
            "description": "美好家园·党建商圈联盟首批成员单位,参与商居共建联席会议。",
            "offers": ["参与商居共建联席会", "响应任务清单"],
        },
        {
            "name": "红旗连锁",
            "kind": "enterprise",
            "tier": "market",
            "description": "入驻时间银行兑换平台的大型企业,利用7*24小时门店提供延时服务和兑换服务。",
            "offers": ["时间银行积分兑换", "商品优惠券", "延时便民服务"],
        },
        {
            "name": "华西奶业",
            "kind": "enterprise",
            "tier": "market",
            "description": "入驻时间银行兑换平台的大型企业,为居民提供延时服务和积分兑换。",
            "offers": ["时间银行积分兑换", "延时便民服务"],
        },
        {
            "name": "伊利奶业",
            "kind": "enterprise",
            "tier": "market",
            "description": "入驻时间银行兑换平台的大型企业之一。",
            "offers": ["时间银行积分兑换", "商品优惠券"],
        },
        {
            "name": "金科物业",
            "kind": "enterprise",
            "tier": "free",
            "description": "商居共建成员,协助社区走访入户、制定方案,推动大观苑地面非机动车棚建成。",
            "offers": ["入户征集意见", "制定整改方案", "设施改造"],
        },
        {
            "name": "“小狮妹”老党员工作室",
            "kind": "social_org",
            "tier": "free",
            "description": "联动成都市老干局落地社区的老党员工作室,通过坝坝会、邻里议事厅协调居民矛盾。",
            "offers": ["民主协商", "邻里议事", "矛盾协调"],
        },
        # Generic: the seed mentions 社区律师 and 律师事务所 but names none.
        {
            "name": "社区律师赵律师",
            "kind": "professional",
            "tier": "free",
            "description": "为居民协商活动提供法律咨询的社区律师,开展居民法律培训和邻里矛盾调处。",
            "offers": ["法律咨询", "居民法律培训", "邻里矛盾调处"],
        },
        # Generic craftsmen: the seed says merchants give seniors 义剪、缝补、修理 and runs a
        # “匠人集中地”, without names.
        {
            "name": "社区义剪匠人孙师傅",
            "kind": "craftsman",
            "tier": "free",
            "description": "时间银行兑换平台上的辖区商铺匠人,定期为社区老年人义剪。",
            "offers": ["老年人义剪"],
        },
        {
            "name": "缝补修理匠人何师傅",
            "kind": "craftsman",
            "tier": "low_fee",
            "description": "“匠人集中地”的社区匠人,定期为老年人提供缝补、修理等公益服务。",
            "offers": ["缝补", "小家电修理", "公益维修日"],
        },
    ],
    # 001_…: 督院街社区党建联盟, 同心小站, 创督院·公益+.
    "duyuanjie": [
        {
            "name": "乡村基",
            "kind": "enterprise",
            "tier": "low_fee",
            "description": "“社区共享食堂”链接的企业资源,以“公益+低偿/市场”模式运营,部分收益反哺社区微基金。",
            "offers": ["社区共享食堂", "老年人低偿助餐", "部分收益反哺社区微基金"],
        },
        {
            "name": "成师附小",
            "kind": "enterprise",  # 事业单位, a 党建联盟 member
            "tier": "free",
            "description": "督院街社区党建联盟成员单位,为社区提供教育资源。",
            "offers": ["青少年课外辅导", "兴趣培养", "场地开放"],
        },
        {
            "name": "人大代表工作室",
            "kind": "professional",
            "tier": "free",
            "description": "入驻“同心小站”,在电梯加装等民生工程中协调各方利益、化解矛盾纠纷。",
            "offers": ["法律咨询", "政策解读", "民情收集", "矛盾调处"],
        },
        # Generic: the seed mentions the 专业社会组织 running 同心小站 without a name.
        {
            "name": "同心小站运营社会组织",
            "kind": "social_org",
            "tier": "free",
            "description": "引入“同心小站”的专业社会组织,为社区自组织和自治队伍提供专业方法支持。",
            "offers": ["议事规则培训", "项目设计", "资源链接"],
        },
        {
            "name": "“春熙嬢嬢”志愿服务队",
            "kind": "social_org",
            "tier": "free",
            "description": "党组织引领孵化的群众性自治组织,定期上门探访独居、空巢老人和困难群众。",
            "offers": ["上门探访", "生活帮扶", "心理慰藉"],
        },
        {
            "name": "“督院雏鹰”青少年志愿服务队",
            "kind": "social_org",
            "tier": "free",
            "description": "社区孵化的青少年志愿服务队,参与社区环保和文化宣传活动。",
            "offers": ["社区环保活动", "文化宣传", "关爱特殊群体"],
        },
        {
            "name": "院落居民自管小组",
            "kind": "social_org",
            "tier": "free",
            "description": "嵌入党员和微网格员的院落自治组织,负责老旧院落的日常管理和“美院子”微更新。",
            "offers": ["环境卫生监督", "设施维护", "院落微更新参与"],
        },
        # Generic: the seed counts a 商户联盟 among the 18 kinds of actors but does not name it.
        {
            "name": "督院街商户联盟",
            "kind": "enterprise",
            "tier": "market",
            "description": "辖区临街商户组成的联盟,为“创督院·公益+”活动和便民服务圈提供商家服务。",
            "offers": ["便民商业服务", "公益活动支持"],
        },
        # Generic professionals and craftsman of the “创督院·公益+” micro-services, unnamed in
        # the seed.
        {
            "name": "义诊医生吴医生",
            "kind": "professional",
            "tier": "free",
            "description": "参加“创督院·公益+”系列活动的专业人士,为居民提供健康义诊。",
            "offers": ["健康义诊", "健康咨询"],
        },
        {
            "name": "公益律师郑律师",
            "kind": "professional",
            "tier": "free",
            "description": "参加“创督院·公益+”系列活动的专业人士,为居民提供法律咨询。",
            "offers": ["法律咨询"],
        },
        {
            "name": "家电维修匠人黄师傅",
            "kind": "craftsman",
            "tier": "low_fee",
            "description": "参加“创督院·公益+”系列活动的社区匠人,为老旧院落居民提供家电维修。",
            "offers": ["家电维修", "公益维修日"],
        },
    ],
}


# Notable figures per community, for later features (dashboards, seed scripts, copy). Counts are
# ints, percentages are numbers of per cent, dates are ISO strings. "tianjin" is not a tenant
# slug: it holds the essay's model revenue split.
DEMO_FACTS = {
    # 003_… (枫树社区).
    "fengshu": {
        "founded": "2020-06",
        "compounds": 7,
        "youth_and_middle_age_share_pct": 66,  # 中青年占比
        "old_and_young_share_pct": 34,  # “一老一小”占比
        "age_18_to_40_share_pct": 39.7,
        "college_educated_share_pct": 36.5,
        "party_members": 520,
        "mobile_party_members": 114,
        "grid_party_branches": 13,
        "new_sector_party_branches": 4,  # 两新党支部
        "general_grids": 13,
        "dedicated_grids": 7,
        "micro_grids": 52,
        "units_in_area": 34,  # 企事业单位
        "partners_initial": 11,
        "partners_now": 41,
        "grid_special_actions": 25,  # 燃气安全排查等专项行动
        "grid_reports": 2352,  # 微网格上报信息
        "hazards_handled": 225,  # 处置安全隐患
        "party_willing_pct": 91.9,  # 党员、共建单位愿意参加社区治理
        "party_volunteers": 130,  # of whom 10 流动党员, 32 双报到
        "volunteer_activities_per_year": 30,
        "volunteer_residents_served": 2000,  # 服务居民2000余人次
        "disputes_resolved_by_volunteers": 45,
        "opinion_rounds": 4,  # 居民意见征集4次
        "opinion_participants": 11000,  # 11000人次
        "joint_meetings": 45,  # 共商联席会
        "partners_in_projects": 15,
        "flagship_projects": 8,  # 精品项目
        "general_projects": 80,  # 一般项目
        "complex_area_m2": 19000,  # 社区综合体1.9万平方米
        "health_centre_area_m2": 4000,  # 4000余平米社区卫生服务中心
        "disputes_per_year": 100,  # 年均调处矛盾纠纷100余件
        "dispute_resolution_rate_pct": 98,
        "brand_activities": 540,  # “540余长”, read as 540余场
        "activity_participants": 41000,  # 4.1万人次
        "mediators": 20,  # 20余人
        "postal_card_points": 8,  # new 邮政 points for 天府通 cards, plus 1 community point
        "community_card_points": 1,
        "visiting_delegations": 200,  # 近200批次
        "pilot_communities_nationwide": 106,  # 完整社区建设试点
    },
    # 000_… (佳宏路社区).
    "jiahonglu": {
        "founded": "2014-01-01",
        "merged_with_jingminglu": "2017-01",  # 与静明路社区合并
        "resident_population": 12375,
        "floating_population": 6748,
        "compounds": 5,
        "grids": 17,
        "micro_grids": 40,
        "compound_party_branches": 7,
        "party_members": 245,
        "dual_registered_party_members": 178,  # 双报到党员
        "committee_members": 8,  # 社区两委
        "grid_workers": 7,
        "commercial_housing_share_pct": 80,
        "time_bank_founded": 2014,
        "volunteer_teams": 7,
        "points_per_task_checkin": 50,  # 扫码签到即可获取50积分
        "time_bank_merchants": 13,  # 华西奶业、伊利奶业、红旗超市等及辖区商铺
        "alliance_founded": "2021-07-07",  # 美好家园·党建商圈联盟
        "alliance_founding_members": 7,
        "alliance_members_now": 13,
        "eco_volunteer_team": 76,  # 生态环境保护志愿服务队
        "daguan_lake_area_mu": 12,
        "meetings_since_2024_09": 8,
        "rectification_plans": 7,
        "rectifications_done": 19,
        "rectification_rate_pct": 82.6,
        "award": "2022成都市百佳示范社区",
    },
    # 001_… (督院街社区).
    "duyuanjie": {
        "compounds": 53,
        "old_compound_share_pct": 78,  # 20年以上建成
        "households_owner_occupied": 2926,
        "households_rented": 3123,
        "households_homestay": 250,  # 民宿
        "households_vacant": 1344,
        "floating_population_share_pct": 40,
        "residents_over_70": 1489,
        "dangerous_buildings": 4,  # C级 3, D级 1
        "dangerous_buildings_grade_c": 3,
        "dangerous_buildings_grade_d": 1,
        "flood_risk_points": 1,
        "grids": 18,
        "actor_kinds": 18,  # 18类治理主体
        "social_orgs": 12,
        "self_governing_orgs": 18,
        "alliance_units": 40,  # 链接40余家
        "alliance_meetings": 4,  # 党建联席会已开展4次
        "volunteers": 500,  # “春熙嬢嬢”“督院雏鹰” 500余人
        "micro_service_beneficiaries": 2000,  # “公益+”微服务 2000余人次
        "planned_trainings": 6,
        "planned_incubations": 2,  # 孵化社区社会组织/社会企业 1~2个
        "canteen_model": "公益 + 低偿/市场",  # part of the income goes to 社区微基金
    },
    # 002_… (Tianjin essay): income from outsourced community services.
    "tianjin": {
        "operator_share_pct": 70,  # 专业机构自身的发展
        "hub_incubator_share_pct": 25,  # 枢纽型社会企业升级孵化平台
        "community_fund_share_pct": 5,  # 汇入社区基金
    },
}
