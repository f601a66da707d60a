"""Province brief: one printable page per unit (or Pakistan), in English or Urdu, with a server-made PDF."""
from tipdash import shell
from tipdash.screens import brief

shell.page(brief.render)
