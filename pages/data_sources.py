"""Data & sources: the analysts' explorer, coverage matrix, definitions, sources, methodology, data version."""
from tipdash import shell
from tipdash.screens import data_sources

shell.page(data_sources.render)
