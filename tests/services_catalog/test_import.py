"""import_services / import_guides / export_services, run as the real commands on real files."""

import csv
import io
import json
from io import StringIO

import pytest

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from wagtail.models import Revision

from core.localization import in_default_language
from services_catalog.importing import DATA_DIR, SERVICE_COLUMNS
from services_catalog.models import GuidePage, ServicePage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SHIPPED_SERVICES = (DATA_DIR / "services.csv").read_text(encoding="utf-8")
SHIPPED_GUIDES = json.loads((DATA_DIR / "guides.json").read_text(encoding="utf-8"))


def service_rows():
    return list(csv.DictReader(io.StringIO(SHIPPED_SERVICES)))


def write_csv(path, rows, columns=SERVICE_COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_json(path, entries):
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def run(command, path, *args):
    out, err = StringIO(), StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def fails(command, path):
    """Run an import that must fail; return its problem report and check nothing was written."""
    before = (Revision.objects.count(), list(ServicePage.objects.values_list("title", flat=True)))
    err = StringIO()
    with pytest.raises(CommandError, match="未写入任何内容"):
        call_command(command, str(path), stdout=StringIO(), stderr=err)
    assert (
        Revision.objects.count(),
        list(ServicePage.objects.values_list("title", flat=True)),
    ) == before
    return err.getvalue()


def test_reimporting_the_shipped_files_changes_nothing(tmp_path):
    revisions = Revision.objects.count()
    out = run("import_services", DATA_DIR / "services.csv")
    assert "已新建 0 项" in out and "已更新 0 项" in out and "未改动 112 项" in out
    out = run("import_guides", DATA_DIR / "guides.json")
    assert "已更新 0 项" in out and "未改动 32 项" in out
    assert Revision.objects.count() == revisions


def test_a_changed_row_becomes_one_new_published_revision(tmp_path, client):
    rows = service_rows()
    rows[0]["fee"] = "每份早餐2元"
    rows[0]["is_free"] = "否"
    page = in_default_language(ServicePage.objects).get(code=rows[0]["code"])
    revisions = page.revisions.count()
    out = run("import_services", write_csv(tmp_path / "s.csv", rows))
    assert f"已更新 1 项：{rows[0]['code']}" in out
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.fee == "每份早餐2元" and page.live and not page.has_unpublished_changes
    assert "每份早餐2元" in client.get(page.url).content.decode()


def test_new_rows_are_created_and_missing_rows_reported_not_deleted(tmp_path):
    rows = service_rows()
    new = {**rows[5], "code": "FW-113", "slug": "winter-boot-drying", "title": "冬季雪地靴烘干"}
    out = run("import_services", write_csv(tmp_path / "s.csv", [*rows[1:], new]))
    assert "已新建 1 项：FW-113" in out
    assert "未删除" in out and rows[0]["code"] in out
    assert in_default_language(ServicePage.objects).get(code="FW-113").live
    assert in_default_language(ServicePage.objects).filter(code=rows[0]["code"]).exists()


def test_dry_run_reports_without_writing(tmp_path):
    rows = service_rows()
    rows[3]["title"] = rows[3]["title"] + "（新）"
    revisions = Revision.objects.count()
    out = run("import_services", write_csv(tmp_path / "s.csv", rows), "--dry-run")
    assert f"将更新 1 项：{rows[3]['code']}" in out and "试运行" in out
    assert Revision.objects.count() == revisions
    assert not in_default_language(ServicePage.objects).filter(title=rows[3]["title"]).exists()


def test_every_problem_is_reported_with_row_and_column_and_nothing_is_written(tmp_path):
    rows = service_rows()
    rows[0]["category"] = "space-travel"  # row 2
    rows[1]["audiences"] = "老年人、外星人"  # row 3
    rows[2]["code"] = rows[3]["code"]  # row 4 duplicates row 5's code
    rows[4]["summary"] = "长" * 400  # row 6
    rows[5]["contact"] = "call me maybe"  # row 7
    rows[6]["is_free"] = "maybe"  # row 8
    rows[7]["title"] = ""  # row 9
    rows[8]["title"] = "新标题"  # a valid change that must not be written either
    report = fails("import_services", write_csv(tmp_path / "bad.csv", rows))
    assert "第2行，category：没有这个类别：“space-travel”" in report
    assert "第3行，audiences：没有这个服务对象：“外星人”" in report
    assert f"第5行，code：“{rows[3]['code']}”与第4行重复" in report
    assert "第6行，summary：太长：400 字" in report
    assert "第7行，contact：电话格式应为" in report
    assert "第8行，is_free：只能填“是”或“否”" in report
    assert "第9行，title：不能为空" in report
    assert not in_default_language(ServicePage.objects).filter(title="新标题").exists()


def test_missing_and_unknown_columns(tmp_path):
    rows = [{k: v for k, v in row.items() if k != "contact"} for row in service_rows()]
    columns = [c for c in SERVICE_COLUMNS if c != "contact"] + ["colour"]
    report = fails("import_services", write_csv(tmp_path / "bad.csv", rows, columns))
    assert "第1行（表头），contact：缺少这一列" in report
    assert "第1行（表头），colour：不认识这一列" in report


def test_malformed_files(tmp_path):
    (tmp_path / "latin1.csv").write_bytes(SHIPPED_SERVICES.encode("gb18030"))
    assert "不是 UTF-8 编码" in fails("import_services", tmp_path / "latin1.csv")
    extra = SHIPPED_SERVICES.replace("\nFW-002,", '\nFW-002,"extra",', 1)
    (tmp_path / "extra.csv").write_text(extra, encoding="utf-8")
    assert "第3行，全部：这一行的列数比表头多" in fails("import_services", tmp_path / "extra.csv")
    (tmp_path / "empty.csv").write_text(",".join(SERVICE_COLUMNS) + "\n", encoding="utf-8")
    assert "没有数据行" in fails("import_services", tmp_path / "empty.csv")
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import_services", str(tmp_path / "missing.csv"), stdout=StringIO())


def test_guide_problems_name_the_entry_and_field(tmp_path):
    guides = json.loads(json.dumps(SHIPPED_GUIDES))
    guides[0]["item_type"] = "行政审批"
    del guides[1]["hours"]
    guides[2]["materials"][0]["copies"] = "two"
    guides[3]["phone"] = "123"
    guides[4]["visits"] = 2
    guides[4]["visits_reason"] = ""
    guides[5]["slug"] = guides[6]["slug"]
    guides[7]["last_checked"] = "yesterday"
    report = fails("import_guides", write_json(tmp_path / "g.json", guides))
    assert f"第1条（{guides[0]['code']}），item_type：没有这个事项类型" in report
    assert f"第2条（{guides[1]['code']}），hours：缺少这个字段" in report
    assert "materials[1].copies：应为整数" in report
    assert f"第4条（{guides[3]['code']}），phone：电话格式应为" in report
    assert "visits_reason：需要到现场时，请说明原因" in report
    assert "slug：" in report and "重复" in report
    assert "last_checked：" in report and "YYYY-MM-DD" in report


def test_guide_json_syntax_error_gives_line_and_column(tmp_path):
    (tmp_path / "g.json").write_text('[\n {"code": "ZN-001",\n  oops}\n]', encoding="utf-8")
    report = fails("import_guides", tmp_path / "g.json")
    assert "第3行，第3列：JSON 格式错误" in report


def test_guide_update_is_a_new_revision(tmp_path):
    guides = json.loads(json.dumps(SHIPPED_GUIDES))
    guides[0]["promised_limit"] = 5
    out = run("import_guides", write_json(tmp_path / "g.json", guides))
    assert f"已更新 1 项：{guides[0]['code']}" in out
    assert (
        in_default_language(GuidePage.objects).get(code=guides[0]["code"]).promised_time_limit
        == "5个工作日"
    )
    assert "未改动 32 项" in run("import_guides", tmp_path / "g.json")


def test_export_then_import_round_trip_is_lossless(tmp_path):
    exported = tmp_path / "export.csv"
    assert "已导出 112 项" in run("export_services", exported)
    revisions = Revision.objects.count()
    assert "未改动 112 项" in run("import_services", exported)
    assert Revision.objects.count() == revisions
    again = tmp_path / "again.csv"
    run("export_services", again)
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")

    def normalised(text):
        return sorted(
            {
                **row,
                "audiences": sorted(row["audiences"].split("、")),
                "tags": sorted(row["tags"].split("、")),
            }.items()
            for row in csv.DictReader(io.StringIO(text))
        )

    assert normalised(exported.read_text(encoding="utf-8")) == normalised(SHIPPED_SERVICES)


def test_a_rule_on_a_model_field_is_enforced_with_row_and_column(tmp_path):
    """Rules live on the model fields, so the admin and the importer enforce the same ones."""
    guides = json.loads(json.dumps(SHIPPED_GUIDES))
    guides[0]["visits"] = 11
    guides[0]["visits_reason"] = "需要本人到场签字"
    guides[1]["online_url"] = "ftp://zwfw.example.cn/"
    report = fails("import_guides", write_json(tmp_path / "g.json", guides))
    assert f"第1条（{guides[0]['code']}），visits：不能大于 10" in report
    assert (
        f"第2条（{guides[1]['code']}），online_url：应为以 http:// 或 https:// 开头的网址" in report
    )
    page = in_default_language(GuidePage.objects).get(code=guides[0]["code"])
    page.visits = 11
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "visits" in error.value.message_dict

    rows = service_rows()
    rows[0]["code"] = "FW-1"
    rows[1]["fee"] = "第一行\n第二行"
    report = fails("import_services", write_csv(tmp_path / "s.csv", rows))
    assert "第2行，code：编号格式为 FW-001" in report
    assert "第3行，fee：只能是一段话，不能换行" in report


def test_a_block_rule_is_enforced_with_the_block_and_its_field(tmp_path):
    guides = json.loads(json.dumps(SHIPPED_GUIDES))
    guides[2]["materials"][1]["form"] = "扫描件"
    guides[2]["materials"][0]["copies"] = 25
    guides[3]["steps"][1]["title"] = ""
    guides[4]["materials"] = []
    report = fails("import_guides", write_json(tmp_path / "g.json", guides))
    where = f"第3条（{guides[2]['code']}）"
    assert (
        f"{where}，materials[2].form：不能是“扫描件”（可选：原件、复印件、原件和复印件）" in report
    )
    assert f"{where}，materials[1].copies：不能大于 20" in report
    assert f"第4条（{guides[3]['code']}），steps[2].title：不能为空" in report
    assert f"第5条（{guides[4]['code']}），materials：" in report
