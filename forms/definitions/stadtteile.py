"""Kassel's 23 Stadtteile, the allow-list for forms, dates and the Bürgerrat's quotas.

Official list of the city of Kassel (Stadtteile 01–23, in the city's numbering); written as the
city writes them, so a value is the same in a form, a date's place and a quota file.
"""

STADTTEILE = (
    "Mitte",
    "Südstadt",
    "Vorderer Westen",
    "Wehlheiden",
    "Bad Wilhelmshöhe",
    "Brasselsberg",
    "Süsterfeld-Helleböhn",
    "Harleshausen",
    "Kirchditmold",
    "Rothenditmold",
    "Nord-Holland",
    "Philippinenhof-Warteberg",
    "Fasanenhof",
    "Wesertor",
    "Wolfsanger-Hasenhecke",
    "Bettenhausen",
    "Forstfeld",
    "Waldau",
    "Niederzwehren",
    "Oberzwehren",
    "Nordshausen",
    "Jungfernkopf",
    "Unterneustadt",
)
