"""Provinces: choropleth of the 7 units, ranked bars, small multiples, and sub-province figures listed apart."""
from tipdash import shell
from tipdash.screens import provinces

shell.page(provinces.render)
