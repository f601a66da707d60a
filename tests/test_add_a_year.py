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
           'https://example.org/ssdo,"37 child trafficking cases",0-17,all,,\n')
    (project_copy.additions).mkdir(exist_ok=True)
    (project_copy.additions / "sindh_2025.csv").write_text(header + row)
    side = json.loads((TEMPLATES / "example_addition.csv.provenance.json").read_text())
    side.update(file="sindh_2025.csv", title="SSDO factsheet (test)", producer="SSDO", licence="quoted figures")
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
    cov = pd.read_parquet(current_build(project_copy.processed) / "coverage.parquet")
    assert len(cov.query("geo_code == 'PK-SD' and year == 2025 and indicator_id == 'child_trafficking_cases_police_jan_jun'")) == 1
