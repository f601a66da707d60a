"""TIP tiers: Pakistan's timeline with events, world map by year, South Asia grid, compare any country."""
from tipdash import shell
from tipdash.screens import tip_tiers

shell.page(tip_tiers.render)
