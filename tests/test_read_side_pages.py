"""Every page shows a clear message, never a traceback or a server path, when the build is missing, truncated or
inconsistent (issue 9). AppTest runs the real dashboard against a damaged copy of data/processed."""
import shutil

import pytest

from etl.paths import CURRENT, current_build
from tests.test_builds import edit_manifest, truncate
from tests.test_pages import PAGES, app

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
def damaged(processed_dir, tmp_path):
    def make(kind):
        target = tmp_path / kind
        shutil.copytree(current_build(processed_dir).parent.parent, target)
        BREAKAGES[kind](current_build(target))
        return target
    return make


@pytest.mark.parametrize("kind", sorted(BREAKAGES))
def test_damaged_build_gives_a_message_on_the_overview(damaged, kind):
    folder = damaged(kind)
    at = app(_data_dir=str(folder))
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "The processed data is not available" in at.error[0].value
    assert "python -m etl" in at.error[0].value and any("python -m etl" in i.value for i in at.info)
    text = all_text(at)
    assert str(folder) not in text and "/tmp" not in text and "Traceback" not in text


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_message_for_a_truncated_table(damaged, page):
    folder = damaged("truncated_parquet")
    at = app(page, _data_dir=str(folder))
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "truncated or changed" in at.error[0].value
    assert str(folder) not in all_text(at)


def test_a_rebuild_is_picked_up_without_restarting(processed_dir, tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(current_build(processed_dir).parent.parent, folder)
    (folder / CURRENT).write_text("0123456789ab\n")
    assert app(_data_dir=str(folder)).error
    (folder / CURRENT).write_text(current_build(processed_dir).name + "\n")
    at = app(_data_dir=str(folder))
    assert not at.error and not at.exception
