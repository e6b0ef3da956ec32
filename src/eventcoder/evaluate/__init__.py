"""Measuring eventcoder against human-coded gold data (DESIGN §6).

- `gold`: both gold forms (the CSV files of ``../shared/data`` and news articles in the JSON
  form of ``../shared/examples/*.gold.json``) read into typed records;
- `score`: pure metric functions (place, admin1, country, date, type, fatalities, matching);
- `run`: the pipeline over a gold set, scored row by row and article by article;
- `peer`: GDELT's count extraction (the ``gdelt-regkg`` package) in its own Python 3.12 venv;
- `report`: the table, the JSON report and the errors file;
- `cli`: ``eventcoder bench accuracy``.

The gold data is read at run time and never copied into the repository.
"""
