"""Every page shows a clear message, never a traceback or a server path, when the build is missing, truncated or
inconsistent (issue 9). AppTest runs the real dashboard against a damaged copy of data/processed."""
import shutil

import pytest

from etl.paths import CURRENT, current_build
from tests.test_builds import edit_manifest, truncate
from tests.test_pages import PAGES, app
from tipdash.catalogue import DATA_DIR_VARIABLE

BREAKAGES = {
    "truncated_parquet": truncate,
    "manifest_without_outputs": lambda f: edit_manifest(f, lambda m: m.pop("outputs")),
    "pointer_to_missing_folder": lambda f: (f.parent.parent / CURRENT).write_text("0123456789ab\n"),
    "truncated_boundaries": lambda f: truncate(f, "boundaries_world.parquet"),
}


def all_text(at) -> str:
    parts = []
    for kind in ("error", "info", "warning", "markdown", "caption", "exception", "title", "code"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    return "\n".join(parts)


@pytest.fixture
def damaged(built, tmp_path, monkeypatch):
    """A damaged copy of the session's build, which the dashboard is configured to read."""
    def make(kind):
        target = tmp_path / kind
        shutil.copytree(built / "processed", target)
        BREAKAGES[kind](current_build(target))
        monkeypatch.setenv(DATA_DIR_VARIABLE, str(target))
        return target
    return make


@pytest.mark.parametrize("kind", sorted(BREAKAGES))
def test_damaged_build_gives_a_message_on_the_overview(damaged, kind):
    folder = damaged(kind)
    at = app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "The processed data is not available" in at.error[0].value
    assert "python -m etl" in at.error[0].value and any("python -m etl" in i.value for i in at.info)
    text = all_text(at)
    assert str(folder) not in text and "/tmp" not in text and "Traceback" not in text


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_message_for_a_truncated_table(damaged, page):
    folder = damaged("truncated_parquet")
    at = app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "truncated or changed" in at.error[0].value
    assert str(folder) not in all_text(at)


def test_a_rebuild_is_picked_up_without_restarting(built, tmp_path, monkeypatch):
    folder = tmp_path / "p"
    shutil.copytree(built / "processed", folder)
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    (folder / CURRENT).write_text("0123456789ab\n")
    assert app().error
    (folder / CURRENT).write_text(current_build(built / "processed").name + "\n")
    at = app()
    assert not at.error and not at.exception


def test_the_message_page_keeps_the_language_switch(damaged):
    damaged("pointer_to_missing_folder")
    at = app()
    switch = at.sidebar.radio(key="lang")
    assert switch.value == "en" and at.error[0].value.startswith("The processed data is not available")
    switch.set_value("ur").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value.startswith("تیار شدہ ڈیٹا دستیاب نہیں") and "python -m etl" in at.info[0].value
    assert at.query_params["lang"] == "ur"  # and the link says so
