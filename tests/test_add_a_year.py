"""The analysts' workflow: fill the template, drop it in data/raw/additions/ with a sidecar, rerun the ETL."""
import io
import json
from pathlib import Path

import pandas as pd

from etl.paths import current_build
from etl.pipeline import build

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"


def test_template_rows_are_picked_up(project_copy):
    header = (TEMPLATES / "indicator_values_template.csv").read_text()
    row = ('Sindh,2025,child_trafficking_cases_police_jan_jun,37,cases,"SSDO factsheet Sindh Jan-Jun 2025 (test)",'
           'https://example.org/ssdo,"37 child trafficking cases",0-17,all,,,\n')
    (project_copy.additions).mkdir(exist_ok=True)
    (project_copy.additions / "sindh_2025.csv").write_text(header + row)
    side = json.loads((TEMPLATES / "example_addition.csv.provenance.json").read_text())
    side.update(file="sindh_2025.csv", title="SSDO factsheet (test)", producer="SSDO", licence="quoted figures",
                documents=[{"title": "SSDO factsheet Sindh Jan-Jun 2025 (test)", "producer": "SSDO, from Sindh Police data",
                            "publisher": "Example Daily", "publication_kind": "press_report", "published": "2025-09-01",
                            "licence": "Figures quoted from a news report"}])
    (project_copy.additions / "sindh_2025.csv.provenance.json").write_text(json.dumps(side))
    out = io.StringIO()
    assert build(project_copy, out=out) == 0
    assert "additions/sindh_2025.csv" in out.getvalue()
    vals = pd.read_parquet(current_build(project_copy.processed) / "indicator_values.parquet")
    new = vals[vals.raw_file.str.endswith("additions/sindh_2025.csv")]
    assert len(new) == 1
    r = new.iloc[0]
    assert (r.geo_code, r.value, r.dataset, r.raw_line) == ("PK-SD", 37.0, "additions", 2)
    assert str(r.period_end.date()) == "2025-06-30"
    assert (r.age_group, r.publication_kind, r.study_id) == ("0-17", "press_report", "doc-SSDO factsheet Sindh Jan-Jun 2025 (test)")
    srcs = pd.read_parquet(current_build(project_copy.processed) / "sources.parquet").set_index("title")
    assert srcs.at["SSDO factsheet Sindh Jan-Jun 2025 (test)", "publisher"] == "Example Daily"
    cov = pd.read_parquet(current_build(project_copy.processed) / "coverage.parquet")
    assert len(cov.query("geo_code == 'PK-SD' and year == 2025 and indicator_id == 'child_trafficking_cases_police_jan_jun'")) == 1


def test_addition_source_must_be_described(project_copy, capsys):
    """A figure whose document nobody described is refused with a message that says where to describe it."""
    header = (TEMPLATES / "indicator_values_template.csv").read_text()
    (project_copy.additions).mkdir(exist_ok=True)
    (project_copy.additions / "x.csv").write_text(header + 'Sindh,2025,child_trafficking_cases_police,3,cases,"Nobody described me",'
                                                  'https://example.org/x,"3 cases",,,,,\n')
    (project_copy.additions / "x.csv.provenance.json").write_text(json.dumps({"title": "t", "producer": "p", "licence": "l"}))
    assert build(project_copy, out=io.StringIO()) == 1
    assert 'x.csv:2 [source]: source "Nobody described me" is not in data/reference/sources.csv' in capsys.readouterr().err
