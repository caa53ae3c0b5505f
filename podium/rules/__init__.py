"""The competition's rules as pure Python: no Django import anywhere below this package.

Scoring, ranking, advancement, draw, timetable and reviewer assignment live here so they
are exact (``decimal.Decimal``), fast and testable on their own.
"""
