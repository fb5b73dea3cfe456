"""What the site publishes as open data, described for the 开放数据 page: each dataset's address,
format, fields, licence and update rhythm. The fields come from the same declarations the files
are written from (the page models' `data_fields`, the HSDS collections), never retyped."""

from dataclasses import dataclass, field

from django.urls import reverse

from services_catalog.data_fields import column_about, open_data_columns

# The HSDS objects the export holds, in the order of HSDS's data package, with what each is here.
HSDS_COLLECTIONS = (
    ("organization", "组织：本站主办单位（各社区服务站的组织者）和政务服务的各实施主体"),
    ("organization_identifier", "组织的统一社会信用代码"),
    ("service", "服务：每项便民服务和每项政务服务（指南）"),
    ("required_document", "政务服务的申请材料"),
    ("location", "地点：各社区服务站，含 WGS-84 经纬度"),
    ("address", "服务站地址（城市、省区、国家 CN）"),
    ("service_at_location", "哪个服务站提供哪项便民服务、可帮代办哪项政务服务"),
    (
        "schedule",
        "时间：服务站开放时间和各站的服务时间段，按 iCalendar 规则（每周，byday 为 MO,TU…），"
        "北京时间（+08:00）",
    ),
    ("phone", "电话：服务站、服务、实施主体和热线，号码为 +86 形式"),
)
# What the read-only API takes, for its row on the page.
API_PARAMETERS = (
    (
        "type",
        "页面类型，例如 services_catalog.ServicePage（便民服务）、services_catalog.GuidePage"
        "（政务指南）、communities.CommunityPage（社区）、news.NewsPage（新闻）、news.StoryPage"
        "（志愿故事）、communities.NoticePage（通知）",
    ),
    ("fields=*", "返回该类型的全部结构化字段"),
    ("community", "只要某个社区的内容（社区网址名）"),
    ("category", "便民服务按类别筛选（类别网址名）"),
    ("limit、offset", "分页：每页最多 200 条"),
)
CHANGES_ON_PUBLISH = "编辑发布或修改内容后随即更新。"


@dataclass(frozen=True)
class Dataset:
    """One dataset as the 开放数据 page lists it."""

    slug: str
    title: str
    url: str
    format: str
    about: str
    # (name, what it holds): a file's columns, an export's collections, an API's parameters.
    fields_heading: str
    fields: list
    rhythm: str
    links: list = field(default_factory=list)


def services_columns(services):
    """The services download's columns: the import format, then the model's open-data extras."""
    return [
        *((declared.name, column_about(services, declared)) for declared in services.data_fields),
        *((column.heading, column.about) for column in open_data_columns(services)),
    ]


def guides_columns(guides):
    return [(column.heading, column.about) for column in open_data_columns(guides)]


def datasets(services, guides):
    """Every dataset, given the service and guide page models whose declarations they follow."""
    return [
        Dataset(
            slug="services-csv",
            title="便民服务目录",
            url=reverse("services_csv"),
            format="CSV（UTF-8，带 BOM，电子表格软件可直接打开）",
            about="每项便民服务一行：编号、类别、服务对象、说明、如何获得、费用、电话，"
            "以及在哪些社区、什么时间提供。前几列与目录的导入导出格式相同。",
            fields_heading="列名",
            fields=services_columns(services),
            rhythm=CHANGES_ON_PUBLISH + "社区登记或修改所提供的服务时也随之更新。",
        ),
        Dataset(
            slug="guides-csv",
            title="政务服务指南",
            url=reverse("guides_csv"),
            format="CSV（UTF-8，带 BOM，电子表格软件可直接打开）",
            about="每项政务服务一行：事项编码、实施主体、设定依据、受理条件、申请材料、办理流程、"
            "办结时限、收费、办理地点和电话。",
            fields_heading="列名",
            fields=guides_columns(guides),
            rhythm=CHANGES_ON_PUBLISH + "每份指南至少每年核对一次，见“最近核对日期”一列。",
        ),
        Dataset(
            slug="hsds",
            title="便民服务目录（HSDS 格式）",
            url=reverse("hsds_json"),
            format="JSON，Open Referral 人类服务数据规范 HSDS 3.0",
            about="整个目录按国际通行的 HSDS 3.0 规范导出，每类对象一个列表，用 id（UUID，"
            "每次导出保持不变）相互关联。另有 HSDS 的查询接口：接口说明、服务列表（分页，"
            "page、per_page）和单项服务（含组织、电话、材料、地点和时间）。",
            fields_heading="对象",
            fields=list(HSDS_COLLECTIONS),
            rhythm=CHANGES_ON_PUBLISH,
            links=[
                ("HSDS 接口说明", reverse("hsds_api")),
                ("HSDS 服务列表", reverse("hsds_services")),
            ],
        ),
        Dataset(
            slug="api",
            title="只读数据接口",
            url=reverse("wagtailapi:pages:listing"),
            format="JSON（Wagtail API v2）",
            about="本站所有已发布的公开页面：服务、指南、社区、新闻、志愿故事和通知，"
            "每个字段都可按需取用。",
            fields_heading="参数",
            fields=list(API_PARAMETERS),
            rhythm="实时：只含已发布、未设访问限制的页面。",
        ),
    ]
