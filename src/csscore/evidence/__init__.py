"""Evidence adapters: public recorded-crime data turned into likelihood grades.

- :mod:`~csscore.evidence.police_uk` reads police.uk street-level crime CSVs;
- :mod:`~csscore.evidence.home_office` reads the Home Office CSP open data (long format);
- :mod:`~csscore.evidence.grading` turns counts into rates, trends and frequency grades;
- :mod:`~csscore.evidence.fill` writes those grades into district files;
- :mod:`~csscore.cli.evidence` is the ``csscore evidence`` command group.

The mappings from source categories to issues, and the grading rules, are configuration:
``config/evidence/police-uk.toml`` and ``config/evidence/home-office.toml``.
"""
