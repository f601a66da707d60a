"""Child victims: each kind of source as its own series, by category, year, province, sex and age where present."""
from tipdash import shell
from tipdash.screens import child_victims

shell.page(child_victims.render)
