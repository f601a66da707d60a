"""Overview: Pakistan at a glance — tier now and over time, headline figures, what changed."""
from tipdash import shell
from tipdash.screens import overview

shell.page(overview.render)
